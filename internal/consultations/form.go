package consultations

import (
	"strconv"
	"time"

	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/tz"
	"klyngeportalen/internal/validate"
)

// Form is what a cluster admin types to register or update a consultation; dates are
// "2026-06-05", the internal deadline "2026-06-05T12:00" in Norwegian time.
type Form struct {
	Title, Authority, Link, AuthorityDeadline, InputDeadline, FocusArea, Status string
	Summary, Draft, Final, SentOn                                               string
}

// FormOf fills a form from a stored consultation, for editing.
func FormOf(c Consultation) Form {
	f := Form{
		Title: c.Title, Authority: c.Authority, Link: c.Link,
		AuthorityDeadline: c.AuthorityDeadline.Format(time.DateOnly),
		InputDeadline:     c.InputDeadline.In(oslo()).Format("2006-01-02T15:04"),
		FocusArea:         strconv.Itoa(int(c.FocusAreaID)), Status: string(c.Status),
		Summary: c.Summary, Draft: c.DraftMD, Final: c.FinalMD,
	}
	if c.SentOn != nil {
		f.SentOn = c.SentOn.Format(time.DateOnly)
	}
	return f
}

// checked is a validated form.
type checked struct {
	title, authority, link, summary, draft, final string
	authorityDeadline, inputDeadline              time.Time
	focusArea                                     int16
	status                                        Status
	sentOn                                        *time.Time
}

func (f Form) check() (checked, error) {
	e := validate.Errors{}
	c := checked{
		title:     e.Text("title", f.Title, 3, 200, false),
		authority: e.Text("authority", f.Authority, 2, 200, false),
		link:      e.URL("link", f.Link),
		summary:   e.Text("summary", f.Summary, 0, 2000, true),
		draft:     e.Text("draft", f.Draft, 0, markdown.MaxLength, true),
		final:     e.Text("final", f.Final, 0, markdown.MaxLength, true),
		status:    Status(f.Status),
	}
	c.authorityDeadline = date(e, "authority_deadline", f.AuthorityDeadline, true)
	if t, err := time.ParseInLocation("2006-01-02T15:04", f.InputDeadline, oslo()); err != nil {
		e.Add("input_deadline", "Skriv fristen for innspill som dato og klokkeslett, for eksempel 2026-06-05T12:00.")
	} else {
		c.inputDeadline = t
	}
	if n, err := strconv.ParseInt(f.FocusArea, 10, 16); err != nil || n < 1 {
		e.Add("focus_area", "Velg et satsingsområde.")
	} else {
		c.focusArea = int16(n)
	}
	if !c.status.Valid() {
		e.Add("status", "Velg en status.")
	}
	if t := date(e, "sent_on", f.SentOn, false); !t.IsZero() {
		c.sentOn = &t
	}
	if c.status == StatusSent {
		if c.sentOn == nil {
			e.Add("sent_on", "Skriv datoen svaret ble sendt.")
		}
		if c.final == "" {
			e.Add("final", "Skriv det endelige høringssvaret før du markerer det som sendt.")
		}
	}
	if !c.authorityDeadline.IsZero() && !c.inputDeadline.IsZero() && c.inputDeadline.After(c.authorityDeadline.AddDate(0, 0, 1)) {
		e.Add("input_deadline", "Den interne fristen må være før høringsfristen.")
	}
	return c, e.Err()
}

// date parses a "2026-06-05" date of field; an empty optional one gives the zero time.
func date(e validate.Errors, field, s string, required bool) time.Time {
	s = e.Text(field, s, 0, 10, false)
	if s == "" {
		if required {
			e.Add(field, "Skriv en dato, for eksempel 2026-06-05.")
		}
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, oslo())
	if err != nil || t.Year() < 2000 || t.Year() > 2100 {
		e.Add(field, "Skriv en gyldig dato, for eksempel 2026-06-05.")
		return time.Time{}
	}
	return t
}

// oslo is Norwegian time.
func oslo() *time.Location { return tz.Oslo }
