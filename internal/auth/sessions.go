// Package auth owns sessions, passwords, the current user and permission checks.
package auth

import (
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Session lifetimes: a session ends after a day without use, and after a week at the latest.
const (
	SessionIdle     = 24 * time.Hour
	SessionLifetime = 7 * 24 * time.Hour
)

// NewSessions returns the session manager, stored in PostgreSQL so that several instances
// share sessions. secure means the portal is served over TLS: the cookie is then __Host-
// prefixed and Secure. Expired rows are removed by Clean, not by the store.
func NewSessions(pool *pgxpool.Pool, secure bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = pgxstore.NewWithCleanupInterval(pool, 0) // its own cleanup goroutine cannot be stopped safely
	sm.IdleTimeout = SessionIdle
	sm.Lifetime = SessionLifetime
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
