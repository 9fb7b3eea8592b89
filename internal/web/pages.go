package web

import (
	"net/http"

	"klyngeportalen/web/about"
)

func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "Tilgjengelighetserklæring", about.Accessibility())
}

func (s *Server) privacy(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "Personvernerklæring", about.Privacy(about.PrivacyInfo{Controller: s.cfg.PrivacyController, Contact: s.cfg.PrivacyContact, DPO: s.cfg.DPOContact}))
}
