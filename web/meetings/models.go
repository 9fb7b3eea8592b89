// Package meetings holds the pages of the governing groups' meetings: the list, a meeting with
// its agenda and attendance, the forms, the minutes, the printable protocol and the decision register.
package meetings

import (
	"strconv"
	"time"

	"github.com/a-h/templ"

	"klyngeportalen/internal/meetings"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
)

// ListPage is the meetings the viewer may see.
type ListPage struct {
	Heading      string // "Møter", or the group's name on a group's page
	GroupSlug    string // the group of a group's page, or ""
	Groups       []meetings.Group
	Coming, Past []meetings.Meeting
	Actions      []meetings.Action // a group's open actions, on its page
	CanCreate    bool
	// The older past meetings, and back to the first page; a later page shows past meetings only.
	NextURL, FirstURL string
	// Shared: the page is for every viewer who sees alike; each viewer's answer is a mark
	// (AnswerMark) filled per request.
	Shared bool
}

// AnswerMark opens the mark of a viewer's answer to a meeting in a shared list: the mark is
// AnswerMark, the meeting's id and "-->".
const AnswerMark = "<!--svar:"

// answerMark is the mark of the viewer's answer to m.
func answerMark(m meetings.Meeting) templ.Component {
	return templ.Raw(AnswerMark + strconv.FormatInt(m.ID, 10) + "-->")
}

// MeetingPage is one meeting with its attendance and agenda.
type MeetingPage struct {
	M          meetings.Meeting
	Now        time.Time
	CanManage  bool
	CanAnswer  bool // the viewer is a member of the group
	ViewerID   int64
	Attendees  []meetings.Attendee
	Cases      []meetings.Case
	Papers     []meetings.Paper
	Actions    []meetings.Action
	Approvals  []meetings.Approval
	AnswerForm components.Errors
}

// FormPage calls (ID 0) or edits a meeting.
type FormPage struct {
	ID      int64
	In      meetings.Input
	Errors  components.Errors
	Groups  []components.Option
	Leaders []components.Option
}

// CasePage adds (Case.ID 0) or edits a case, its papers, actions and sharing.
type CasePage struct {
	M           meetings.Meeting
	Case        meetings.Case
	In          meetings.CaseInput
	Errors      components.Errors
	Kinds       []components.Option
	People      []components.Option
	FocusAreas  []components.Option
	Papers      []meetings.Paper // attached
	Choices     []components.Option
	Actions     []meetings.Action
	Action      meetings.ActionInput
	Responsible []components.Option
	Refused     string
}

// MinutesPage is the form of a meeting's minutes.
type MinutesPage struct {
	M       meetings.Meeting
	Cases   []meetings.Case
	Values  map[int64][2]string // discussion and decision per case, as typed
	Errors  components.Errors
	Refused string // why the save was refused (409), or ""
}

// ProtocolPage is the printable protocol of a meeting.
type ProtocolPage struct {
	M         meetings.Meeting
	Attendees []meetings.Attendee
	Cases     []meetings.Case
	Approvals []meetings.Approval
}

// DecisionsPage is the decision register.
type DecisionsPage struct {
	Filter               meetings.DecisionFilter
	Groups, Years, Focus []components.Option
	Decisions            []meetings.Decision
	NextURL, FirstURL    string // the register's next page and its first, when there are
	CanShareFor          bool
}

// DecisionPage is one decision.
type DecisionPage struct {
	D meetings.Decision
}

func meetingURL(id int64) string        { return "/moter/" + strconv.FormatInt(id, 10) }
func caseAnchor(c meetings.Case) string { return "sak-" + strconv.FormatInt(c.ID, 10) }
func caseURL(m meetings.Meeting, c meetings.Case) string {
	return meetingURL(m.ID) + "/saker/" + strconv.FormatInt(c.ID, 10)
}
func actionURL(a meetings.Action) string     { return "/moter/tiltak/" + strconv.FormatInt(a.ID, 10) }
func decisionURL(d meetings.Decision) string { return "/vedtak/" + strconv.FormatInt(d.CaseID, 10) }
func dateTime(t time.Time) string            { return format.DateTime(t) }
func date(t time.Time) string                { return format.Date(t) }

