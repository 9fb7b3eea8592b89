// Package events owns events ("møteplasser"), registrations with seats, company caps and the
// waitlist, and the iCalendar output of events.
package events

import (
	"net/url"
	"time"

	"klyngeportalen/internal/domain"
)

// Errors of this package, mapped to HTTP once in web.
var (
	ErrNotFound  = domain.New(domain.NotFound, "events: not found")
	ErrForbidden = domain.New(domain.Forbidden, "events: not allowed")
)

// Refusal is a registration or cancellation the rules refuse; Message is the Norwegian reason.
type Refusal struct{ Message string }

func (r *Refusal) Error() string { return "events: refused: " + r.Message }

// refuse returns a Refusal with msg.
func refuse(msg string) error { return &Refusal{Message: msg} }

// Kinds of event, with their Norwegian names.
var Kinds = []struct{ Value, Label string }{
	{"workshop", "Workshop"},
	{"seminar", "Seminar"},
	{"konferanse", "Konferanse"},
	{"nettverkssamling", "Nettverkssamling"},
	{"webinar", "Webinar"},
	{"mote", "Møte"},
}

// KindLabel is the Norwegian name of kind.
func KindLabel(kind string) string {
	for _, k := range Kinds {
		if k.Value == kind {
			return k.Label
		}
	}
	return kind
}

// Event statuses.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusCancelled = "cancelled"
)

// Registration statuses.
const (
	Confirmed  = "confirmed"
	Waitlisted = "waitlisted"
	Cancelled  = "cancelled"
)

// Event is an event with its seat counts and the viewer's own registration.
type Event struct {
	ID                   int64      `db:"id"`
	Title                string     `db:"title"`
	Kind                 string     `db:"kind"`
	DescriptionMD        string     `db:"description_md"`
	DescriptionHTML      string     `db:"description_html"`
	StartsAt             time.Time  `db:"starts_at"`
	EndsAt               time.Time  `db:"ends_at"`
	Place                string     `db:"place"`
	OnlineURL            string     `db:"online_url"` // "" unless the viewer is confirmed (or a cluster admin)
	HasOnline            bool       `db:"has_online"` // the event has a meeting link
	Address              string     `db:"address"`
	TravelNotes          string     `db:"travel_notes"`
	AccommodationNotes   string     `db:"accommodation_notes"`
	Sequence             int        `db:"sequence"` // the iCalendar SEQUENCE, raised by each change of time or place
	OrganiserCompanyID   *int64     `db:"organiser_company_id"`
	OrganiserName        *string    `db:"organiser_name"`
	FocusAreaID          *int16     `db:"focus_area_id"`
	FocusAreaName        *string    `db:"focus_area_name"`
	TopicID              *int16     `db:"topic_id"`
	TopicName            *string    `db:"topic_name"`
	Capacity             *int32     `db:"capacity"`
	CompanyCap           *int32     `db:"company_cap"`
	RegistrationOpensAt  *time.Time `db:"registration_opens_at"`
	RegistrationClosesAt *time.Time `db:"registration_closes_at"`
	CancellationDeadline *time.Time `db:"cancellation_deadline"`
	Question             string     `db:"question"`
	GroupID              *int64     `db:"group_id"`
	OpenTo               []string   `db:"open_to"` // owner and/or partner: opened to them besides the members
	GroupName            *string    `db:"group_name"`
	Status               string     `db:"status"`
	UpdatedAt            time.Time  `db:"updated_at"`
	ConfirmedCount       int        `db:"confirmed_count"`
	WaitlistCount        int        `db:"waitlist_count"`
	MyStatus             *string    `db:"my_status"`   // the viewer's live registration, if any
	MyPosition           *int       `db:"my_position"` // the viewer's place on the waitlist
	Agenda               string     `db:"-"`           // the programme as text, for the .ics description
}

// MapURL is a link to the address (or the place) on OpenStreetMap, or "" when there is neither.
func (e Event) MapURL() string {
	q := e.Address
	if q == "" {
		return ""
	}
	return "https://www.openstreetmap.org/search?query=" + url.QueryEscape(q)
}

// SeatsLeft is how many seats are free, or -1 when the event has no capacity limit.
func (e Event) SeatsLeft() int {
	if e.Capacity == nil {
		return -1
	}
	return max(0, int(*e.Capacity)-e.ConfirmedCount)
}

// Past reports whether the event has started by now.
func (e Event) Past(now time.Time) bool { return !e.StartsAt.After(now) }

// RegistrationOpen reports whether registration is open at now, and otherwise why not.
func (e Event) RegistrationOpen(now time.Time) (bool, string) {
	switch {
	case e.Status == StatusCancelled:
		return false, "Arrangementet er avlyst."
	case e.Status != StatusPublished:
		return false, "Arrangementet er ikke publisert ennå."
	case e.Past(now):
		return false, "Arrangementet har allerede startet eller er over."
	case e.RegistrationOpensAt != nil && now.Before(*e.RegistrationOpensAt):
		return false, "Påmeldingen har ikke åpnet ennå."
	case e.RegistrationClosesAt != nil && !now.Before(*e.RegistrationClosesAt):
		return false, "Påmeldingsfristen er ute."
	}
	return true, ""
}

// CanCancel reports whether a confirmed registration may still be cancelled at now.
func (e Event) CanCancel(now time.Time) bool {
	return !e.Past(now) && (e.CancellationDeadline == nil || now.Before(*e.CancellationDeadline))
}

// Attendee is a live registration as the attendee list shows it.
type Attendee struct {
	RegistrationID int64      `db:"id"`
	UserID         int64      `db:"user_id"`
	Name           string     `db:"name"`
	Email          string     `db:"email"`
	CompanyID      int64      `db:"company_id"`
	CompanyName    string     `db:"company_name"`
	CompanyShort   string     `db:"company_short"` // for lists: the short name, or the name
	Status         string     `db:"status"`
	Answer         string     `db:"answer"`
	CreatedAt      time.Time  `db:"created_at"`
	CheckedInAt    *time.Time `db:"checked_in_at"`
	Position       int        `db:"position"` // place on the waitlist, 0 when confirmed
}

// Colleague is someone of a company admin's company and their status at an event.
type Colleague struct {
	UserID int64   `db:"id"`
	Name   string  `db:"name"`
	Status *string `db:"status"`
}

// Result is the outcome of a registration.
type Result struct {
	Status   string
	Position int // place on the waitlist
}
