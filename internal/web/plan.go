package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/plan"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
	webplan "klyngeportalen/web/plan"
)

// wheelQuery is what the address of a wheel asks for: the year, the month it begins in, the filters.
type wheelQuery struct {
	year     int
	start    time.Month
	filter   plan.Filter
	zoom     *plan.Window // ?fra=2026-04&til=2026-06: these months instead of the year
	selected string       // ?valgt=a12 (activity 12) or e7 (event 7): shown beside the wheel
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// parseWheel reads the year from the route (this year in Oslo when absent) and the filters
// from the query: an impossible year is 404, a malformed filter 400.
func (s *Server) parseWheel(w http.ResponseWriter, r *http.Request) (wheelQuery, bool) {
	q := wheelQuery{year: plan.Today(s.now()).Year(), start: time.January}
	if y := chi.URLParam(r, "year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 || len(y) != 4 {
			s.errorPage(w, r, http.StatusNotFound)
			return q, false
		}
		q.year = n
	}
	v := r.URL.Query()
	for _, p := range []struct {
		name string
		to   *string
	}{{"fokus", &q.filter.FocusArea}, {"tema", &q.filter.Topic}, {"selskap", &q.filter.Company}} {
		slug := v.Get(p.name)
		if slug != "" && (len(slug) > 60 || !slugPattern.MatchString(slug)) {
			s.errorPage(w, r, http.StatusBadRequest)
			return q, false
		}
		*p.to = slug
	}
	if st := plan.Status(v.Get("status")); st != "" {
		if !st.ValidFilter() {
			s.errorPage(w, r, http.StatusBadRequest)
			return q, false
		}
		q.filter.Status = st
	}
	if m := v.Get("start"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 1 || n > 12 {
			s.errorPage(w, r, http.StatusBadRequest)
			return q, false
		}
		q.start = time.Month(n)
	}
	if !q.parseZoom(v) {
		s.errorPage(w, r, http.StatusBadRequest)
		return q, false
	}
	return q, true
}

// values is the query string of q's filters and start month, without the year.
func (q wheelQuery) values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"fokus": q.filter.FocusArea, "tema": q.filter.Topic, "selskap": q.filter.Company, "status": string(q.filter.Status)} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if q.start != time.January {
		v.Set("start", strconv.Itoa(int(q.start)))
	}
	if q.zoom != nil {
		v.Set("fra", q.zoom.Start.Format(monthLayout))
		v.Set("til", q.zoom.LastDay().Format(monthLayout))
	}
	return v
}

func (q wheelQuery) window() plan.Window {
	if q.zoom != nil {
		return *q.zoom
	}
	return plan.NewWindow(q.year, q.start)
}

// wheelContent is what a wheel shows: the focus areas, the activities and the events with a
// focus area that the viewer may see.
type wheelContent struct {
	areas  []plan.FocusArea
	acts   []plan.Activity
	events []plan.Event
}

// wheelData loads the content of the wheel of q for the signed-in viewer, in four queries.
func (s *Server) wheelData(r *http.Request, q wheelQuery) (wheelContent, error) {
	ctx := r.Context()
	v := plan.ViewerOf(auth.UserFrom(ctx))
	var c wheelContent
	var err error
	if c.areas, err = s.plan.FocusAreas(ctx); err != nil {
		return c, err
	}
	if c.acts, err = s.plan.Activities(ctx, v, q.window(), q.filter, plan.Today(s.now())); err != nil {
		return c, err
	}
	c.events, err = s.plan.Events(ctx, v, q.window(), q.filter)
	return c, err
}

// wheel lays the content c of q out on its wheel.
func wheel(q wheelQuery, c wheelContent, now time.Time, baseURL string) webplan.Wheel {
	return webplan.NewWheel(q.window(), q.selectPrefix(), q.selected, c.areas, c.acts, c.events, now, baseURL)
}

