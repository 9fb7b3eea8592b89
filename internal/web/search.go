package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/a-h/templ"

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
	title := "Søk"
	if page.Query != "" {
		title = "Søk: " + page.Query
	}
	u := auth.UserFrom(r.Context())
	key := searchKey(u, "sok", string(page.Kind), q.Get("etter"), page.Query)
	s.renderSearch(w, r, key, title, func(ctx context.Context) (templ.Component, error) {
		res, err := s.search.Search(ctx, u, req)
		if err != nil {
			return nil, err
		}
		page.Result = res
		if page.Kind != "" {
			for _, g := range res.Groups {
				if g.Kind == page.Kind && g.Next != nil {
					page.NextURL = searchview.URL(page.Query, page.Kind) + "&etter=" + url.QueryEscape(g.Next.String(g.Kind))
				}
			}
		}
		return searchview.Search(page), nil
	})
}
