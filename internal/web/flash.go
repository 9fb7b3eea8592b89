package web

import (
	"encoding/base64"
	"net/http"
	"strings"
	"unicode/utf8"

	"klyngeportalen/web/layout"
)

// The flash message ("Lagret.") that a form post leaves for the page it redirects to travels
// in a short-lived cookie of its own, not in the session: kept in the session it cost two
// writes of the session's row per form post (one to leave it, one to take it), and a round
// trip of each write (make bench: registrations and replies). The text is the portal's own,
// shown escaped; a cookie the browser sends that is not one the portal could have written is
// ignored.
const (
	flashCookie       = "klynge_flash"
	flashCookieTLS    = "__Host-klynge_flash" // served over TLS: only this host may set it
	maxFlashBytes     = 600
	flashCookieMaxAge = 60 // seconds: the redirect is followed at once
)

// flashKinds are the kinds of message a flash can be (Designsystemet's alert colours).
var flashKinds = map[string]bool{"success": true, "info": true, "warning": true, "danger": true}

func (s *Server) flashCookieName() string {
	if s.cfg.Secure() {
		return flashCookieTLS
	}
	return flashCookie
}

// setFlash leaves message for the next page the browser shows.
func (s *Server) setFlash(w http.ResponseWriter, kind, message string) {
	v := base64.RawURLEncoding.EncodeToString([]byte(kind + "|" + message))
	http.SetCookie(w, &http.Cookie{Name: s.flashCookieName(), Value: v, Path: "/", MaxAge: flashCookieMaxAge,
		HttpOnly: true, Secure: s.cfg.Secure(), SameSite: http.SameSiteLaxMode})
}

// takeFlash reads the flash message the request carries, if any, and has the browser forget it.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) *layout.Flash {
	c, err := r.Cookie(s.flashCookieName())
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: c.Name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.Secure(), SameSite: http.SameSiteLaxMode})
	return parseFlash(c.Value)
}

// parseFlash decodes a flash cookie's value; nil when it is not one the portal writes.
func parseFlash(v string) *layout.Flash {
	if len(v) > base64.RawURLEncoding.EncodedLen(maxFlashBytes) {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || !utf8.Valid(b) || strings.ContainsRune(string(b), 0) {
		return nil
	}
	kind, msg, ok := strings.Cut(string(b), "|")
	if !ok || !flashKinds[kind] || strings.TrimSpace(msg) == "" {
		return nil
	}
	return &layout.Flash{Kind: kind, Message: msg}
}
