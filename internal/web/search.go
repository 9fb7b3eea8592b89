package web

import (
	"net/http"
	"net/url"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/search"
	searchview "klyngeportalen/web/search"
)

// searchPage is /sok: the one search across everything the viewer may see.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := searchview.Page{Query: search.CleanQuery(q.Get("q")), Kind: search.Kind(q.Get("type"))}
	if page.Kind != "" && !page.Kind.Valid() {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	req := search.Request{Query: page.Query, Kind: page.Kind}
	if after := q.Get("etter"); after != "" {
		c, ok := search.ParseCursor(page.Kind, after)
		if page.Kind == "" || !ok {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		req.After, page.Paged = &c, true
	}
	res, err := s.search.Search(r.Context(), auth.UserFrom(r.Context()), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Result = res
	if page.Kind != "" {
		for _, g := range res.Groups {
			if g.Kind == page.Kind && g.Next != nil {
				page.NextURL = searchview.URL(page.Query, page.Kind) + "&etter=" + url.QueryEscape(g.Next.String(g.Kind))
			}
		}
	}
	title := "Søk"
	if page.Query != "" {
		title = "Søk: " + page.Query
	}
	s.render(w, r, http.StatusOK, title, searchview.Search(page))
}
