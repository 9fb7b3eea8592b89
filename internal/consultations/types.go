// Package consultations owns the cluster's joint consultation responses (høringer) with the
// member companies' input. (News and success stories are internal/news.)
package consultations

import (
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/domain"
)

// Errors of this package, mapped to HTTP once in web.
var (
	ErrNotFound  = domain.New(domain.NotFound, "consultations: not found")
	ErrForbidden = domain.New(domain.Forbidden, "consultations: not allowed")
	// ErrClosed: the consultation no longer takes this (the internal deadline has passed, or
	// the response is sent).
	ErrClosed = domain.New(domain.Conflict, "consultations: closed for this")
)

// Status is where a consultation is in its course.
type Status string

// The statuses, in their order.
const (
	StatusOpen       Status = "open"
	StatusInProgress Status = "in_progress"
	StatusSent       Status = "sent"
	StatusClosed     Status = "closed"
)

// Statuses lists every status in order.
var Statuses = []Status{StatusOpen, StatusInProgress, StatusSent, StatusClosed}

// Label is the status in Norwegian.
func (s Status) Label() string {
	switch s {
	case StatusOpen:
		return "Åpen for innspill"
	case StatusInProgress:
		return "Under arbeid"
	case StatusSent:
		return "Sendt"
	case StatusClosed:
		return "Avsluttet"
	}
	return string(s)
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Current reports whether the consultation is still being worked on (not in the archive).
func (s Status) Current() bool { return s == StatusOpen || s == StatusInProgress }

// Consultation is a public consultation the cluster answers jointly.
type Consultation struct {
	ID                int64      `db:"id"`
	Title             string     `db:"title"`
	Authority         string     `db:"authority"`
	Link              string     `db:"link"`
	AuthorityDeadline time.Time  `db:"authority_deadline"`
	InputDeadline     time.Time  `db:"input_deadline"`
	FocusAreaID       int16      `db:"focus_area_id"`
	FocusArea         string     `db:"focus_area"`
	Status            Status     `db:"status"`
	Summary           string     `db:"summary"`
	DraftMD           string     `db:"draft_md"`
	DraftHTML         string     `db:"draft_html"`
	FinalMD           string     `db:"final_md"`
	FinalHTML         string     `db:"final_html"`
	SentOn            *time.Time `db:"sent_on"`
	UpdatedAt         time.Time  `db:"updated_at"`
	InputCount        int        `db:"input_count"`
}

// TakesInput reports whether companies may still give or edit their input at now.
func (c Consultation) TakesInput(now time.Time) bool {
	return c.Status == StatusOpen && now.Before(c.InputDeadline)
}

// TakesStances reports whether companies may comment on and take a stand on the draft.
func (c Consultation) TakesStances() bool { return c.Status.Current() && c.DraftHTML != "" }

// CompanyPart is one member company's part in a consultation: its input and its stand.
type CompanyPart struct {
	CompanyID    int64      `db:"company_id"`
	CompanySlug  string     `db:"company_slug"`
	CompanyName  string     `db:"company_name"`
	InputMD      *string    `db:"input_md"`
	InputHTML    *string    `db:"input_html"`
	InputAuthor  *string    `db:"input_author"`
	InputAt      *time.Time `db:"input_at"`
	StandsBehind *bool      `db:"stands_behind"`
	DecidedBy    *string    `db:"decided_by"`
	DecidedAt    *time.Time `db:"decided_at"`
}

// Comment is a member's comment on the draft response.
type Comment struct {
	ID          int64     `db:"id"`
	AuthorName  *string   `db:"author_name"`
	CompanyName *string   `db:"company_name"`
	Body        string    `db:"body"`
	CreatedAt   time.Time `db:"created_at"`
}

// Deadline is an open consultation on the dashboard: its internal deadline and whether the
// user's company has given its input.
type Deadline struct {
	ID            int64     `db:"id"`
	Title         string    `db:"title"`
	Authority     string    `db:"authority"`
	InputDeadline time.Time `db:"input_deadline"`
	HasInput      bool      `db:"has_input"`
}

// CanTakeStand reports whether u may mark whether their company stands behind a response:
// the company's admins and its directors (members of the directors' forum).
func CanTakeStand(u *auth.User) bool {
	return u != nil && (u.Role == auth.RoleCompanyAdmin || u.InGroup(auth.GroupDirectors))
}
