package web

import (
	"net/http"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/keyset"
	forumview "klyngeportalen/web/forum"
)

// forumView serves one of the views across forums: /forum/siste, /forum/uleste, /forum/mine.
func (s *Server) forumView(view string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var after *forum.ActivityCursor
		if v := r.URL.Query().Get("etter"); v != "" {
			c, ok := parseActivityCursor(v)
			if !ok {
				s.errorPage(w, r, http.StatusBadRequest)
				return
			}
			after = &c
		}
		threads, more, err := s.forum.View(r.Context(), auth.UserFrom(r.Context()), view, after, threadsPerPage)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		page := forumview.ViewPage{View: view, Threads: threads}
		if more {
			last := threads[len(threads)-1]
			page.NextURL = "/forum/" + view + "?etter=" + keyset.Format(last.LastPostAt, last.ID)
		}
		if after != nil {
			page.FirstURL = "/forum/" + view
		}
		title := map[string]string{forum.ViewLatest: "Siste i forumene", forum.ViewUnread: "Uleste tråder", forum.ViewMine: "Mine tråder"}[view]
		s.render(w, r, http.StatusOK, title, forumview.View(page))
	}
}

// An activity cursor is the last thread's time of activity and id.
func parseActivityCursor(v string) (forum.ActivityCursor, bool) {
	k := keyset.Parse(v, 2)
	c := forum.ActivityCursor{At: k.Time(), ID: k.ID()}
	return c, k.OK()
}
