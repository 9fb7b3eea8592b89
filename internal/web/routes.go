package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// Handler returns the portal's whole HTTP handler: every route is listed here.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(requestID, s.clientIP, s.logRequests, s.recoverPanics, s.securityHeaders, s.limitBody, s.crossOrigin)

	// Probes and static files: no session.
	r.Get("/livez", s.livez)
	r.Get("/readyz", s.readyz)
	r.Get("/static/{file}", s.static)

	r.Group(func(r chi.Router) {
		r.Use(s.withSession)
		r.Get("/", s.home)
		r.Get("/tilgjengelighet", s.accessibility)
		r.Get("/personvern", s.privacy)

		// Areas whose issues have not landed yet: an honest placeholder page each.
		for _, a := range comingAreas {
			r.Get(a.path, s.comingSoon(a))
		}
	})

	r.NotFound(s.withSession(http.HandlerFunc(s.notFound)).ServeHTTP)
	r.MethodNotAllowed(s.withSession(http.HandlerFunc(s.methodNotAllowed)).ServeHTTP)
	return r
}
