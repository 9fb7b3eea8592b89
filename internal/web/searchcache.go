package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/a-h/templ"

	"klyngeportalen/internal/auth"
)

// The answers of the one search (/sok) and of the forum search (/forum/sok) are kept rendered
// while nothing a search can find or show has changed: search_version (migration 00370), read
// with who the viewer is (the kept page "search"), counts every such change in its transaction.
// A key holds the search, its kind and page, and the viewer's visibility (role, kind, groups,
// cluster admin), which is all the searches' access rules read of the viewer: an answer is never
// served to a viewer who might find something else, nor even another count.

// searchCacheBytes bounds the answers kept (one is 8–20 kB); past it they are dropped at random.
const searchCacheBytes = 8 << 20

// searchKey is the key of a search's answer for u: the viewer's visibility, then parts (which
// search, its kind or page, and the search text last: the one part that may hold a "|").
func searchKey(u *auth.User, parts ...string) string {
	return visibilityKey(u) + "|" + strings.Join(parts, "|")
}

// renderSearch renders a search's page from the answer kept for key, or from build's, kept.
func (s *Server) renderSearch(w http.ResponseWriter, r *http.Request, key, title string, build func(ctx context.Context) (templ.Component, error)) {
	body, _, ok := s.keptBodyIn(s.searches, w, r, "search", key, func(ctx context.Context) (templ.Component, time.Time, error) {
		c, err := build(ctx)
		return c, time.Time{}, err
	})
	if ok {
		s.render(w, r, http.StatusOK, title, templ.Raw(body))
	}
}
