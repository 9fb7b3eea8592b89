// Package events holds the pages of events: the list, an event, the form, the organiser's tools
// and the calendar subscription.
package events

import (
	"strconv"
	"time"

	evs "klyngeportalen/internal/events"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/tz"
	"klyngeportalen/web/components"
	docview "klyngeportalen/web/documents"
	"klyngeportalen/web/format"
)

// ListPage is the list of coming (or past) events with its filters.
type ListPage struct {
	Past     bool
	Events   []evs.Event
	Kinds    []components.Option
	Areas    []components.Option
	Month    string // "2026-06" or ""
	NextURL  string
	Admin    bool
	Filtered bool
}

// EventPage is one event with registration and the attendee list.
type EventPage struct {
	Event      evs.Event
	Confirmed  []evs.Attendee // name and company of everyone confirmed
	MyCompany  []evs.Attendee // everyone of the viewer's company, confirmed or waiting
	CompanyAdm bool           // the viewer may register colleagues
	Admin      bool
	Open       bool
	Why        string // why registration is closed
	CanCancel  bool
	Refusal    string // why the last registration or cancellation was refused
	Answer     string
	Errors     components.Errors
	Plan       []plan.PlanLink    // the årshjul's activities that link to the event
	Materials  docview.LinkedList // the documents tied to the event
}

// planDates writes an activity's span: "5. juni 2026" or "5. juni 2026 – 7. august 2026".
func planDates(a plan.PlanLink) string {
	if a.StartsOn.Equal(a.EndsOn) {
		return format.Date(a.StartsOn)
	}
	return format.Date(a.StartsOn) + " – " + format.Date(a.EndsOn)
}

// FormPage is the event form, new (ID 0) or existing.
type FormPage struct {
	ID        int64
	Input     evs.Input
	Errors    components.Errors
	Kinds     []components.Option
	Companies []components.Option
	Areas     []components.Option
	Topics    []components.Option
	Groups    []components.Option
}

// AttendeesPage is the organiser's list with check-in, export and mail to all.
type AttendeesPage struct {
	Event     evs.Event
	Attendees []evs.Attendee
	Subject   string
	Body      string
	Errors    components.Errors
}

// CalendarPage is the calendar subscription: the personal and cluster feed addresses.
type CalendarPage struct {
	HasToken    bool
	PersonalURL string // shown once, right after the token is made
	ClusterURL  string
	EventsURL   string
}

var oslo = tz.Oslo

// When writes the event's time: "5. juni 2026 kl. 09.30–11.00", or both dates over several days.
func When(e evs.Event) string {
	s, end := e.StartsAt.In(oslo), e.EndsAt.In(oslo)
	if s.YearDay() == end.YearDay() && s.Year() == end.Year() {
		return format.DateTime(s) + "–" + clock(end)
	}
	return format.DateTime(s) + " – " + format.DateTime(end)
}

func clock(t time.Time) string {
	t = t.In(oslo)
	return pad(t.Hour()) + "." + pad(t.Minute())
}

func pad(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Seats writes the seats: "12 av 40 plasser igjen", "Fullt" or that there is no limit.
func Seats(e evs.Event) string {
	switch left := e.SeatsLeft(); {
	case left < 0:
		return "Ingen begrensning på antall plasser"
	case left == 0:
		return "Fullt – 0 av " + strconv.Itoa(int(*e.Capacity)) + " plasser igjen"
	default:
		return strconv.Itoa(left) + " av " + strconv.Itoa(int(*e.Capacity)) + " plasser igjen"
	}
}

// MyStatus writes the viewer's status: "Du er påmeldt", "Du står på venteliste som nr. 3" or "".
func MyStatus(e evs.Event) string {
	switch {
	case e.MyStatus == nil:
		return ""
	case *e.MyStatus == evs.Confirmed:
		return "Du er påmeldt"
	case e.MyPosition != nil:
		return "Du står på venteliste som nr. " + strconv.Itoa(*e.MyPosition)
	}
	return "Du står på venteliste"
}

// URL is the event's address.
func URL(e evs.Event) string { return "/arrangementer/" + strconv.FormatInt(e.ID, 10) }

func id(n int64) string { return strconv.FormatInt(n, 10) }

func itoa(n int) string { return strconv.Itoa(n) }

// StatusLabel is a registration status in Norwegian.
func StatusLabel(a evs.Attendee) string {
	if a.Status == evs.Confirmed {
		return "Påmeldt"
	}
	return "Venteliste nr. " + strconv.Itoa(a.Position)
}

func statusOf(c evs.Colleague) string {
	switch {
	case c.Status == nil:
		return ""
	case *c.Status == evs.Confirmed:
		return "påmeldt"
	}
	return "på venteliste"
}

// registeredColleagues are the colleagues registered or on the waitlist.
func registeredColleagues(all []evs.Colleague) []evs.Colleague {
	var out []evs.Colleague
	for _, c := range all {
		if c.Status != nil {
			out = append(out, c)
		}
	}
	return out
}

// otherColleagues are the colleagues not registered, for the select that registers one.
func otherColleagues(all []evs.Colleague) []evs.Colleague {
	var out []evs.Colleague
	for _, c := range all {
		if c.Status == nil {
			out = append(out, c)
		}
	}
	return out
}