// timeRange writes a meeting's time as "5. juni 2026 kl. 09.30–11.00".
func timeRange(m meetings.Meeting) string {
	end := format.DateTime(m.EndsAt)
	return format.DateTime(m.StartsAt) + "–" + end[len(end)-5:]
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// papersOf are the papers of case c.
func papersOf(all []meetings.Paper, c meetings.Case) []meetings.Paper {
	var out []meetings.Paper
	for _, p := range all {
		if p.CaseID == c.ID {
			out = append(out, p)
		}
	}
	return out
}

// actionsOf are the actions of case c.
func actionsOf(all []meetings.Action, c meetings.Case) []meetings.Action {
	var out []meetings.Action
	for _, a := range all {
		if a.CaseID == c.ID {
			out = append(out, a)
		}
	}
	return out
}

// changeNote marks a case added or changed after the agenda's publication, or "".
func changeNote(m meetings.Meeting, c meetings.Case) string {
	if c.ChangedAt == nil {
		return ""
	}
	if !c.CreatedAt.Before(m.PublishAt()) {
		return "Lagt til etter at sakslisten ble publisert (" + format.DateTime(*c.ChangedAt) + ")"
	}
	return "Endret etter at sakslisten ble publisert, sist " + format.DateTime(*c.ChangedAt)
}

// count groups attendees by answer.
func count(list []meetings.Attendee, answer string) int {
	n := 0
	for _, a := range list {
		if (a.Answer == nil && answer == "") || (a.Answer != nil && *a.Answer == answer) {
			n++
		}
	}
	return n
}

// withAnswer lists the attendees who gave answer ("" for none).
func withAnswer(list []meetings.Attendee, answer string) []meetings.Attendee {
	var out []meetings.Attendee
	for _, a := range list {
		if (a.Answer == nil && answer == "") || (a.Answer != nil && *a.Answer == answer) {
			out = append(out, a)
		}
	}
	return out
}

// present are those who came or sent a deputy, for the protocol.
func present(list []meetings.Attendee) []meetings.Attendee {
	return append(withAnswer(list, meetings.Coming), withAnswer(list, meetings.Deputy)...)
}

// mine reports whether the viewer's answer is a.
func mine(m meetings.Meeting, a string) bool { return m.MyAnswer != nil && *m.MyAnswer == a }

// canUpdate reports whether the viewer may change the status of action a.
func canUpdate(p MeetingPage, a meetings.Action) bool {
	return p.CanManage || (a.ResponsibleUser != nil && *a.ResponsibleUser == p.ViewerID)
}

// minutesValue is the typed value of field i (0 discussion, 1 decision) of case c.
func (p MinutesPage) minutesValue(c meetings.Case, i int) string {
	if v, ok := p.Values[c.ID]; ok {
		return v[i]
	}
	if i == 0 {
		return c.DiscussionMD
	}
	return c.DecisionMD
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// MeetingPath is the address of meeting id.
func MeetingPath(id int64) string { return meetingURL(id) }

// hasMinutes reports whether any case has minutes written.
func hasMinutes(cases []meetings.Case) bool {
	for _, c := range cases {
		if c.DiscussionMD != "" || c.DecisionMD != "" {
			return true
		}
	}
	return false
}

// canApprove reports whether the viewer may approve the minutes now: the meeting's leader or a
// member who came, who has not approved yet.
func canApprove(p MeetingPage) bool {
	if p.M.Locked() || !p.CanAnswer && !p.M.IsLeader(p.ViewerID) {
		return false
	}
	for _, a := range p.Approvals {
		if a.UserID == p.ViewerID {
			return false
		}
	}
	return p.M.IsLeader(p.ViewerID) || mine(p.M, meetings.Coming)
}
