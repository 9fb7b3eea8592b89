package events

import (
	"net/url"
	"strconv"

	evs "klyngeportalen/internal/events"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/plan"
	"klyngeportalen/web/components"
)

// NewListPage is the list page at path of one page of events (more when there is a next one)
// found with f, area and month being the filters as the address gave them.
func NewListPage(past bool, list []evs.Event, more bool, f evs.Filter, area, month string, areas []plan.FocusArea, path string) ListPage {
	p := ListPage{Past: past, Events: list, Month: month, Filtered: f.Kind != "" || f.FocusArea != 0 || month != ""}
	p.Kinds = []components.Option{{Value: "", Label: "Alle typer"}}
	for _, k := range evs.Kinds {
		p.Kinds = append(p.Kinds, components.Option{Value: k.Value, Label: k.Label, Selected: k.Value == f.Kind})
	}
	p.Areas = []components.Option{{Value: "", Label: "Alle satsingsområder"}}
	for _, a := range areas {
		p.Areas = append(p.Areas, components.Option{Value: strconv.Itoa(int(a.ID)), Label: a.Name, Selected: a.ID == f.FocusArea})
	}
	if more {
		last := list[len(list)-1]
		next := url.Values{}
		for k, v := range map[string]string{"type": f.Kind, "omrade": area, "maned": month} {
			if v != "" {
				next.Set(k, v)
			}
		}
		next.Set("etter", keyset.Format(last.StartsAt, last.ID))
		p.NextURL = path + "?" + next.Encode()
	}
	return p
}