// wheelPage serves the årshjul, rendered from the cache while nothing it shows has changed
// (see wheelKey): a hit reads only the data versions.
func (s *Server) wheelPage(w http.ResponseWriter, r *http.Request) {
	q, ok := s.parseWheel(w, r)
	if !ok {
		return
	}
	v, err := s.versionsOf(r.Context(), "wheel") // read with who the viewer is (keptpages.go)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ver := plan.Version{Plan: v.n[0], Reference: v.reference()}
	now := s.now()
	key := wheelKey(q, auth.UserFrom(r.Context()), ver, plan.Today(now))
	if f, ok := s.wheels.get(key, now); ok {
		s.render(w, r, http.StatusOK, f.title, templ.Raw(f.body))
		return
	}
	var buf strings.Builder
	title, expires, err := s.renderWheel(r, q, now, &buf)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.wheels.put(key, fragment{title: title, body: buf.String(), expires: expires})
	s.render(w, r, http.StatusOK, title, templ.Raw(buf.String()))
}

// wheelKey is what a rendered wheel page depends on: the data versions, the date (statuses
// follow it), the address's year, filters, zoom and selection, and the viewer's visibility
// (role, kind and groups decide which events, threads and buttons show).
func wheelKey(q wheelQuery, u *auth.User, ver plan.Version, today time.Time) string {
	return fmt.Sprintf("%d|%d|%s|%d|%s|%s|%s|%s|%s|%t", ver.Plan, ver.Reference, today.Format(time.DateOnly), q.year, q.values().Encode(),
		q.selected, u.Role, u.Kind, strings.Join(u.Groups, ","), u.IsClusterAdmin())
}

// nextEventChange is when the first event of c starts or ends after now (its status on the
// wheel changes then); zero when none does.
func nextEventChange(c wheelContent, now time.Time) time.Time {
	var next time.Time
	for _, e := range c.events {
		for _, t := range []time.Time{e.StartsAt, e.EndsAt} {
			if t.After(now) && (next.IsZero() || t.Before(next)) {
				next = t
			}
		}
	}
	return next
}

// renderWheel renders the page of q into buf; it returns the page's title and when the
// rendering goes stale by the clock (zero: only by a change of data).
func (s *Server) renderWheel(r *http.Request, q wheelQuery, now time.Time, buf *strings.Builder) (string, time.Time, error) {
	c, err := s.wheelData(r, q)
	if err != nil {
		return "", time.Time{}, err
	}
	areas := c.areas
	companies, err := s.members.Companies(r.Context())
	if err != nil {
		return "", time.Time{}, err
	}
	v := q.values()
	p := webplan.WheelPage{
		Year: q.year, StartMonth: int(q.start), Wheel: wheel(q, c, now, ""), Months: webplan.Months(q.window(), c.acts, c.events),
		Count: len(c.acts), Events: len(c.events), Filtered: q.filter != plan.Filter{}, CanEdit: plan.CanEdit(auth.UserFrom(r.Context())),
	}
	if len(v) > 0 {
		p.Query = "?" + v.Encode()
	}
	p.PrevURL, p.NextURL, p.PrevLabel, p.NextLabel = stepURLs(q)
	p.ZoomYear, p.ZoomQuarters, p.ZoomMonths = zoomLinks(q)
	p.Selected = selection(q, c)
	if p.Zoomed = q.zoom != nil; p.Zoomed {
		p.ZoomFrom, p.ZoomTo = q.zoom.Start.Format(monthLayout), q.zoom.LastDay().Format(monthLayout)
	}
	p.FocusAreas, p.Topics = webplan.FocusOptions(areas, q.filter.FocusArea, q.filter.Topic, true)
	p.Companies = webplan.CompanyOptions(companies, q.filter.Company, "Alle selskaper", func(c members.Company) string { return c.Slug })
	p.Statuses = webplan.StatusOptions(string(q.filter.Status), "Alle", plan.FilterStatuses)
	for m := time.January; m <= time.December; m++ {
		p.Starts = append(p.Starts, components.Option{Value: strconv.Itoa(int(m)), Label: format.MonthName(m), Selected: m == q.start})
	}
	if err := webplan.Page(p).Render(r.Context(), buf); err != nil {
		return "", time.Time{}, err
	}
	return p.Wheel.Heading, nextEventChange(c, now), nil
}
