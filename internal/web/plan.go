package web

import (
	"bytes"
	"errors"
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
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
	webplan "klyngeportalen/web/plan"
)

// wheelQuery is what the address of a wheel asks for: the year, the month it begins in, the filters.
type wheelQuery struct {
	year   int
	start  time.Month
	filter plan.Filter
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// parseWheel reads the year from the route (this year in Oslo when absent) and the filters
// from the query: an impossible year is 404, a malformed filter 400.
func (s *Server) parseWheel(w http.ResponseWriter, r *http.Request) (wheelQuery, bool) {
	q := wheelQuery{year: plan.Today(time.Now()).Year(), start: time.January}
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
		if !st.Valid() {
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
	return v
}

func (q wheelQuery) window() plan.Window { return plan.NewWindow(q.year, q.start) }

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
	if c.acts, err = s.plan.Activities(ctx, v, q.window(), q.filter); err != nil {
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
		items = append(items, plan.ArcItem{
			Ring: ring, Start: a.StartsOn, End: a.EndsOn, Title: webplan.ArcTitle(a), Href: webplan.ActivityURL(a.ID),
			Muted: a.Status == plan.StatusCancelled || a.Status == plan.StatusPostponed,
		})
	}
	for _, e := range c.events {
		ring, ok := ringOf[e.FocusAreaID]
		if !ok {
			continue
		}
		perRing[ring]++
		items = append(items, plan.ArcItem{
			Ring: ring, Start: e.StartsOn, End: e.EndsOn, Title: webplan.EventArcTitle(e), Href: webplan.EventURL(e.ID),
			Muted: e.Status == plan.StatusCancelled, Event: true,
		})
	}
	today := plan.Today(now)
	wh := webplan.Wheel{Drawing: plan.Layout(win, rings, items, today), Heading: wheelHeading(win), BaseURL: baseURL}
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
	if w.Start.Month() == time.January {
		return "Årshjul " + strconv.Itoa(w.Start.Year())
	}
	last := w.LastDay()
	return fmt.Sprintf("Årshjul %s %d – %s %d", format.MonthName(w.Start.Month()), w.Start.Year(), format.MonthName(last.Month()), last.Year())
}

// months groups the activities and events by the month they begin in (the first month for
// those that began before the window), so that each is listed once.
func months(win plan.Window, c wheelContent) []webplan.MonthGroup {
	groups := make([]webplan.MonthGroup, 12)
	for i := range groups {
		m := win.Start.AddDate(0, i, 0)
		groups[i] = webplan.MonthGroup{ID: fmt.Sprintf("maned-%d-%02d", m.Year(), m.Month()), Name: fmt.Sprintf("%s %d", format.MonthName(m.Month()), m.Year())}
	}
	month := func(start time.Time) int {
		if !start.After(win.Start) {
			return 0
		}
		y, m, _ := start.Date()
		return (y-win.Start.Year())*12 + int(m) - int(win.Start.Month())
	}
	for _, a := range c.acts {
		if i := month(a.StartsOn); i >= 0 && i < 12 {
			groups[i].Activities = append(groups[i].Activities, a)
		}
	}
	for _, e := range c.events {
		if i := month(e.StartsOn); i >= 0 && i < 12 {
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
		Year: q.year, StartMonth: int(q.start), Wheel: wheel(q, c, time.Now(), ""), Months: months(q.window(), c),
		Count: len(c.acts), Events: len(c.events), Filtered: q.filter != plan.Filter{}, CanEdit: plan.CanEdit(auth.UserFrom(r.Context())),
	}
	if len(v) > 0 {
		p.Query = "?" + v.Encode()
	}
	p.PrevURL, p.NextURL = "/arshjul/"+strconv.Itoa(max(q.year-1, 2000))+p.Query, "/arshjul/"+strconv.Itoa(min(q.year+1, 2100))+p.Query
	p.FocusAreas, p.Topics = focusOptions(areas, q.filter.FocusArea, q.filter.Topic, true)
	p.Companies = companyOptions(companies, q.filter.Company, "Alle selskap", func(c members.Company) string { return c.Slug })
	p.Statuses = statusOptions(string(q.filter.Status), "Alle")
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

func statusOptions(selected, all string) []components.Option {
	var out []components.Option
	if all != "" {
		out = append(out, components.Option{Value: "", Label: all})
	}
	for _, st := range plan.Statuses {
		out = append(out, components.Option{Value: string(st), Label: st.Label(), Selected: string(st) == selected})
	}
	return out
}

// wheelSVG is the wheel as a standalone SVG file, its arcs linking to the portal.
func (s *Server) wheelSVG(w http.ResponseWriter, r *http.Request) {
	q, ok := s.parseWheel(w, r)
	if !ok {
		return
	}
	c, err := s.wheelData(r, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	if err := webplan.Drawing(wheel(q, c, time.Now(), s.cfg.BaseURL.String())).Render(r.Context(), &buf); err != nil {
		s.fail(w, r, err)
		return
	}
	download(w, "image/svg+xml; charset=utf-8", fmt.Sprintf("arshjul-%d.svg", q.year), buf.Bytes())
}

// wheelICS is the year's activities as an iCalendar file.
func (s *Server) wheelICS(w http.ResponseWriter, r *http.Request) {
	q, ok := s.parseWheel(w, r)
	if !ok {
		return
	}
	c, err := s.wheelData(r, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := plan.WriteICS(&buf, c.acts, c.events, s.cfg.BaseURL.Hostname(), time.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	download(w, "text/calendar; charset=utf-8", fmt.Sprintf("arshjul-%d.ics", q.year), buf.Bytes())
}

// wheelCSV is the year's activities as a table.
func (s *Server) wheelCSV(w http.ResponseWriter, r *http.Request) {
	q, ok := s.parseWheel(w, r)
	if !ok {
		return
	}
	c, err := s.wheelData(r, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := plan.WriteCSV(&buf, c.acts, c.events); err != nil {
		s.fail(w, r, err)
		return
	}
	download(w, "text/csv; charset=utf-8", fmt.Sprintf("arshjul-%d.csv", q.year), buf.Bytes())
}

// download sends body as an attachment named name.
func download(w http.ResponseWriter, contentType, name string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(body)
}

// requirePlanEditor refuses everyone but cluster admins and the steering group.
func (s *Server) requirePlanEditor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !plan.CanEdit(auth.UserFrom(r.Context())) {
			s.errorPage(w, r, http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// activity loads the activity of the {id} in the route, answering 404 itself when there is none.
func (s *Server) activity(w http.ResponseWriter, r *http.Request) (plan.Activity, bool) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return plan.Activity{}, false
	}
	a, err := s.plan.Activity(r.Context(), plan.ViewerOf(auth.UserFrom(r.Context())), id)
	if err != nil {
		s.fail(w, r, err)
		return a, false
	}
	return a, true
}

func (s *Server) activityPage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.activity(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, a.Title, webplan.Activity(webplan.ActivityPage{Activity: a, CanEdit: plan.CanEdit(auth.UserFrom(r.Context()))}))
}

func (s *Server) newActivityPage(w http.ResponseWriter, r *http.Request) {
	today := plan.Today(time.Now()).Format(time.DateOnly)
	s.renderActivityForm(w, r, http.StatusOK, 0, plan.Input{StartsOn: today, EndsOn: today, Status: string(plan.StatusPlanned)}, nil)
}

func (s *Server) editActivityPage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.activity(w, r)
	if !ok {
		return
	}
	in := plan.Input{
		Title: a.Title, Description: a.Description, FocusArea: strconv.Itoa(int(a.FocusAreaID)),
		StartsOn: a.StartsOn.Format(time.DateOnly), EndsOn: a.EndsOn.Format(time.DateOnly), Status: string(a.Status),
	}
	if a.TopicID != nil {
		in.Topic = strconv.Itoa(int(*a.TopicID))
	}
	if a.CompanyID != nil {
		in.Company = strconv.FormatInt(*a.CompanyID, 10)
	}
	if a.ResponsibleID != nil {
		in.Responsible = strconv.FormatInt(*a.ResponsibleID, 10)
	}
	if a.EventID != nil {
		in.Event = strconv.FormatInt(*a.EventID, 10)
	}
	if a.ThreadID != nil {
		in.Thread = strconv.FormatInt(*a.ThreadID, 10)
	}
	s.renderActivityForm(w, r, http.StatusOK, a.ID, in, nil)
}

func (s *Server) renderActivityForm(w http.ResponseWriter, r *http.Request, status int, id int64, in plan.Input, errs validate.Errors) {
	ctx := r.Context()
	areas, err := s.plan.FocusAreas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	companies, err := s.members.Companies(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	people, err := s.members.AllActive(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	selected, _ := strconv.ParseInt(in.Event, 10, 64)
	choices, err := s.plan.EventChoices(ctx, plan.ViewerOf(auth.UserFrom(ctx)), selected)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := webplan.Form{ID: id, Input: in, Errors: components.Errors(errs), Statuses: statusOptions(in.Status, "")}
	f.Events = []components.Option{{Value: "", Label: "Ingen"}}
	for _, e := range choices {
		v := strconv.FormatInt(e.ID, 10)
		f.Events = append(f.Events, components.Option{Value: v, Label: e.Title + " (" + format.Date(e.StartsAt) + ")", Selected: v == in.Event})
	}
	f.FocusAreas, f.Topics = focusOptions(areas, in.FocusArea, in.Topic, false)
	f.Companies = companyOptions(companies, in.Company, "Ingen", func(c members.Company) string { return strconv.FormatInt(c.ID, 10) })
	f.People = []components.Option{{Value: "", Label: "Ingen"}}
	for _, p := range people {
		v := strconv.FormatInt(p.ID, 10)
		f.People = append(f.People, components.Option{Value: v, Label: p.Name + " (" + p.CompanyName + ")", Selected: v == in.Responsible})
	}
	title := "Ny aktivitet"
	if id != 0 {
		title = "Rediger aktivitet"
	}
	s.render(w, r, status, title, webplan.EditForm(f))
}

func activityInput(r *http.Request) plan.Input {
	f := r.PostForm
	return plan.Input{
		Title: f.Get("title"), Description: f.Get("description"), FocusArea: f.Get("focus_area"), Topic: f.Get("topic"),
		StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on"), Company: f.Get("company"), Responsible: f.Get("responsible"), Status: f.Get("status"),
		Event: f.Get("event"), Thread: f.Get("thread"),
	}
}

func (s *Server) createActivity(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	in := activityInput(r)
	id, err := s.plan.Create(r.Context(), auth.UserFrom(r.Context()), in)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderActivityForm(w, r, http.StatusUnprocessableEntity, 0, in, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, webplan.ActivityURL(id), "success", "Aktiviteten er lagt i årshjulet.")
}

func (s *Server) updateActivity(w http.ResponseWriter, r *http.Request) {
	a, ok := s.activity(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := activityInput(r)
	err := s.plan.Update(r.Context(), auth.UserFrom(r.Context()), a.ID, in)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderActivityForm(w, r, http.StatusUnprocessableEntity, a.ID, in, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, webplan.ActivityURL(a.ID), "success", "Endringene er lagret.")
}

func (s *Server) deleteActivity(w http.ResponseWriter, r *http.Request) {
	a, ok := s.activity(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	if err := s.plan.Delete(r.Context(), auth.UserFrom(r.Context()), a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/arshjul/"+strconv.Itoa(int(a.Year)), "success", "«"+a.Title+"» er slettet fra årshjulet.")
}

func (s *Server) copyYear(w http.ResponseWriter, r *http.Request) {
	q, ok := s.parseWheel(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	n, err := s.plan.CopyYear(r.Context(), auth.UserFrom(r.Context()), q.year)
	back := "/arshjul/" + strconv.Itoa(q.year)
	switch {
	case errors.Is(err, plan.ErrConflict):
		s.redirect(w, r, back, "warning", fmt.Sprintf("%d har allerede en plan, så ingenting ble kopiert.", q.year+1))
	case errors.Is(err, plan.ErrNotFound):
		s.redirect(w, r, back, "warning", fmt.Sprintf("%d har ingen aktiviteter å kopiere.", q.year))
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/arshjul/"+strconv.Itoa(q.year+1), "success", fmt.Sprintf("%s er kopiert fra %d, med status planlagt.", countWords(n), q.year))
	}
}
