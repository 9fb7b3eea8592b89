// Package meetings owns the meetings of the governing groups (direktørforum, styringsgruppen):
// the invitation and attendance, the agenda of numbered cases with their papers, the minutes
// and their approval, the decision register and the follow-up actions.
package meetings

import (
	"fmt"
	"time"

	"klyngeportalen/internal/domain"
)

// Errors of this package, mapped to HTTP once in web.
var (
	ErrNotFound  = domain.New(domain.NotFound, "meetings: not found")
	ErrForbidden = domain.New(domain.Forbidden, "meetings: not allowed")
	// ErrLocked is an edit of minutes that are approved and locked.
	ErrLocked = domain.New(domain.Conflict, "meetings: the minutes are approved and locked")
)

// LockedMessage is what the user reads when an edit of locked minutes is refused.
const LockedMessage = "Protokollen er godkjent og låst. Saker, referat og vedtak i møtet kan ikke endres lenger."

// Refusal is an action the rules refuse; Message is the Norwegian reason.
type Refusal struct{ Message string }

func (r *Refusal) Error() string { return "meetings: refused: " + r.Message }

func refuse(msg string) error { return &Refusal{Message: msg} }

// Attendance answers.
const (
	Coming    = "kommer"
	NotComing = "kommer_ikke"
	Deputy    = "vara"
)

// AnswerLabel is the Norwegian name of an attendance answer.
func AnswerLabel(a string) string {
	switch a {
	case Coming:
		return "Kommer"
	case NotComing:
		return "Kommer ikke"
	case Deputy:
		return "Vara møter"
	}
	return "Ikke svart"
}

// Kinds of case, with their Norwegian names.
var Kinds = []struct{ Value, Label string }{
	{"vedtak", "Vedtakssak"},
	{"drofting", "Drøftingssak"},
	{"orientering", "Orienteringssak"},
}

// KindLabel is the Norwegian name of a case kind.
func KindLabel(kind string) string {
	for _, k := range Kinds {
		if k.Value == kind {
			return k.Label
		}
	}
	return kind
}

// Meeting is a meeting of a group, with the viewer's own answer to the invitation.
type Meeting struct {
	ID              int64      `db:"id"`
	GroupID         int64      `db:"group_id"`
	GroupSlug       string     `db:"group_slug"`
	GroupName       string     `db:"group_name"`
	Title           string     `db:"title"`
	StartsAt        time.Time  `db:"starts_at"`
	EndsAt          time.Time  `db:"ends_at"`
	Place           string     `db:"place"`
	OnlineURL       string     `db:"online_url"`
	LeaderID        *int64     `db:"leader_id"`
	LeaderName      *string    `db:"leader_name"`
	PublishDays     int        `db:"publish_days"`
	InvitedAt       *time.Time `db:"invited_at"`
	MinutesLockedAt *time.Time `db:"minutes_locked_at"`
	CaseCount       int        `db:"case_count"`
	MyAnswer        *string    `db:"my_answer"`
}

// PublishAt is when the agenda is published to the group.
func (m Meeting) PublishAt() time.Time {
	return m.StartsAt.Add(-time.Duration(m.PublishDays) * 24 * time.Hour)
}

// AgendaPublished reports whether the group sees the agenda at now.
func (m Meeting) AgendaPublished(now time.Time) bool { return !now.Before(m.PublishAt()) }

// Locked reports whether the minutes are approved and locked.
func (m Meeting) Locked() bool { return m.MinutesLockedAt != nil }

// IsLeader reports whether user id leads the meeting.
func (m Meeting) IsLeader(id int64) bool { return m.LeaderID != nil && *m.LeaderID == id }

// Attendee is a member of the meeting's group and their answer.
type Attendee struct {
	UserID       int64      `db:"user_id"`
	Name         string     `db:"name"`
	CompanyName  string     `db:"company_name"`  // in full, for the protocol
	CompanyShort string     `db:"company_short"` // for the list of who comes
	Answer       *string    `db:"answer"`
	Substitute   string     `db:"substitute"`
	AnsweredAt   *time.Time `db:"answered_at"`
}

