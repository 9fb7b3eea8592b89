package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"klyngeportalen/internal/domain"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/errorpage"
)

// statuses maps each kind of domain error to the status of its page: the one mapping of the
// areas' errors (internal/domain) to HTTP.
var statuses = map[domain.Kind]int{
	domain.Invalid:   http.StatusBadRequest,
	domain.NotFound:  http.StatusNotFound,
	domain.Forbidden: http.StatusForbidden,
	domain.Conflict:  http.StatusConflict,
	domain.TooLarge:  http.StatusRequestEntityTooLarge,
}

// statusOf is the status of err's page: its domain kind's, 422 for field messages that reached
// no form, 413 past the body limit, 503 on a timeout, and 500 for everything else.
func statusOf(r *http.Request, err error) int {
	var fields validate.Errors
	switch {
	case errors.As(err, &fields):
		return http.StatusUnprocessableEntity
	case domain.KindOf(err) != 0:
		return statuses[domain.KindOf(err)]
	case isBodyTooLarge(err):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		return 0 // the client went away; nobody is listening for an answer
	}
	return http.StatusInternalServerError
}

// fail answers err with the right status: a known condition gets its page, anything else is
// logged and becomes a 500. The error text is never shown to the user.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch status := statusOf(r, err); status {
	case 0:
	case http.StatusInternalServerError:
		s.serverError(w, r, err)
	case http.StatusServiceUnavailable:
		s.log.Warn("request timed out", "request_id", RequestID(r.Context()), "error", err)
		s.errorPage(w, r, status)
	default:
		s.errorPage(w, r, status)
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
