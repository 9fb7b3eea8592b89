package web

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/a-h/templ"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/plan"
)

// keptViews remember, for the pages kept rendered per viewer or per kind of viewer in a
// fragment cache (a meeting's, a company's), the key each view was last kept under: a view is
// known by its key without the versions, which are read with who the viewer is. While a view
// is kept its reads need not be sent with who the viewer is; the first view after a change
// reads the page in a second round trip.
type keptViews struct {
	mu sync.Mutex
	m  map[string]string // view → the key it was last kept under
}

// personalCacheBytes bounds the pages kept for one viewer each (s.personal), apart from the
// pages shared by many, which they would otherwise push out.
const personalCacheBytes = 8 << 20

// maxKeptViews bounds the views remembered: past it they are forgotten, and read with the viewer again.
const maxKeptViews = 10000

// kept reports whether view is kept in cache under the key it was last kept under, and has not
// expired at now.
func (k *keptViews) kept(cache *fragmentCache, view string, now time.Time) bool {
	k.mu.Lock()
	key, ok := k.m[view]
	k.mu.Unlock()
	if !ok {
		return false
	}
	_, ok = cache.get(key, now)
	return ok
}

// forget records that view is no longer kept: its next reads go with who the viewer is.
func (k *keptViews) forget(view string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, view)
}

// put records that view is kept under key.
func (k *keptViews) put(view, key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil || len(k.m) >= maxKeptViews {
		k.m = make(map[string]string)
	}
	k.m[view] = key
}

// servePersonal serves the viewer's page kept in s.personal as view (its key without the
// versions) of kept page name, if it is kept (served); otherwise it returns the key to keep it
// under (keepPersonal), "" when the request has been answered (an error). The key holds the
// page's versions read with who the viewer is, the view, the viewer's visibility and the day.
// fill makes the kept body into the page of this view (a fresh form key, forumthread.go); nil
// serves it as kept.
func (s *Server) servePersonal(w http.ResponseWriter, r *http.Request, name, view string, fill func(string) templ.Component) (key string, served bool) {
	v, err := s.versionsOf(r.Context(), name)
	if err != nil {
		s.fail(w, r, err)
		return "", false
	}
	now := s.now()
	key = fmt.Sprintf("%s|%s|%s|%s", v.key(), view, visibilityKey(auth.UserFrom(r.Context())), plan.Today(now).Format(time.DateOnly))
	if f, ok := s.personal.get(key, now); ok {
		s.render(w, r, http.StatusOK, f.title, filled(f.body, fill))
		return key, true
	}
	return key, false
}

// filled is a kept body with what is filled per view by fill (nil: nothing).
func filled(body string, fill func(string) templ.Component) templ.Component {
	if fill == nil {
		return templ.Raw(body)
	}
	return fill(body)
}

// keepPersonal renders body for the viewer, keeps it in s.personal as view under key (from
// servePersonal) until expires, and serves it, filled per view by fill as servePersonal does.
func (s *Server) keepPersonal(w http.ResponseWriter, r *http.Request, view, key, title string, body templ.Component, expires time.Time, fill func(string) templ.Component) {
	html, err := renderShared(r.Context(), body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.personal.put(key, fragment{title: title, body: html, expires: expires})
	s.views.put(view, key)
	s.render(w, r, http.StatusOK, title, filled(html, fill))
}
