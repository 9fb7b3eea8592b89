// Package documents holds the pages of the kunnskapsbank.
package documents

import (
	"encoding/hex"
	"strconv"
	"strings"

	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/plan"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
)

// ListPage is the list of documents with its filters and one page of results.
type ListPage struct {
	Filter     documents.Filter
	Documents  []documents.Document
	FocusAreas []components.Option
	Topics     []components.Option
	Companies  []components.Option
	Kinds      []components.Option
	Years      []components.Option
	Sorts      []components.Option
	Sources    []components.Option
	EventTitle string // the event whose materials the list shows, when filtered by one
	NextURL    string
	FirstURL   string
	CanRestore bool // the viewer may see the deleted documents
}

// DocumentPage is one document with its versions.
type DocumentPage struct {
	Document documents.Document
	Versions []documents.Version
	CanEdit  bool
	Version  VersionForm
}

// VersionForm is the form for a new version.
type VersionForm struct {
	Note   string
	Errors components.Errors
}

// Form is the upload form, or the metadata form of an existing document.
type Form struct {
	Document   *documents.Document // nil when uploading a new one
	Input      documents.Input
	FocusAreas []components.Option
	Topics     []TopicGroup
	Companies  []components.Option // only for cluster admins, who choose the owner
	OwnCompany string
	Groups     []components.Option
	// The events and consultations the document can be tied to.
	Events        []components.Option
	Consultations []components.Option
	Projects      []components.Option
	Errors        components.Errors
}

// TopicGroup is the topics of one focus area, as an optgroup.
type TopicGroup struct {
	Label   string
	Options []components.Option
}

// FocusOptions makes the focus area and topic choices with focus and topic (ids) selected.
func FocusOptions(areas []plan.FocusArea, focus, topic string) ([]components.Option, []TopicGroup) {
	fo := []components.Option{{Value: "", Label: "Ikke valgt"}}
	var groups []TopicGroup
	for _, a := range areas {
		id := strconv.Itoa(int(a.ID))
		fo = append(fo, components.Option{Value: id, Label: a.Name, Selected: id == focus})
		g := TopicGroup{Label: a.Name}
		for _, t := range a.Topics {
			tid := strconv.Itoa(int(t.ID))
			g.Options = append(g.Options, components.Option{Value: tid, Label: t.Name, Selected: tid == topic})
		}
		groups = append(groups, g)
	}
	return fo, groups
}

func idString(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

func threadURL(d documents.Document) string {
	return "/forum/" + deref(d.ForumSlug) + "/" + idString(d.ThreadID)
}

func docURL(d documents.Document) string { return "/dokumenter/" + strconv.FormatInt(d.ID, 10) }

func downloadURL(d documents.Document) string { return docURL(d) + "/last-ned" }

func versionURL(d documents.Document, v documents.Version) string {
	return docURL(d) + "/versjoner/" + strconv.Itoa(v.Number) + "/last-ned"
}

// typeLabel is the name of the type with mime.
func typeLabel(mime string) string {
	if t, ok := documents.TypeOf(mime); ok {
		return t.Label
	}
	return "Fil"
}

func inline(mime string) bool { t, ok := documents.TypeOf(mime); return ok && t.Inline }

// Size writes a file size the Norwegian way: 850 byte, 12 kB, 3,4 MB.
func Size(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " byte"
	case n < 1000*1000:
		return strconv.FormatInt((n+500)/1000, 10) + " kB"
	}
	mb := strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)
	return strings.Replace(mb, ".", ",", 1) + " MB"
}

func fullHash(b []byte) string { return hex.EncodeToString(b) }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func date(d documents.Document) string { return format.Date(d.UpdatedAt) }

func tagURL(t string) string { return "/dokumenter?tagg=" + urlQuery(t) }

func urlQuery(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '-' || c == '_' || c == '.' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}

func errorSummary(errs components.Errors) []components.ErrorItem {
	return components.Summary(errs, "file=Fil", "title=Tittel", "description=Beskrivelse", "focus_area=Satsingsområde", "topic=Tema", "tags=Stikkord",
		"company=Eier", "group=Hvem kan se dokumentet", "open_to=Åpne også for", "event=Arrangement", "thread=Forumtråd", "consultation=Høring", "project=Prosjekt", "note=Merknad til versjonen")
}

func restoreDays() string { return strconv.Itoa(documents.RestoreDays) }

func deletedAt(d documents.Document) string {
	if d.DeletedAt == nil {
		return ""
	}
	return format.DateTime(*d.DeletedAt)
}

// LinkedList is the documents tied to an event, thread or consultation, shown on its page.
type LinkedList struct {
	Heading     string
	Documents   []documents.Document
	MoreURL     string // the full list, when there are more than the page shows
	UploadURL   string // the upload form with the tie filled in; empty for those who may not upload
	UploadLabel string
}
