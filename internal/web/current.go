package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/forum"
)

// Session keys.
const (
	sessUserID  = auth.SessionUserKey
	sessLoginAt = "login_at" // database time of the login, Unix nanoseconds
	sessRole    = auth.SessionRoleKey
	sessSeen    = "seen" // time of the last request, Unix nanoseconds, refreshed now and then (idle timeout)
)

// loadUser puts the signed-in user in the context. A session of a deactivated user, one older
// than the user's last password change, or one past its maximum age since the login (which a
// renewed token does not extend) ends here; a changed role renews the token. For a page (GET)
// the bell's count and the reference version travel with the user in one round trip.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		uid := s.sessions.GetInt64(ctx, sessUserID)
		if uid == 0 {
			next.ServeHTTP(w, r)
			return
		}
		role := s.sessions.GetString(ctx, sessRole)
		var who *whoAmIResult
		if pf, ok := ctx.Value(prefetchKey).(*prefetch); ok && pf.sent && pf.uid == uid && pf.role == role {
			who = &pf.who // read with the session's row, for this very user and role (see withSession)
		} else {
			who = &whoAmIResult{}
			var b pgx.Batch
			queueWhoAmI(s, &b, r, uid, role, who)
			if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		u, sess, found := &who.u, who.sess, who.found
		if who.kept.own != nil && (who.ownFor == nil || !who.ownFor.Equal(*u)) {
			who.kept.own = nil // read for someone the user no longer is: the page reads itself
		}
		refVersion := who.refVersion
		if who.kept.n != nil { // a kept page's versions end with the reference version
			refVersion = who.kept.reference()
		}
		loginAt := time.Unix(0, s.sessions.GetInt64(ctx, sessLoginAt))
		now := time.Now()
		seen := time.Unix(0, s.sessions.GetInt64(ctx, sessSeen))
		idle := now.Sub(seen) > s.cfg.SessionIdle
		if !found || !sess.Active || loginAt.Before(sess.ValidAfter) || time.Since(loginAt) > s.cfg.SessionMaxAge || idle {
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
		if role != string(u.Role) {
			if err := s.sessions.RenewToken(ctx); err != nil {
				s.fail(w, r, err)
				return
			}
			s.sessions.Put(ctx, sessRole, string(u.Role))
			s.viewers.remember(*u)
		}
		bell := &bellCount{n: s.viewers.bell(*u, who.bellVersion)}
		noteRequestUser(ctx, u.ID)
		ctx = context.WithValue(auth.WithUser(ctx, u), bellKey, bell)
		if refVersion > 0 {
			ctx = database.WithReferenceVersion(ctx, refVersion)
		}
		if who.kept.n != nil {
			ctx = context.WithValue(ctx, keptVersionsKey, who.kept)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// whoAmIResult is what queueWhoAmI reads: the user, the session's validity, and for a page
// the bell's version and the reference version, or a kept page's versions.
type whoAmIResult struct {
	u           auth.User
	sess        auth.Session
	found       bool
	bellVersion int64 // forum.BellVersionSQL
	refVersion  int64
	kept        keptVersions
	ownFor      *auth.User // whom the kept page's own reads were queued for
}

// queueWhoAmI adds to b what every request of user uid reads about them: the user (with the
// session's validity), and for a page (GET) the bell's version and the reference version, or
// for a kept page (keptpages.go) the bell's version and the page's versions.
func queueWhoAmI(s *Server, b *pgx.Batch, r *http.Request, uid int64, role string, w *whoAmIResult) {
	if r.Method != http.MethodGet {
		s.auth.QueueCurrentUser(b, uid, s.whoAmI.alone, nil, &w.u, &w.sess, &w.found)
		return
	}
	switch k, params, kept := s.whoAmI.match(r); {
	case kept:
		k.queue(s, b, r, params, uid, role, w)
	default:
		// Reference lists in memory are used while this version holds (internal/database).
		s.auth.QueueCurrentUser(b, uid, s.whoAmI.page, nil, &w.u, &w.sess, &w.found, &w.bellVersion, &w.refVersion)
	}
}

// whoAmIStatements are the statements of who the user is (auth.CurrentUserSQL), with what a
// page reads alongside in the same statement: nothing for a form's post; the bell and the
// reference version for a page; the bell, the page's versions and the reference version for
// a kept page, by path.
type whoAmIStatements struct {
	alone, page string
	kept        map[string]keptStatement
	pages       map[string]keptPage // by name
	routes      []keptRoute         // the kept pages' paths with parameters
}

// match returns the kept page of r's path, with the path's parameters, if it is one. A path
// with escapes chi routes by (RawPath) is never one.
func (w whoAmIStatements) match(r *http.Request) (keptStatement, map[string]string, bool) {
	if k, ok := w.kept[r.URL.Path]; ok {
		return k, nil, true
	}
	if r.URL.RawPath != "" {
		return keptStatement{}, nil, false
	}
	for _, k := range w.routes {
		if params, ok := k.match(r.URL.Path); ok {
			return k.st, params, true
		}
	}
	return keptStatement{}, nil, false
}

func newWhoAmIStatements(pages []keptPage) whoAmIStatements {
	w := whoAmIStatements{
		alone: auth.CurrentUserSQL(),
		page:  auth.CurrentUserSQL(forum.BellVersionSQL, database.ReferenceVersionSQL),
		kept:  map[string]keptStatement{},
		pages: map[string]keptPage{},
	}
	for _, p := range pages {
		w.pages[p.name] = p
		cols := append(append([]string{forum.BellVersionSQL}, p.versions...), database.ReferenceVersionSQL)
		for _, path := range p.paths {
			st := keptStatement{page: p, sql: auth.CurrentUserSQL(cols...)}
			if strings.Contains(path, "{") {
				w.routes = append(w.routes, keptRoute{segments: strings.Split(path, "/"), st: st})
			} else {
				w.kept[path] = st
			}
		}
	}
	return w
}

// prefetch is loadUser's batch sent with the session's row (auth.SessionPrefetch): the session
// and who the user is in one round trip. loadUser uses it only when it was sent for the
// session's own user and role.
type prefetch struct {
	s    *Server
	r    *http.Request
	sent bool
	uid  int64
	role string
	who  whoAmIResult
}

func (p *prefetch) QueueFor(b *pgx.Batch, uid int64, role string) {
	p.sent, p.uid, p.role = true, uid, role
	queueWhoAmI(p.s, b, p.r, uid, role, &p.who)
}

// bellCount is the bell's count kept for its version as read with the user; -1 when there is
// none, or the request has changed it: the page counts it (bellCounted).
type bellCount struct{ n int }

// bellFrom returns the bell's count loaded with the user, if there is one.
func bellFrom(ctx context.Context) (int, bool) {
	if b, ok := ctx.Value(bellKey).(*bellCount); ok && b.n >= 0 {
		return b.n, true
	}
	return 0, false
}

// bellChanged says that the request has marked notifications read: the page counts anew.
func bellChanged(ctx context.Context) {
	if b, ok := ctx.Value(bellKey).(*bellCount); ok {
		b.n = -1
	}
}

// bellCounted counts u's bell and keeps the count for the bell's version read with it, so that
// the next pages need not count it while the version holds.
func (s *Server) bellCounted(ctx context.Context, u *auth.User) (int, error) {
	n, version, err := s.forum.UnreadNotifications(ctx, u)
	if err == nil {
		s.viewers.counted(*u, version, n)
	}
	return n, err
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
	s.viewers.remember(*u)
	s.sessions.Put(ctx, sessReauthAt, time.Now().UnixNano()) // a login is a fresh proof
	if u.IsMember() {
		if _, err := s.bellCounted(ctx, u); err != nil { // the first page then need not count it
			return err
		}
	}
	return nil
}

// requireUser sends anonymous visitors to the login page, and back here afterwards. A cluster
// admin without a second factor gets only the page that sets it up.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := auth.UserFrom(r.Context())
		if u == nil {
			to := "/logg-inn"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				to += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		// The one access rule denies by default: a user of a kind it does not know as a member
		// sees none of the members' pages (as if they were not there). An owner or a partner
		// following a link from a mail to an event, a news item, a document, a forum or a project
		// is sent to their own page of it (which is 404 too unless it is opened to them).
		if to, ok := guestPath(u, r); ok {
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		if !u.IsMember() {
			s.errorPage(w, r, http.StatusNotFound)
			return
		}
		if s.enrolmentGate(u, r) {
			s.redirect(w, r, "/meg/tofaktor", "warning", "Sett opp tofaktorinnlogging for å fortsette.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireClusterAdmin refuses everyone but cluster admins.
func (s *Server) requireClusterAdmin(next http.Handler) http.Handler {
	return s.allowOnly((*auth.User).IsClusterAdmin)(next)
}

// allowOnly refuses (403) everyone for whom may is false: the role check of a group of routes,
// e.g. plan.CanEdit for the årshjul's editing.
func (s *Server) allowOnly(may func(*auth.User) bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !may(auth.UserFrom(r.Context())) {
				s.errorPage(w, r, http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
