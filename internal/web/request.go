package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
)

// The request helpers every handler uses: reading the route's id and a posted form.

// idParam reads a numeric id from the route; a malformed one answers 404.
func (s *Server) idParam(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(w, r, http.StatusNotFound)
		return 0, false
	}
	return id, true
}

// parseForm reads a posted form within the body limit; it answers 413 or 400 itself when it cannot.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		if isBodyTooLarge(err) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge)
		} else {
			s.errorPage(w, r, http.StatusBadRequest)
		}
		return false
	}
	if len(r.PostForm) > 200 {
		s.errorPage(w, r, http.StatusBadRequest)
		return false
	}
	return true
}
