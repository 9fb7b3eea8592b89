package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/me"
)

// checkOwnPassword checks the signed-in person's password for a sensitive step (event names it
// in the security log), under the Password throttle. When it is wrong or throttled it calls
// refuse with the status and the message for the field, and returns false.
func (s *Server) checkOwnPassword(w http.ResponseWriter, r *http.Request, event, password string, refuse func(status int, msg string)) bool {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	subject, ip := strconv.FormatInt(u.ID, 10), ClientIP(ctx)
	if wait, err := s.throttle.Begin(ctx, auth.Password, subject, ip); err != nil {
		s.fail(w, r, err)
		return false
	} else if wait > 0 {
		s.securityEvent(r, event, u.ID, outcomeThrottled, slog.String("reason", "password"))
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		refuse(http.StatusTooManyRequests, "For mange feil passord. Vent noen minutter og prøv igjen.")
		return false
	}
	if len(password) > 4*auth.MaxPasswordLen {
		s.securityEvent(r, event, u.ID, outcomeFailed, slog.String("reason", "password"))
		refuse(http.StatusUnprocessableEntity, "Passordet er feil.")
		return false
	}
	if err := s.auth.CheckCurrentPassword(ctx, u.ID, password); err != nil {
		if !errors.Is(err, auth.ErrBadCredentials) {
			s.fail(w, r, err)
			return false
		}
		s.securityEvent(r, event, u.ID, outcomeFailed, slog.String("reason", "password"))
		refuse(http.StatusUnprocessableEntity, "Passordet er feil.")
		return false
	}
	if err := s.throttle.Succeed(ctx, auth.Password, subject, ip); err != nil {
		s.fail(w, r, err)
		return false
	}
	return true
}

// sessReauthAt is when the person last proved who they are in this session (a password or a
// code): login, or the confirmation page. Unix nanoseconds.
const sessReauthAt = "reauth_at"

// recentlyAuthenticated reports whether the session proved its person within the re-authentication window (cfg.ReauthWindow, 10 minutes).
func (s *Server) recentlyAuthenticated(r *http.Request) bool {
	at := s.sessions.GetInt64(r.Context(), sessReauthAt)
	return at != 0 && time.Since(time.Unix(0, at)) < s.cfg.ReauthWindow
}

// requireRecentAuth lets a sensitive step through only within the re-authentication window (cfg.ReauthWindow, 10 minutes) of a password or
// code; otherwise it sends the person to confirm, and back (to the page, for a form).
func (s *Server) requireRecentAuth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.recentlyAuthenticated(r) {
			next(w, r)
			return
		}
		back := r.URL.RequestURI()
		if r.Method != http.MethodGet {
			back = "/meg"
			if strings.HasPrefix(r.URL.Path, "/meg/tofaktor") {
				back = "/meg/tofaktor"
			}
		}
		s.redirect(w, r, "/meg/bekreft?next="+url.QueryEscape(back), "info", "Bekreft at det er deg før du går videre.")
	}
}

func (s *Server) reauthPage(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "Bekreft at det er deg", me.Reauth(me.ReauthForm{Next: validate.LocalPath(r.URL.Query().Get("next")), SecondFactor: u.SecondFactor}))
}

// reauth checks the password, or a one-time code of a person with a second factor, under the
// same throttles as the login, and marks the session as recently proved.
func (s *Server) reauth(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	f := me.ReauthForm{Next: validate.LocalPath(r.PostForm.Get("next")), SecondFactor: u.SecondFactor}
	refuse := func(status int, msg string) {
		f.Errors = components.Errors{"password": msg}
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, status, "Bekreft at det er deg", me.Reauth(f))
	}
	secret := r.PostForm.Get("password")
	if u.SecondFactor && looksLikeCode(secret) {
		if !s.checkOwnCode(w, r, "reauth", secret, refuse) {
			return
		}
	} else if !s.checkOwnPassword(w, r, "reauth", secret, refuse) {
		return
	}
	s.sessions.Put(ctx, sessReauthAt, time.Now().UnixNano())
	s.securityEvent(r, "reauth", u.ID, outcomeOK)
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
}

// looksLikeCode reports whether s is six digits (a one-time code) rather than a password,
// which has at least ten characters.
func looksLikeCode(s string) bool {
	s = strings.Join(strings.Fields(s), "")
	if len(s) != 6 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// checkOwnCode checks a one-time code of the signed-in person under the Code throttle.
func (s *Server) checkOwnCode(w http.ResponseWriter, r *http.Request, event, code string, refuse func(status int, msg string)) bool {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	subject, ip := strconv.FormatInt(u.ID, 10), ClientIP(ctx)
	if wait, err := s.throttle.Begin(ctx, auth.Code, subject, ip); err != nil {
		s.fail(w, r, err)
		return false
	} else if wait > 0 {
		s.securityEvent(r, event, u.ID, outcomeThrottled, slog.String("reason", "code"))
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		refuse(http.StatusTooManyRequests, "For mange feil koder. Vent noen minutter og prøv igjen.")
		return false
	}
	err := s.secondFactor.Verify(ctx, u.ID, code)
	if errors.Is(err, auth.ErrBadCode) {
		s.securityEvent(r, event, u.ID, outcomeFailed, slog.String("reason", "code"))
		refuse(http.StatusUnprocessableEntity, "Passordet eller koden er feil.")
		return false
	}
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	if err := s.throttle.Succeed(ctx, auth.Code, subject, ip); err != nil {
		s.fail(w, r, err)
		return false
	}
	return true
}
