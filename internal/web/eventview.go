package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/a-h/templ"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/plan"
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

// keptEventPage serves the viewer's kept page of event id if it is kept (true); otherwise it
// returns the key to keep it under, or "" when the request has been answered (an error).
func (s *Server) keptEventPage(w http.ResponseWriter, r *http.Request, id int64) (string, bool) {
	ctx, u := r.Context(), auth.UserFrom(r.Context())
	v, err := s.versionsOf(ctx, "event")
	if err != nil {
		s.fail(w, r, err)
		return "", false
	}
	now := s.now()
	key := fmt.Sprintf("%s|%s|%s|%s", v.key(), eventView(id, u), visibilityKey(u), plan.Today(now).Format(time.DateOnly))
	if f, ok := s.personal.get(key, now); ok {
		s.render(w, r, http.StatusOK, f.title, templ.Raw(f.body))
		return key, true
	}
	return key, false
}

// keepEventPage renders event e's page body for the viewer, keeps it under key and serves it.
func (s *Server) keepEventPage(w http.ResponseWriter, r *http.Request, id int64, key string, e events.Event, body templ.Component, now time.Time) {
	html, err := renderShared(r.Context(), body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.personal.put(key, fragment{title: e.Title, body: html, expires: eventExpiry(e, now)})
	s.views.put(eventView(id, auth.UserFrom(r.Context())), key)
	s.render(w, r, http.StatusOK, e.Title, templ.Raw(html))
}

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
