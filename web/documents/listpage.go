package documents

import (
	"net/url"
	"strconv"

	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/plan"
	"klyngeportalen/web/components"
)

// NewListPage is the list page of f: one page of docs (more when there is a next one), the
// filters' choices with f's selected, and the links to the next and the first page.
func NewListPage(f documents.Filter, docs []documents.Document, more bool, areas []plan.FocusArea, companies []members.Company, thisYear int) ListPage {
	page := ListPage{Filter: f, Documents: docs}
	page.Sources = []components.Option{{Value: "", Label: "Alle dokumenter"}}
	for _, so := range documents.SourceOrder {
		page.Sources = append(page.Sources, components.Option{Value: so, Label: documents.SourceLabel(so), Selected: so == f.Source})
	}
	page.FocusAreas = []components.Option{{Value: "", Label: "Alle satsingsområder"}}
	page.Topics = []components.Option{{Value: "", Label: "Alle temaer"}}
	for _, a := range areas {
		page.FocusAreas = append(page.FocusAreas, components.Option{Value: a.Slug, Label: a.Name, Selected: a.Slug == f.FocusArea})
		for _, t := range a.Topics {
			page.Topics = append(page.Topics, components.Option{Value: t.Slug, Label: t.Name, Selected: t.Slug == f.Topic})
		}
	}
	page.Companies = []components.Option{{Value: "", Label: "Alle selskaper"}}
	for _, c := range companies {
		page.Companies = append(page.Companies, components.Option{Value: c.Slug, Label: c.Name, Selected: c.Slug == f.Company})
	}
	page.Kinds = []components.Option{{Value: "", Label: "Alle typer"}}
	for _, k := range documents.Kinds {
		page.Kinds = append(page.Kinds, components.Option{Value: k.Value, Label: k.Label, Selected: k.Value == f.Kind})
	}
	page.Years = []components.Option{{Value: "", Label: "Alle år"}}
	for y := thisYear; y >= 2023; y-- {
		page.Years = append(page.Years, components.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == f.Year})
	}
	for _, so := range documents.SortOrder {
		if so == "relevans" && f.Query == "" {
			continue
		}
		page.Sorts = append(page.Sorts, components.Option{Value: so, Label: documents.SortLabel(so), Selected: so == f.Sort})
	}
	base := url.Values{}
	for k, v := range map[string]string{"q": f.Query, "fokus": f.FocusArea, "tema": f.Topic, "tagg": f.Tag, "selskap": f.Company, "type": f.Kind, "kilde": f.Source, "sortering": f.Sort} {
		if v != "" {
			base.Set(k, v)
		}
	}
	if f.Year != 0 {
		base.Set("ar", strconv.Itoa(f.Year))
	}
	if f.Event != 0 {
		base.Set("arrangement", strconv.FormatInt(f.Event, 10))
	}
	if more {
		last := docs[len(docs)-1]
		next := url.Values{}
		for k, v := range base {
			next[k] = v
		}
		next.Set("etter", keyset.Format(last.ID, last.SortKey))
		page.NextURL = "/dokumenter?" + next.Encode()
	}
	if f.After != nil {
		page.FirstURL = "/dokumenter?" + base.Encode()
	}
	return page
}
