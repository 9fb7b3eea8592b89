package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
	webplan "klyngeportalen/web/plan"
)

// activity loads the activity of the {id} in the route, answering 404 itself when there is none.
func (s *Server) activity(w http.ResponseWriter, r *http.Request) (plan.Activity, bool) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return plan.Activity{}, false
	}
	a, err := s.plan.Activity(r.Context(), plan.ViewerOf(auth.UserFrom(r.Context())), id, plan.Today(s.now()))
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
	today := plan.Today(s.now()).Format(time.DateOnly)
	s.renderActivityForm(w, r, http.StatusOK, 0, plan.Input{StartsOn: today, EndsOn: today, Status: string(plan.StatusPlanned)}, nil)
}

func (s *Server) editActivityPage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.activity(w, r)
	if !ok {
		return
	}
	in := plan.Input{
		Title: a.Title, Description: a.Description, FocusArea: strconv.Itoa(int(a.FocusAreaID)),
		StartsOn: a.StartsOn.Format(time.DateOnly), EndsOn: a.EndsOn.Format(time.DateOnly), Status: string(a.Set), OpenTo: a.OpenTo,
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
	if a.ProjectID != nil {
		in.Project = strconv.FormatInt(*a.ProjectID, 10)
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
	f := webplan.Form{ID: id, Input: in, Errors: components.Errors(errs), Statuses: webplan.StatusOptions(in.Status, "", plan.Statuses)}
	f.Events = []components.Option{{Value: "", Label: "Ingen"}}
	for _, e := range choices {
		v := strconv.FormatInt(e.ID, 10)
		f.Events = append(f.Events, components.Option{Value: v, Label: e.Title + " (" + format.Date(e.StartsAt) + ")", Selected: v == in.Event})
	}
	current, _ := strconv.ParseInt(in.Project, 10, 64)
	projects, err := s.documents.ProjectChoices(ctx, current)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Projects = []components.Option{{Value: "", Label: "Ingen"}}
	for _, p := range projects {
		v := strconv.FormatInt(p.ID, 10)
		f.Projects = append(f.Projects, components.Option{Value: v, Label: p.Title, Selected: v == in.Project})
	}
	f.FocusAreas, f.Topics = webplan.FocusOptions(areas, in.FocusArea, in.Topic, false)
	f.Companies = webplan.CompanyOptions(companies, in.Company, "Ingen", func(c members.Company) string { return strconv.FormatInt(c.ID, 10) })
	f.People = []components.Option{{Value: "", Label: "Ingen"}}
	for _, p := range people {
		v := strconv.FormatInt(p.ID, 10)
		f.People = append(f.People, components.Option{Value: v, Label: p.Name + " (" + p.CompanyShort + ")", Selected: v == in.Responsible})
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
		Event: f.Get("event"), Thread: f.Get("thread"), Project: f.Get("project"), OpenTo: f["open_to"],
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

func countWords(n int) string {
	if n == 1 {
		return "1 aktivitet"
	}
	return strconv.Itoa(n) + " aktiviteter"
}
