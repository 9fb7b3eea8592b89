package home

import (
	"time"

	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/meetings"
	"klyngeportalen/internal/plan"
)

// Dashboard is the start page of a signed-in person: what is next for them, block by block.
// Every list is already limited to what the person may see.
type Dashboard struct {
	Name        string // first name, for the greeting
	CompanyName string
	Now         time.Time
	Desk        bool // the person has a desk (cluster admin, steering group, company admin)

	MyEvents      []events.Event   // coming events the person is registered or waiting for
	OpenEvents    []events.Event   // coming events with registration open, not yet registered
	Unread        []forum.FeedItem // threads with posts the person has not read
	MonthBlock    string           // this month in the årshjul, rendered (MonthBlock)
	MyActivities  []plan.Activity  // late, ongoing and soon-starting activities the person is responsible for (and every late one for a cluster admin)
	Consultations []consultations.Deadline
	NewsBlock     string             // the latest news, rendered (NewsBlock)
	Overdue       []meetings.Action  // the person's own overdue follow-up actions from meetings
	Meetings      []meetings.Meeting // coming meetings of the person's groups
}

// Limits of the dashboard's blocks.
const (
	EventsShown        = 4
	UnreadShown        = 6
	ActivitiesShown    = 6
	MyActivitiesShown  = 5
	ConsultationsShown = 4
	NewsShown          = 3
	OverdueShown       = 5
	MeetingsShown      = 3
)

// answerOf is the viewer's answer to meeting m's invitation, in Norwegian.
func answerOf(m meetings.Meeting) string {
	if m.MyAnswer == nil {
		return meetings.AnswerLabel("")
	}
	return meetings.AnswerLabel(*m.MyAnswer)
}

// activityColour is the Designsystemet colour of an activity's status tag on the dashboard.
func activityColour(s plan.Status) string {
	switch s {
	case plan.StatusLate:
		return "danger"
	case plan.StatusOngoing:
		return "info"
	}
	return "neutral"
}
