// Package consultations holds the pages of the cluster's consultation responses (høringer).
package consultations

import (
	"strconv"
	"strings"
	"time"

	"klyngeportalen/internal/consultations"
	"klyngeportalen/web/components"
	docview "klyngeportalen/web/documents"
	"klyngeportalen/web/format"
)

// ListPage is the list of consultations being worked on.
type ListPage struct {
	Current   []consultations.Consultation
	Recent    []consultations.Consultation // the latest sent or closed ones
	CanCreate bool                         // the viewer is a cluster admin
}

// ArchivePage is one page of the searchable archive.
type ArchivePage struct {
	Query    string
	Items    []consultations.Consultation
	NextURL  string // the next page, or empty
	FirstURL string // back to the first page when not on it
}

// Page is one consultation with everything the members do with it.
type Page struct {
	C            consultations.Consultation
	Parts        []consultations.CompanyPart
	Comments     []consultations.Comment
	Now          time.Time
	CompanyID    int64 // the viewer's company
	CompanyName  string
	CanEdit      bool // cluster admin
	CanTakeStand bool // the viewer may mark the stand of their company
	Input        TextForm
	Comment      TextForm
	Refused      string             // why the viewer's last submission was not saved, or empty
	Documents    docview.LinkedList // the documents tied to the consultation
}

// TextForm is a form of one text field with its message.
type TextForm struct {
	Value string
	Error string
}

// FormPage registers (ID 0) or edits a consultation.
type FormPage struct {
	ID         int64
	Form       consultations.Form
	Errors     components.Errors
	FocusAreas []components.Option
}

// Own returns the viewer's company's part.
func (p Page) Own() consultations.CompanyPart {
	for _, part := range p.Parts {
		if part.CompanyID == p.CompanyID {
			return part
		}
	}
	return consultations.CompanyPart{CompanyID: p.CompanyID, CompanyName: p.CompanyName}
}

// WithInput returns the companies that have given input.
func (p Page) WithInput() []consultations.CompanyPart {
	var out []consultations.CompanyPart
	for _, part := range p.Parts {
		if part.InputHTML != nil {
			out = append(out, part)
		}
	}
	return out
}

// WithoutInput names the companies that have not given input.
func (p Page) WithoutInput() string {
	var names []string
	for _, part := range p.Parts {
		if part.InputHTML == nil {
			names = append(names, part.CompanyName)
		}
	}
	return strings.Join(names, ", ")
}

// Backers names the companies that stand behind the response.
func (p Page) Backers() []string {
	var names []string
	for _, part := range p.Parts {
		if part.StandsBehind != nil && *part.StandsBehind {
			names = append(names, part.CompanyName)
		}
	}
	return names
}

func statusColor(s consultations.Status) string {
	switch s {
	case consultations.StatusOpen:
		return "success"
	case consultations.StatusInProgress:
		return "info"
	case consultations.StatusSent:
		return "accent"
	}
	return "neutral"
}

func stanceText(part consultations.CompanyPart) string {
	switch {
	case part.StandsBehind == nil:
		return "Har ikke tatt stilling"
	case *part.StandsBehind:
		return "Stiller seg bak"
	}
	return "Stiller seg ikke bak"
}

func stanceColor(part consultations.CompanyPart) string {
	switch {
	case part.StandsBehind == nil:
		return "neutral"
	case *part.StandsBehind:
		return "success"
	}
	return "warning"
}

func url(c consultations.Consultation) string { return "/horinger/" + strconv.FormatInt(c.ID, 10) }

func formAction(p FormPage) string {
	if p.ID == 0 {
		return "/horinger/ny"
	}
	return "/horinger/" + strconv.FormatInt(p.ID, 10) + "/rediger"
}

func statusOptions(selected string) []components.Option {
	var out []components.Option
	for _, s := range consultations.Statuses {
		out = append(out, components.Option{Value: string(s), Label: s.Label(), Selected: string(s) == selected})
	}
	return out
}

func date(t time.Time) string     { return format.Date(t) }
func dateTime(t time.Time) string { return format.DateTime(t) }
func countText(n int) string      { return strconv.Itoa(n) }

// companies is "1 selskap" or "3 selskaper" (the plural the portal uses everywhere).
func companies(n int) string {
	if n == 1 {
		return "1 selskap"
	}
	return strconv.Itoa(n) + " selskaper"
}
func deref(s *string) string {
	if s == nil {
		return "ukjent"
	}
	return *s
}

func textErrors(field string, f TextForm) map[string]string {
	if f.Error == "" {
		return nil
	}
	return map[string]string{field: f.Error}
}
