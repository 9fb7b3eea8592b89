package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/directory"
	eventview "klyngeportalen/web/events"
)

// peoplePageSize is how many people one page of the search shows.
const peoplePageSize = 50

func (s *Server) people(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	errs := validate.Errors{}
	f := members.PeopleFilter{
		Query:   errs.Text("q", q.Get("q"), 0, 100, false),
		Company: errs.Text("selskap", q.Get("selskap"), 0, 60, false),
		Group:   errs.Text("gruppe", q.Get("gruppe"), 0, 60, false),
		Tag:     strings.ToLower(errs.Text("fag", q.Get("fag"), 0, 40, false)),
		From:    q.Get("fra"),
		Limit:   peoplePageSize,
	}
	if !errs.OK() || (f.From != "" && !slices.Contains(directory.Letters, f.From)) {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	if after := q.Get("etter"); after != "" {
		c, ok := parseCursor(after)
		if !ok {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		f.After = &c
	}
	// The same for every viewer: rendered once while no one listed has changed.
	ctx := r.Context()
	v, err := s.versionsOf(ctx, "people") // read with who the viewer is (keptpages.go)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now()
	key := fmt.Sprintf("people|%d|%d|%q|%q|%q|%q|%q|%q", v.n[0], v.reference(), f.Query, f.Company, f.Group, f.Tag, f.From, q.Get("etter"))
	frag, ok := s.pages.get(key, now)
	if !ok {
		page, err := s.peoplePage(ctx, f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		body, err := renderShared(ctx, directory.People(page))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		frag = fragment{title: "Personer", body: body}
		s.pages.put(key, frag)
	}
	s.render(w, r, http.StatusOK, frag.title, templ.Raw(frag.body))
}

// peoplePage is the page of the people found with f.
func (s *Server) peoplePage(ctx context.Context, f members.PeopleFilter) (directory.PeoplePage, error) {
	people, more, err := s.members.SearchPeople(ctx, f)
	if err != nil {
		return directory.PeoplePage{}, err
	}
	companies, err := s.members.Companies(ctx)
	if err != nil {
		return directory.PeoplePage{}, err
	}
	groups, err := s.members.Groups(ctx)
	if err != nil {
		return directory.PeoplePage{}, err
	}
	page := directory.PeoplePage{Query: f.Query, Company: f.Company, Group: f.Group, Tag: f.Tag, From: f.From, People: people}
	page.Companies = []components.Option{{Value: "", Label: "Alle selskaper"}}
	for _, c := range companies {
		page.Companies = append(page.Companies, components.Option{Value: c.Slug, Label: c.Name, Selected: c.Slug == f.Company})
	}
	page.Groups = []components.Option{{Value: "", Label: "Alle grupper"}}
	for _, g := range groups {
		page.Groups = append(page.Groups, components.Option{Value: g.Slug, Label: g.Name, Selected: g.Slug == f.Group})
	}
	base := url.Values{}
	for k, v := range map[string]string{"q": f.Query, "selskap": f.Company, "gruppe": f.Group, "fag": f.Tag} {
		if v != "" {
			base.Set(k, v)
		}
	}
	if more {
		last := people[len(people)-1]
		next := url.Values{}
		for k, v := range base {
			next[k] = v
		}
		next.Set("etter", formatCursor(members.Cursor{Name: last.Name, ID: last.ID}))
		page.NextURL = "/personer?" + next.Encode()
	}
	page.LetterURL = func(letter string) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		v.Set("fra", letter)
		return "/personer?" + v.Encode()
	}
	if f.After != nil || f.From != "" {
		page.FirstURL = "/personer"
		if len(base) > 0 {
			page.FirstURL += "?" + base.Encode()
		}
	}
	return page, nil
}

// A cursor of the people search is the last person's id and name.
func formatCursor(c members.Cursor) string { return keyset.Format(c.ID, c.Name) }

func parseCursor(s string) (members.Cursor, bool) {
	k := keyset.Parse(s, 2)
	c := members.Cursor{ID: k.ID(), Name: k.Text(120, false)}
	return c, k.OK()
}

func (s *Server) person(w http.ResponseWriter, r *http.Request) {
	p, ok := load(s, w, r, "id", s.members.Person)
	if !ok {
		return
	}
	viewer := auth.UserFrom(r.Context())
	posts, err := s.forum.RecentPostsBy(r.Context(), viewer, p.ID, personPostsShown)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := directory.Person(directory.PersonPage{Person: p, Posts: posts, Self: viewer.ID == p.ID})
	if !maySeeRecord(viewer, p.ID, p.CompanyID) {
		s.render(w, r, http.StatusOK, p.Name, page)
		return
	}
	record, err := s.events.Record(r.Context(), events.ViewerOf(viewer), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, p.Name, eventview.WithRecord(page, record, "/personer/"+strconv.FormatInt(p.ID, 10)+"/kompetanse.csv"))
}

// personPostsShown is how many of a person's recent forum posts their page lists.
const personPostsShown = 5

// personVCard is a person's contact card (vCard 4.0) for a phone's contacts.
func (s *Server) personVCard(w http.ResponseWriter, r *http.Request) {
	p, ok := load(s, w, r, "id", s.members.Person)
	if !ok {
		return
	}
	profile := ""
	if s.cfg.BaseURL != nil {
		profile = strings.TrimRight(s.cfg.BaseURL.String(), "/") + "/personer/" + strconv.FormatInt(p.ID, 10)
	}
	card := members.VCard(p, profile)
	sendFile(w, file{Type: "text/vcard; charset=utf-8", Name: "kontakt-" + strconv.FormatInt(p.ID, 10) + ".vcf", Cache: "no-store"}, []byte(card))
}

// expertisePage is "Hvem kan noe om …?": every area of expertise people name, with how many.
func (s *Server) expertisePage(w http.ResponseWriter, r *http.Request) {
	tags, err := s.members.ExpertiseTags(r.Context(), 300)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Hvem kan noe om …?", directory.Expertise(tags))
}
