// Package auth owns sessions, passwords, the current user and permission checks.
package auth

import (
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// NewSessions returns the session manager, stored in PostgreSQL so that several instances
// share sessions. A session's row expires maxAge after it began. The idle timeout is enforced
// by web (a "last seen" time in the session, refreshed now and then) rather than by scs's
// IdleTimeout, which writes the session back to the database on every request. secure means
// the portal is served over TLS: the cookie is then __Host- prefixed and Secure. Expired rows
// are removed by Clean, not by the store.
func NewSessions(pool *pgxpool.Pool, secure bool, maxAge time.Duration) *scs.SessionManager {
	sm := scs.New()
	sm.Store = sessionStore{pool: pool, hints: &sessionHints{}}
	sm.Codec = sessionCodec{}
	sm.Lifetime = maxAge
	sm.Cookie.Name = "klynge_session"
	if secure {
		sm.Cookie.Name = "__Host-klynge_session"
	}
	sm.Cookie.Path = "/"
	sm.Cookie.HttpOnly = true
	sm.Cookie.Secure = secure
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Persist = true
	return sm
}
