package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/guests"
	guestview "klyngeportalen/web/guests"
)

// The owners' newsletter's one-click unsubscribe link (/nyhetsbrev/avmeld/{token}). The token
// in the address is the only credential, and it can only unsubscribe the person it was mailed
// to: the page needs no session, and its POST is exempt from the cross-origin check (see
// crossOrigin) so that a mail program can send it (RFC 8058: "List-Unsubscribe=One-Click").

// unsubscribePath is the address of the unsubscribe link with token.
func unsubscribePath(token string) string { return "/nyhetsbrev/avmeld/" + token }

// unsubscribePage asks to confirm, or says the holder has already unsubscribed.
func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	done, err := s.guests.UnsubscribeStatus(r.Context(), token)
	if s.unsubscribeFailed(w, r, err) {
		return
	}
	s.render(w, r, http.StatusOK, "Meld deg av månedsbrevet", guestview.Unsubscribe(guestview.UnsubscribePage{Action: unsubscribePath(token), Done: done}))
}

// unsubscribe says no to the newsletter for the token's holder and says so. It answers the
// post itself rather than redirecting: a mail program's one-click post follows no redirect.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	if s.unsubscribeFailed(w, r, s.guests.Unsubscribe(r.Context(), token)) {
		return
	}
	s.render(w, r, http.StatusOK, "Du er meldt av", guestview.Unsubscribe(guestview.UnsubscribePage{Action: unsubscribePath(token), Done: true}))
}

// resubscribe takes the unsubscribe back (from the button on the answer), and says so.
func (s *Server) resubscribe(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	if s.unsubscribeFailed(w, r, s.guests.Resubscribe(r.Context(), token)) {
		return
	}
	s.render(w, r, http.StatusOK, "Du får månedsbrevet igjen", guestview.Resubscribed(guestview.UnsubscribePage{Action: unsubscribePath(token)}))
}

// unsubscribeFailed answers an unknown token with a Norwegian 404 page and any other error
// with the error page; it reports whether it answered.
func (s *Server) unsubscribeFailed(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, guests.ErrNotFound):
		s.render(w, r, http.StatusNotFound, "Lenken virker ikke", guestview.UnsubscribeInvalid())
	default:
		s.fail(w, r, err)
	}
	return true
}
