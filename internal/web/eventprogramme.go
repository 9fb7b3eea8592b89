package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	eventview "klyngeportalen/web/events"
)

// The programme of an event: the organiser's editor (cluster admins).

func (s *Server) programmePage(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	in := events.SessionInput{StartsAt: events.InputOf(e).StartsAt, EndsAt: events.InputOf(e).EndsAt}
	s.renderProgramme(w, r, http.StatusOK, eventview.ProgrammePage{Event: e, Input: in})
}

func (s *Server) renderProgramme(w http.ResponseWriter, r *http.Request, status int, p eventview.ProgrammePage) {
	list, err := s.events.Sessions(r.Context(), events.ViewerOf(auth.UserFrom(r.Context())), p.Event.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Sessions = list
	s.render(w, r, status, "Program: "+p.Event.Title, eventview.Programme(p))
}

func (s *Server) editSessionPage(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	sid, ok := s.idParam(w, r, "session")
	if !ok {
		return
	}
	ctx := r.Context()
	list, err := s.events.Sessions(ctx, events.ViewerOf(auth.UserFrom(ctx)), e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(list, func(x events.Session) bool { return x.ID == sid })
	if i < 0 {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	in, err := s.events.SessionInputOf(ctx, list[i])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Endre programpost: "+e.Title, eventview.Programme(eventview.ProgrammePage{Event: e, Sessions: list, Input: in, EditID: sid}))
}

// saveSession adds a session (no {session} in the address) or changes one.
func (s *Server) saveSession(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	var sid int64
	if chi.URLParam(r, "session") != "" {
		if sid, ok = s.idParam(w, r, "session"); !ok {
			return
		}
	}
	f := r.PostForm
	in := events.SessionInput{Title: f.Get("title"), StartsAt: f.Get("starts_at"), EndsAt: f.Get("ends_at"), Room: f.Get("room"),
		URL: f.Get("url"), Description: f.Get("description"), Speakers: f.Get("speakers"), Documents: f.Get("documents")}
	err := s.events.SaveSession(r.Context(), auth.UserFrom(r.Context()), e.ID, sid, in)
	var errs validate.Errors
	var refusal *events.Refusal
	switch {
	case errors.As(err, &errs):
		s.renderProgramme(w, r, http.StatusUnprocessableEntity, eventview.ProgrammePage{Event: e, Input: in, EditID: sid, Errors: components.Errors(errs)})
		return
	case errors.As(err, &refusal):
		s.redirect(w, r, eventview.URL(e)+"/program", "warning", refusal.Message)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, eventview.URL(e)+"/program", "success", "Programposten er lagret.")
}

func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	sid, ok := s.idParam(w, r, "session")
	if !ok {
		return
	}
	if err := s.events.DeleteSession(r.Context(), auth.UserFrom(r.Context()), e.ID, sid); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, eventview.URL(e)+"/program", "success", "Programposten er slettet.")
}
