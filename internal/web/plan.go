package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

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

// wheel lays the activities and events out on the wheel of q: a ring per focus area, the
// events as arcs in their focus area's ring beside the activities.
func wheel(q wheelQuery, c wheelContent, now time.Time, baseURL string) webplan.Wheel {
	areas, acts := c.areas, c.acts
	win := q.window()
	sel := q.selectPrefix()
	rings := make([]plan.Ring, len(areas))
	ringOf := map[int16]int{}
	for i, a := range areas {
		rings[i] = plan.Ring{Key: strconv.Itoa(int(a.ID)), Label: a.Name, Colour: a.Colour}
		ringOf[a.ID] = i
	}
	items := make([]plan.ArcItem, 0, len(acts))
	perRing := make([]int, len(areas))
	for _, a := range acts {
		ring, ok := ringOf[a.FocusAreaID]
		if !ok {
			continue
		}
		perRing[ring]++
		key := "a" + strconv.FormatInt(a.ID, 10)
		items = append(items, plan.ArcItem{
			Ring: ring, Start: a.StartsOn, End: a.EndsOn, Title: webplan.ArcTitle(a), Label: a.Title, Href: webplan.ActivityURL(a.ID),
			Select: sel + key + "#valgt", Selected: key == q.selected,
			Muted: a.Status == plan.StatusCancelled || a.Status == plan.StatusPostponed, Late: a.Status == plan.StatusLate,
		})
	}
	for _, e := range c.events {
		ring, ok := ringOf[e.FocusAreaID]
		if !ok {
			continue
		}
		perRing[ring]++
		key := "e" + strconv.FormatInt(e.ID, 10)
		items = append(items, plan.ArcItem{
			Ring: ring, Start: e.StartsOn, End: e.EndsOn, Title: webplan.EventArcTitle(e), Label: e.Title, Href: webplan.EventURL(e.ID),
			Select: sel + key + "#valgt", Selected: key == q.selected,
			Muted: e.Status == plan.StatusCancelled, Event: true,
		})
	}
	today := plan.Today(now)
	wh := webplan.Wheel{Drawing: plan.Layout(win, rings, items, today), Heading: wheelHeading(win), BaseURL: baseURL}
	if baseURL == "" {
		wh.Simple = plan.Simple(win, rings, items)
		wh.SimpleHref = func(m time.Time) string { return "#" + webplan.MonthID(m) }
	}
	summary := fmt.Sprintf("%s med %s", wh.Heading, webplan.CountWords(len(acts), len(c.events)))
	for i, a := range areas {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		summary += sep + a.Name + " " + strconv.Itoa(perRing[i])
	}
	summary += ". Hjulet har en ring per satsingsområde og en bue per aktivitet, fra start- til sluttdato, med månedene rundt."
	if len(c.events) > 0 {
		summary += " Arrangementene har stiplet kant."
	}
	if wh.Drawing.Today {
		wh.Today = format.Date(today)
		summary += " En rød strek markerer dagens dato, " + wh.Today + "."
	}
	wh.Summary = summary
	return wh
}

func countWords(n int) string {
	if n == 1 {
		return "1 aktivitet"
	}
	return strconv.Itoa(n) + " aktiviteter"
}

func wheelHeading(w plan.Window) string {
	if w.Zoomed() {
		return "Årshjul " + webplan.MonthSpan(w)
	}
	if w.Start.Month() == time.January {
		return "Årshjul " + strconv.Itoa(w.Start.Year())
	}
	last := w.LastDay()
	return fmt.Sprintf("Årshjul %s %d – %s %d", format.MonthName(w.Start.Month()), w.Start.Year(), format.MonthName(last.Month()), last.Year())
}

// months groups the activities and events by the month they begin in (the first month for
// those that began before the window), so that each is listed once.
func months(win plan.Window, c wheelContent) []webplan.MonthGroup {
	groups := make([]webplan.MonthGroup, win.MonthCount())
	for i := range groups {
		m := win.Start.AddDate(0, i, 0)
		groups[i] = webplan.MonthGroup{ID: webplan.MonthID(m), Name: fmt.Sprintf("%s %d", format.MonthName(m.Month()), m.Year())}
	}
	month := func(start time.Time) int {
		if !start.After(win.Start) {
			return 0
		}
		y, m, _ := start.Date()
		return (y-win.Start.Year())*12 + int(m) - int(win.Start.Month())
	}
	for _, a := range c.acts {
		if i := month(a.StartsOn); i >= 0 && i < len(groups) {
			groups[i].Activities = append(groups[i].Activities, a)
		}
	}
	for _, e := range c.events {
		if i := month(e.StartsOn); i >= 0 && i < len(groups) {
			groups[i].Events = append(groups[i].Events, e)
		}
	}
	return groups
}

func (s *Server) wheelPage(w http.ResponseWriter, r *http.Request) {
	q, ok := s.parseWheel(w, r)
	if !ok {
		return
	}
	c, err := s.wheelData(r, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	areas := c.areas
	companies, err := s.members.Companies(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := q.values()
	p := webplan.WheelPage{
		Year: q.year, StartMonth: int(q.start), Wheel: wheel(q, c, s.now(), ""), Months: months(q.window(), c),
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
	p.FocusAreas, p.Topics = focusOptions(areas, q.filter.FocusArea, q.filter.Topic, true)
	p.Companies = companyOptions(companies, q.filter.Company, "Alle selskap", func(c members.Company) string { return c.Slug })
	p.Statuses = statusOptions(string(q.filter.Status), "Alle", plan.FilterStatuses)
	for m := time.January; m <= time.December; m++ {
		p.Starts = append(p.Starts, components.Option{Value: strconv.Itoa(int(m)), Label: format.MonthName(m), Selected: m == q.start})
	}
	s.render(w, r, http.StatusOK, p.Wheel.Heading, webplan.Page(p))
}

// focusOptions are the choices of focus area and topic: by slug for filters, by id for the form.
func focusOptions(areas []plan.FocusArea, area, topic string, bySlug bool) (fo, to []components.Option) {
	all := "Alle"
	if !bySlug {
		all = "Velg satsingsområde"
	}
	fo = []components.Option{{Value: "", Label: all}}
	to = []components.Option{{Value: "", Label: map[bool]string{true: "Alle temaer", false: "Ingen bestemt"}[bySlug]}}
	for _, a := range areas {
		v := a.Slug
		if !bySlug {
			v = strconv.Itoa(int(a.ID))
		}
		fo = append(fo, components.Option{Value: v, Label: a.Name, Selected: v == area})
		for _, t := range a.Topics {
			v := t.Slug
			if !bySlug {
				v = strconv.Itoa(int(t.ID))
			}
			to = append(to, components.Option{Value: v, Label: t.Name + " (" + a.Name + ")", Selected: v == topic})
		}
	}
	return fo, to
}

func companyOptions(companies []members.Company, selected, none string, value func(members.Company) string) []components.Option {
	out := []components.Option{{Value: "", Label: none}}
	for _, c := range companies {
		out = append(out, components.Option{Value: value(c), Label: c.Name, Selected: value(c) == selected})
	}
	return out
}

func statusOptions(selected, all string, statuses []plan.Status) []components.Option {
	var out []components.Option
	if all != "" {
		out = append(out, components.Option{Value: "", Label: all})
	}
	for _, st := range statuses {
		out = append(out, components.Option{Value: string(st), Label: st.Label(), Selected: string(st) == selected})
	}
	return out
}
