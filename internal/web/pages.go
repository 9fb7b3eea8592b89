package web

import (
	"net/http"

	"klyngeportalen/web/about"
	"klyngeportalen/web/home"
)

func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "Tilgjengelighetserklæring", about.Accessibility())
}

func (s *Server) privacy(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "Personvernerklæring", about.Privacy())
}

// comingArea is a part of the portal that its own issue will build.
type comingArea struct{ path, title, purpose string }

var comingAreas = []comingArea{
	{"/nokkeltall", "Nøkkeltall", "felles nøkkeltall og plukkanalyser, sammenlignet mellom selskapene og over tid."},
}

func (s *Server) comingSoon(a comingArea) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, a.title, home.ComingSoon(a.title, a.purpose))
	}
}
