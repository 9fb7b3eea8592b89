package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	eventview "klyngeportalen/web/events"
)

// eventICS serves one event as an iCalendar file.
func (s *Server) eventICS(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	programme, err := s.events.Sessions(r.Context(), events.ViewerOf(auth.UserFrom(r.Context())), e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e.Agenda = events.Agenda(programme)
	s.writeCalendar(w, r, e.Title, []events.Event{e}, fmt.Sprintf("arrangement-%d.ics", e.ID))
}

func (s *Server) writeCalendar(w http.ResponseWriter, r *http.Request, name string, list []events.Event, filename string) {
	cal, err := events.Calendar(name, s.cfg.BaseURL.String(), list)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, file{Type: "text/calendar; charset=utf-8", Name: filename}, cal)
}

// calendarFeed serves /kalender/{token}.ics (my events) or /kalender/{token}/alle.ics.
func (s *Server) calendarFeed(all bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := chi.URLParam(r, "token")
		feed, name := s.events.PersonalFeed, "Mine arrangementer – Avfallsklynge Nord"
		if all {
			feed, name = s.events.ClusterFeed, "Arrangementer – Avfallsklynge Nord"
		}
		list, err := feed(r.Context(), token)
		if errors.Is(err, events.ErrNotFound) {
			http.Error(w, "Kalenderlenken virker ikke lenger.", http.StatusNotFound)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.writeCalendar(w, r, name, list, "")
	}
}

// sessCalendarToken keeps a new feed token for the one page view that shows it.
const sessCalendarToken = "calendar_token"

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	has, err := s.events.HasCalendarToken(ctx, auth.UserFrom(ctx).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := eventview.CalendarPage{HasToken: has}
	if t := s.sessions.PopString(ctx, sessCalendarToken); t != "" && has {
		base := s.cfg.BaseURL.String()
		p.PersonalURL = base + "/kalender/" + t + ".ics"
		p.ClusterURL = base + "/kalender/" + t + "/alle.ics"
		ok, err := s.meetings.HasMeetings(ctx, auth.UserFrom(ctx))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if ok {
			p.MeetingsURL = base + "/kalender/" + t + "/moter.ics"
		}
	}
	now := time.Now().In(osloTZ)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, osloTZ)
	if v := r.URL.Query().Get("maned"); v != "" {
		m, err := time.ParseInLocation("2006-01", v, osloTZ)
		if err != nil || len(v) != 7 || m.Year() < 2000 || m.Year() > 2100 {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		month = m
	}
	viewer := events.ViewerOf(auth.UserFrom(ctx))
	list, err := s.events.Month(ctx, viewer, month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	today, err := s.events.Today(ctx, viewer, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := eventview.BuildMonth(month, now, list)
	page.Today, page.Subscription = today, p
	s.render(w, r, http.StatusOK, "Kalender", eventview.Month(page))
}

func (s *Server) newCalendarToken(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t, err := s.events.NewCalendarToken(ctx, auth.UserFrom(ctx).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessCalendarToken, t)
	s.redirect(w, r, "/arrangementer/kalender", "success", "Den nye abonnementslenken er laget. En eventuell gammel lenke virker ikke lenger.")
}

func (s *Server) revokeCalendarToken(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := s.events.RevokeCalendarToken(ctx, auth.UserFrom(ctx).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/arrangementer/kalender", "success", "Abonnementslenken er slettet og virker ikke lenger.")
}
