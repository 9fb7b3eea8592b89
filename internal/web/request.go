package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/domain"
)

// The request helpers every handler uses: reading the route's id, loading its object, and
// reading a posted form.

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

// load reads the route's id {name} and loads its object with get. A malformed id answers 404,
// and so does an object that is not there or not for this person (a domain NotFound, or
// pgx.ErrNoRows from a store that passes it on); any other error takes the one error path.
func load[T any](s *Server, w http.ResponseWriter, r *http.Request, name string, get func(ctx context.Context, id int64) (T, error)) (T, bool) {
	id, ok := s.idParam(w, r, name)
	if !ok {
		var zero T
		return zero, false
	}
	v, err := get(r.Context(), id)
	if err != nil {
		s.fail(w, r, notFoundIfNoRows(err))
		return v, false
	}
	return v, true
}

// notFoundIfNoRows makes a store's bare pgx.ErrNoRows the domain's NotFound.
func notFoundIfNoRows(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %w", domain.ErrNotFound, err)
	}
	return err
}
