package web

import (
	"net/http"
	"time"

	"klyngeportalen/internal/database"
)

// livez says the process is alive; it touches nothing else.
func (s *Server) livez(w http.ResponseWriter, r *http.Request) {
	plain(w, http.StatusOK, "ok")
}

// readyz says whether this instance should get traffic: not while draining, not without the database.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		plain(w, http.StatusServiceUnavailable, "draining")
		return
	}
	if err := database.Ready(r.Context(), s.pool, 2*time.Second); err != nil {
		s.log.Warn("not ready: database does not answer", "request_id", RequestID(r.Context()), "error", err)
		plain(w, http.StatusServiceUnavailable, "database unavailable")
		return
	}
	plain(w, http.StatusOK, "ready")
}

func plain(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text + "\n"))
}
