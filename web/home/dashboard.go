package home

import (
	"time"

	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
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
	Activities    []plan.Activity  // this month in the årshjul
	Consultations []consultations.Deadline
	News          []consultations.News
}

// Limits of the dashboard's blocks.
const (
	EventsShown        = 4
	UnreadShown        = 6
	ActivitiesShown    = 6
	ConsultationsShown = 4
	NewsShown          = 3
)
