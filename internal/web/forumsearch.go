package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/notify"
	"klyngeportalen/internal/search"
	"klyngeportalen/internal/validate"
	forumview "klyngeportalen/web/forum"
	searchview "klyngeportalen/web/search"
)

// searchPageSize is how many hits one page of the forum search shows.
const searchPageSize = 20

func (s *Server) forumSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	errs := validate.Errors{}
	page := forumview.SearchPage{Query: errs.Text("q", q.Get("q"), 0, 200, false)}
	if !errs.OK() {
		page.Query, page.Error = "", errs["q"]
		s.render(w, r, http.StatusUnprocessableEntity, "Søk i forumene", forumview.Search(page))
		return
	}
	if v := q.Get("side"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > forum.MaxSearchPages {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		page.Page = n - 1
	}
	u := auth.UserFrom(r.Context())
	key := searchKey(u, "forum", strconv.Itoa(page.Page), page.Query)
	s.renderSearch(w, r, key, "Søk i forumene", func(ctx context.Context) (templ.Component, error) {
		if page.Query != "" {
			hits, more, err := s.forum.Search(ctx, u, page.Query, page.Page, searchPageSize)
			if err != nil {
				return nil, err
			}
			page.Hits = hits
			link := func(n int) string {
				return "/forum/sok?" + url.Values{"q": {page.Query}, "side": {strconv.Itoa(n)}}.Encode()
			}
			if more {
				page.NextURL = link(page.Page + 2)
			}
			if page.Page > 0 {
				page.PrevURL = link(page.Page)
			}
			if page.Page == forum.MaxSearchPages-1 && len(hits) == searchPageSize { // the last page the candidates fill
				page.AllURL = searchview.URL(page.Query, search.Posts)
			}
		}
		return forumview.Search(page), nil
	})
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) {
	var before int64
	if v := r.URL.Query().Get("for"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		before = n
	}
	items, more, err := s.forum.Notifications(r.Context(), auth.UserFrom(r.Context()), before, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := forumview.NotificationsPage{Items: items}
	if more {
		page.NextURL = "/varsler?for=" + strconv.FormatInt(items[len(items)-1].ID, 10)
	}
	s.render(w, r, http.StatusOK, "Varsler", forumview.Notifications(page))
}

func (s *Server) readNotifications(w http.ResponseWriter, r *http.Request) {
	if err := s.forum.MarkNotificationsRead(r.Context(), auth.UserFrom(r.Context())); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/varsler", "success", "Alle varsler er markert som lest.")
}

// setMailChoice saves the person's notification choices per area from /meg (valg-<area>), or
// the forum's mail choice alone (epost: immediate, digest or none) as the form of before sent it.
func (s *Server) setMailChoice(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := auth.UserFrom(r.Context())
	if r.PostForm.Has("epost") {
		choice := r.PostForm.Get("epost")
		if !forum.ValidMail(choice) {
			s.renderMe(w, r, http.StatusUnprocessableEntity, nil, nil, nil)
			return
		}
		if err := s.forum.SetMailChoice(r.Context(), u, choice); err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, "/meg", "success", "Valget for e-postvarsler er lagret.")
		return
	}
	choices := map[string]string{}
	for _, a := range notify.Areas {
		v := r.PostForm.Get("valg-" + a.Key)
		if v == "" {
			continue
		}
		if !notify.ValidChannel(v) {
			s.renderMe(w, r, http.StatusUnprocessableEntity, nil, nil, nil)
			return
		}
		choices[a.Key] = v
	}
	if err := s.notify.SetChoices(r.Context(), u.ID, choices); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/meg#varsler", "success", "Varselvalgene er lagret.")
}
