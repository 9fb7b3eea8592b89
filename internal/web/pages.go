package web

import (
	"net/http"

	"klyngeportalen/web/about"
	"klyngeportalen/web/home"
)

var focusAreas = []home.FocusArea{
	{Name: "Kompetanse", Summary: "Innsikt, møteplasser og samarbeid med forsknings- og utdanningsmiljøer, virkemiddelapparatet og andre nettverk."},
	{Name: "En samlet stemme", Summary: "Dialog med myndighetene, en sterkere bransje i nord, og åpen kommunikasjon om det vi får til."},
	{Name: "Stordrift", Summary: "Jobbe smartere med felles standarder, og drive fram felles løsninger og nøkkeltall som plukkanalyser."},
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "", home.Start(focusAreas))
}

func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "Tilgjengelighetserklæring", about.Accessibility())
}

func (s *Server) privacy(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "Personvernerklæring", about.Privacy())
}

// comingArea is a part of the portal that its own issue will build.
type comingArea struct{ path, title, purpose string }

var comingAreas = []comingArea{
	{"/forum", "Forum", "faglige forum for hele klyngen, og lukkede forum for direktørforum og styringsgruppen."},
	{"/arrangementer", "Arrangementer", "verksteder, seminarer og konferanser med påmelding, venteliste og kalenderfeed."},
	{"/arshjul", "Årshjul", "årets tiltak i de tre satsingsområdene, som hjul og som liste."},
	{"/horinger", "Høringer", "klyngens felles høringssvar, med innspill fra hvert medlemsselskap."},
	{"/dokumenter", "Dokumenter", "kunnskapsbanken: presentasjoner, maler og referater fra klyngens møteplasser."},
}

func (s *Server) comingSoon(a comingArea) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, a.title, home.ComingSoon(a.title, a.purpose))
	}
}
