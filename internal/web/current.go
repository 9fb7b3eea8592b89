package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"klyngeportalen/internal/auth"
)

// Session keys.
const (
	sessUserID  = "uid"
	sessLoginAt = "login_at" // database time of the login, Unix nanoseconds
	sessRole    = "role"
	sessSeen    = "seen" // time of the last request, Unix nanoseconds, refreshed now and then (idle timeout)
)

// loadUser puts the signed-in user in the context (one query). A session of a deactivated user,
// one older than the user's last password change, or one past its maximum age since the login
// (which a renewed token does not extend) ends here; a changed role renews the token.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		uid := s.sessions.GetInt64(ctx, sessUserID)
		if uid == 0 {
			next.ServeHTTP(w, r)
			return
		}
		u, sess, err := s.auth.CurrentUser(ctx, uid)
		if err != nil && !errors.Is(err, auth.ErrNotFound) {
			s.fail(w, r, err)
			return
		}
		loginAt := time.Unix(0, s.sessions.GetInt64(ctx, sessLoginAt))
		now := time.Now()
		seen := time.Unix(0, s.sessions.GetInt64(ctx, sessSeen))
		idle := now.Sub(seen) > s.cfg.SessionIdle
		if err != nil || !sess.Active || loginAt.Before(sess.ValidAfter) || time.Since(loginAt) > s.cfg.SessionMaxAge || idle {
			if err := s.sessions.Destroy(ctx); err != nil {
				s.fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		// The last-seen time is written back only when it is older than a tenth of the idle
		// time (at most a minute): one session write a minute instead of one a request.
		if now.Sub(seen) > min(s.cfg.SessionIdle/10, time.Minute) {
			s.sessions.Put(ctx, sessSeen, now.UnixNano())
		}
		if s.sessions.GetString(ctx, sessRole) != string(u.Role) {
			if err := s.sessions.RenewToken(ctx); err != nil {
				s.fail(w, r, err)
				return
			}
			s.sessions.Put(ctx, sessRole, string(u.Role))
		}
		next.ServeHTTP(w, r.WithContext(auth.WithUser(ctx, u)))
	})
}

// startSession logs user id in: a new session token, then the user's id, login time and role.
func (s *Server) startSession(r *http.Request, id int64, at time.Time) error {
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	u, _, err := s.auth.CurrentUser(ctx, id)
	if err != nil {
		return err
	}
	s.sessions.Put(ctx, sessUserID, id)
	s.sessions.Put(ctx, sessLoginAt, at.UnixNano())
	s.sessions.Put(ctx, sessSeen, time.Now().UnixNano())
	s.sessions.Put(ctx, sessRole, string(u.Role))
	return nil
}

// requireUser sends anonymous visitors to the login page, and back here afterwards. A cluster
// admin without a second factor gets only the page that sets it up.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := auth.UserFrom(r.Context())
		if u != nil && enrolmentGate(u, r) {
			s.redirect(w, r, "/meg/tofaktor", "warning", "Sett opp tofaktorinnlogging for å fortsette.")
			return
		}
		if u == nil {
			to := "/logg-inn"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				to += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireClusterAdmin refuses everyone but cluster admins.
func (s *Server) requireClusterAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !auth.UserFrom(r.Context()).IsClusterAdmin() {
			s.errorPage(w, r, http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// safeNext returns next if it is a path on this site, and "/" otherwise. It refuses
// protocol-relative and backslash tricks, schemes, and the same hidden behind percent-encoding.
func safeNext(next string) string {
	if next == "" || len(next) > 2000 {
		return "/"
	}
	decoded := next
	for i := 0; i < 3; i++ { // look through up to three layers of encoding
		d, err := url.PathUnescape(decoded)
		if err != nil {
			return "/"
		}
		decoded = d
	}
	for _, p := range []string{next, decoded} {
		if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") ||
			strings.ContainsAny(p, "\\\r\n\t\x00") {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}
