package web

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
)

// observe records an answered request in the metrics under its route pattern (never the path,
// which may hold ids and tokens), and counts sign-ins that were refused (422) or throttled (429).
func (s *Server) observe(r *http.Request, status int, took time.Duration) {
	var route string
	if rc := chi.RouteContext(r.Context()); rc != nil {
		route = rc.RoutePattern()
	}
	s.metrics.Observe(route, r.Method, status, took)
	if r.Method == http.MethodPost && (route == "/logg-inn" || route == "/logg-inn/kode") {
		switch status {
		case http.StatusUnprocessableEntity:
			s.metrics.LoginRefused()
		case http.StatusTooManyRequests:
			s.metrics.LoginThrottled()
		}
	}
}

// MetricsHandler serves the Prometheus metrics; main puts it on its own loopback address.
func (s *Server) MetricsHandler() http.Handler { return s.metrics.Handler() }