// Case is a case of a meeting's agenda with its minutes.
type Case struct {
	ID              int64      `db:"id"`
	MeetingID       int64      `db:"meeting_id"`
	GroupID         int64      `db:"group_id"`
	Year            int        `db:"year"`
	Number          int        `db:"number"`
	Kind            string     `db:"kind"`
	Title           string     `db:"title"`
	ResponsibleID   *int64     `db:"responsible_id"`
	ResponsibleName *string    `db:"responsible_name"`
	FocusAreaID     *int16     `db:"focus_area_id"`
	FocusAreaName   *string    `db:"focus_area_name"`
	BackgroundMD    string     `db:"background_md"`
	BackgroundHTML  string     `db:"background_html"`
	ProposalMD      string     `db:"proposal_md"`
	ProposalHTML    string     `db:"proposal_html"`
	DiscussionMD    string     `db:"discussion_md"`
	DiscussionHTML  string     `db:"discussion_html"`
	DecisionMD      string     `db:"decision_md"`
	DecisionHTML    string     `db:"decision_html"`
	DecisionShared  bool       `db:"decision_shared"`
	ChangedAt       *time.Time `db:"changed_at"`
	CreatedAt       time.Time  `db:"created_at"`
}

// Label is the case's number, "Sak 07/2026".
func (c Case) Label() string { return CaseLabel(c.Number, c.Year) }

// CaseLabel writes a case number as "Sak 07/2026".
func CaseLabel(number, year int) string { return fmt.Sprintf("Sak %02d/%d", number, year) }

// Paper is a document of the kunnskapsbank attached to a case.
type Paper struct {
	CaseID     int64  `db:"case_id"`
	DocumentID int64  `db:"document_id"`
	Title      string `db:"title"`
}

// Approval is a participant's approval of the minutes.
type Approval struct {
	UserID     int64     `db:"user_id"`
	Name       string    `db:"name"`
	AsLeader   bool      `db:"as_leader"`
	ApprovedAt time.Time `db:"approved_at"`
}

// Action statuses.
const (
	ActionOpen     = "open"
	ActionUnderway = "underveis"
	ActionClosed   = "lukket"
)

// ActionStatusLabel is the Norwegian name of an action status.
func ActionStatusLabel(s string) string {
	switch s {
	case ActionOpen:
		return "Ikke påbegynt"
	case ActionUnderway:
		return "Underveis"
	case ActionClosed:
		return "Lukket"
	}
	return s
}

// Action is a follow-up action of a case.
type Action struct {
	ID              int64      `db:"id"`
	CaseID          int64      `db:"case_id"`
	CaseNumber      int        `db:"case_number"`
	CaseYear        int        `db:"case_year"`
	MeetingID       int64      `db:"meeting_id"`
	GroupName       string     `db:"group_name"`
	Title           string     `db:"title"`
	ResponsibleUser *int64     `db:"responsible_user_id"`
	Responsible     string     `db:"responsible"`
	DueOn           time.Time  `db:"due_on"`
	Status          string     `db:"status"`
	ClosedNote      string     `db:"closed_note"`
	ClosedAt        *time.Time `db:"closed_at"`
	Overdue         bool       `db:"overdue"`
}

// CaseLabel is the number of the action's case.
func (a Action) CaseLabel() string { return CaseLabel(a.CaseNumber, a.CaseYear) }

// Decision is a case's adopted decision as the register shows it.
type Decision struct {
	CaseID        int64     `db:"id"`
	MeetingID     int64     `db:"meeting_id"`
	GroupSlug     string    `db:"group_slug"`
	GroupName     string    `db:"group_name"`
	Year          int       `db:"year"`
	Number        int       `db:"number"`
	Title         string    `db:"title"`
	FocusAreaName *string   `db:"focus_area_name"`
	DecisionHTML  string    `db:"decision_html"`
	Shared        bool      `db:"decision_shared"`
	MeetingAt     time.Time `db:"starts_at"`
	InGroup       bool      `db:"in_group"` // the viewer may see the meeting itself
}

// Label is the decision's case number.
func (d Decision) Label() string { return CaseLabel(d.Number, d.Year) }
