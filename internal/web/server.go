// Package web translates HTTP to calls on the area packages and back to templ views.
package web

import (
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/config"
)

// Server holds what the handlers need; it is built once in main and never changed after.
type Server struct {
	cfg      config.Config
	log      *slog.Logger
	pool     *pgxpool.Pool
	sessions *scs.SessionManager
	assets   *assets
	draining atomic.Bool
}

// New builds the server from its parts.
func New(cfg config.Config, logger *slog.Logger, pool *pgxpool.Pool, sessions *scs.SessionManager) (*Server, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	if a.missingVendor() {
		logger.Warn("Designsystemet CSS missing from web/static/vendor: run 'make assets' (pages will be unstyled)")
	}
	s := &Server{cfg: cfg, log: logger, pool: pool, sessions: sessions, assets: a}
	sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.serverError(w, r, err) }
	return s, nil
}

// Drain makes /readyz answer 503 so that a load balancer stops sending new requests.
func (s *Server) Drain() { s.draining.Store(true) }
