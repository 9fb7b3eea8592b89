package web

import (
	"encoding/json"
	"net/http"
	"unicode/utf8"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
	forumview "klyngeportalen/web/forum"
)

// mentionsShown is how many people the @ list offers at once.
const mentionsShown = 8

// mentionable answers the composer's @ list: JSON of the people who may see the forum whose
// name starts with ?q, for a viewer who may see it (404 otherwise).
func (s *Server) mentionable(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok {
		return
	}
	q := r.URL.Query().Get("q")
	if n := utf8.RuneCountInString(q); n > 60 {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	people := []forum.Person{}
	if q != "" {
		var err error
		if people, err = s.forum.Mentionable(r.Context(), auth.UserFrom(r.Context()), f.ID, q, mentionsShown); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	_ = json.NewEncoder(w).Encode(people)
}

// mentionURL is where the @ list of a forum's forms asks for people.
func mentionURL(slug string) string { return forumview.ForumURL(slug) + "/personer" }
