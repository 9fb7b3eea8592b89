package web

import (
	"fmt"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
)

// An event's page is kept rendered per viewer (their registration, answers, feedback and
// colleagues, what they may do) in s.personal while its versions hold: the events' (with the
// registrations' counts and answers, the questions, the programme and the feedback given,
// migration 00440), the people's, the plan's (its activities), the documents' and the
// reference version, read with who the viewer is; for the viewer's visibility and the day, until
// the clock changes what it shows (registration opening and closing, the deadlines, the start
// and the end). While it is kept its reads are not sent with who the viewer is; the first view
// after a change reads the page in a second round trip.

// eventKeep bounds how long an event's page is kept.
const eventKeep = 10 * time.Minute

// eventView is the view of event id for u: its page's key without the versions.
func eventView(id int64, u *auth.User) string { return fmt.Sprintf("event|%d|%d", id, u.ID) }

// eventExpiry is when event e's page changes by the clock: the first after now of the
// registration's opening and closing, the deadlines for cancelling and answering, the start and
// the end, at the latest eventKeep on.
func eventExpiry(e events.Event, now time.Time) time.Time {
	at := now.Add(eventKeep)
	for _, t := range []*time.Time{e.RegistrationOpensAt, e.RegistrationClosesAt, e.CancellationDeadline, &e.StartsAt, &e.EndsAt} {
		if t != nil && t.After(now) && t.Before(at) {
			at = *t
		}
	}
	if d := e.AnswerDeadline(); d.After(now) && d.Before(at) {
		at = d
	}
	return at
}
