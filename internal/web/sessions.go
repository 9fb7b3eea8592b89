package web

import (
	"errors"
	"net/http"

	"klyngeportalen/internal/auth"
	"klyngeportalen/web/me"
)

// sessionsPage lists the person's own sessions: device, when, and approximately where.
func (s *Server) sessionsPage(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	list, err := s.auth.Sessions(r.Context(), u.ID, s.sessions.Token(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "Innlogginger", me.Sessions(list))
}

// endOwnSession logs out one of the person's other sessions, by its id (404 if not theirs).
func (s *Server) endOwnSession(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	u := auth.UserFrom(r.Context())
	err := s.auth.EndSession(r.Context(), u.ID, id)
	if errors.Is(err, auth.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.securityEvent(r, "session_ended", u.ID, outcomeOK)
	s.redirect(w, r, "/meg/innlogginger", "success", "Enheten er logget ut.")
}

// endOtherSessions logs the person out everywhere else; this session goes on with a new token.
func (s *Server) endOtherSessions(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	at, err := s.auth.EndAllSessions(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	proved := s.sessions.GetInt64(r.Context(), sessReauthAt) // ending sessions proves nothing
	if err := s.startSession(r, u.ID, at); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessReauthAt, proved)
	s.securityEvent(r, "sessions_ended", u.ID, outcomeOK)
	s.redirect(w, r, "/meg/innlogginger", "success", "Alle andre enheter er logget ut.")
}
