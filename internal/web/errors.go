package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/indicators"
	"klyngeportalen/internal/meetings"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/strategy"
	"klyngeportalen/web/errorpage"
)

// domainErrors maps the area packages' errors to the statuses of their pages; an area adds
// its errors here.
var domainErrors = []struct {
	err    error
	status int
}{
	{auth.ErrNotFound, http.StatusNotFound},
	{members.ErrNotFound, http.StatusNotFound},
	{members.ErrForbidden, http.StatusForbidden},
	{members.ErrConflict, http.StatusConflict},
	{forum.ErrNotFound, http.StatusNotFound},
	{forum.ErrForbidden, http.StatusForbidden},
	{forum.ErrLocked, http.StatusConflict},
	{plan.ErrNotFound, http.StatusNotFound},
	{plan.ErrForbidden, http.StatusForbidden},
	{plan.ErrConflict, http.StatusConflict},
	{consultations.ErrNotFound, http.StatusNotFound},
	{consultations.ErrForbidden, http.StatusForbidden},
	{consultations.ErrClosed, http.StatusConflict},
	{events.ErrNotFound, http.StatusNotFound},
	{events.ErrForbidden, http.StatusForbidden},
	{indicators.ErrNotFound, http.StatusNotFound},
	{indicators.ErrLocked, http.StatusConflict},
	{documents.ErrNotFound, http.StatusNotFound},
	{documents.ErrForbidden, http.StatusForbidden},
	{documents.ErrConflict, http.StatusConflict},
	{documents.ErrIncomplete, http.StatusBadRequest},
	{meetings.ErrNotFound, http.StatusNotFound},
	{meetings.ErrForbidden, http.StatusForbidden},
	{strategy.ErrNotFound, http.StatusNotFound},
	{strategy.ErrForbidden, http.StatusForbidden},
	{strategy.ErrConflict, http.StatusConflict},
}

// fail answers err with the right status: a known condition gets its page, anything else is
// logged and becomes a 500. The error text is never shown to the user.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	for _, d := range domainErrors {
		if errors.Is(err, d.err) {
			s.errorPage(w, r, d.status)
			return
		}
	}
	switch {
	case isBodyTooLarge(err):
		s.errorPage(w, r, http.StatusRequestEntityTooLarge)
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Warn("request timed out", "request_id", RequestID(r.Context()), "error", err)
		s.errorPage(w, r, http.StatusServiceUnavailable)
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// the client went away; nobody is listening for an answer
	default:
		s.serverError(w, r, err)
	}
}

// serverError logs err with the request id and shows the 500 page.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.LogAttrs(r.Context(), slog.LevelError, "internal error",
		slog.String("request_id", RequestID(r.Context())),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("error", err.Error()),
	)
	s.errorPage(w, r, http.StatusInternalServerError)
}

// errorPage renders the friendly Norwegian page of status.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	heading, message := errorText(status)
	if status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests {
		if w.Header().Get("Retry-After") == "" {
			w.Header().Set("Retry-After", "30")
		}
	}
	s.render(w, r, status, heading, errorpage.Error(status, heading, message))
}

func errorText(status int) (heading, message string) {
	switch status {
	case http.StatusBadRequest:
		return "Forespørselen kunne ikke leses", "Noe i forespørselen var ugyldig. Gå tilbake og prøv igjen."
	case http.StatusForbidden:
		return "Du har ikke tilgang", "Du har ikke tilgang til dette, eller forespørselen kom fra et annet nettsted enn portalen. Gå tilbake og prøv igjen fra portalen."
	case http.StatusNotFound:
		return "Fant ikke siden", "Siden finnes ikke, eller du har ikke tilgang til den. Sjekk adressen, eller gå til forsiden."
	case http.StatusMethodNotAllowed:
		return "Handlingen er ikke tillatt her", "Adressen finnes, men kan ikke brukes på denne måten."
	case http.StatusConflict:
		return "Noen andre har endret dette", "Innholdet ble endret mens du jobbet med det. Last siden på nytt og prøv igjen."
	case http.StatusRequestEntityTooLarge:
		return "Innsendingen er for stor", "Det du sendte inn var større enn portalen tar imot. Gjør teksten eller filen mindre og prøv igjen."
	case http.StatusUnprocessableEntity:
		return "Noe må rettes", "Noen av feltene må rettes før vi kan lagre."
	case http.StatusTooManyRequests:
		return "For mange forsøk", "Du har prøvd for mange ganger på kort tid. Vent litt og prøv igjen."
	case http.StatusServiceUnavailable:
		return "Portalen er midlertidig utilgjengelig", "Vi får ikke svar fra databasen akkurat nå. Prøv igjen om et lite øyeblikk."
	default:
		return "Noe gikk galt hos oss", "Feilen er logget, og vi ser på den. Prøv igjen om litt."
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound)
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusMethodNotAllowed)
}
