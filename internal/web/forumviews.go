package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
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
			page.NextURL = fmt.Sprintf("/forum/%s?etter=%d-%d", view, last.LastPostAt.UnixMicro(), last.ID)
		}
		if after != nil {
			page.FirstURL = "/forum/" + view
		}
		title := map[string]string{forum.ViewLatest: "Siste i forumene", forum.ViewUnread: "Uleste tråder", forum.ViewMine: "Mine tråder"}[view]
		s.render(w, r, http.StatusOK, title, forumview.View(page))
	}
}

// An activity cursor is written as "<unix microseconds>-<id>".
func parseActivityCursor(v string) (forum.ActivityCursor, bool) {
	at, id, ok := strings.Cut(v, "-")
	if len(v) > 60 || !ok {
		return forum.ActivityCursor{}, false
	}
	micros, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n <= 0 || micros < 0 {
		return forum.ActivityCursor{}, false
	}
	return forum.ActivityCursor{At: time.UnixMicro(micros), ID: n}, true
}
