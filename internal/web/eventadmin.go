package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	eventview "klyngeportalen/web/events"
)

// The organiser's tools: cluster admins only (the route group checks, and the store again).

func (s *Server) newEventPage(w http.ResponseWriter, r *http.Request) {
	s.renderEventForm(w, r, http.StatusOK, 0, events.Input{Kind: "workshop"}, nil)
}

func (s *Server) editEventPage(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if ok {
		s.renderEventForm(w, r, http.StatusOK, e.ID, events.InputOf(e), nil)
	}
}

func (s *Server) renderEventForm(w http.ResponseWriter, r *http.Request, status int, id int64, in events.Input, errs validate.Errors) {
	ctx := r.Context()
	companies, err := s.members.Companies(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	areas, err := s.plan.FocusAreas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	groups, err := s.members.Groups(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := eventview.FormPage{ID: id, Input: in, Errors: components.Errors(errs)}
	for _, k := range events.Kinds {
		p.Kinds = append(p.Kinds, components.Option{Value: k.Value, Label: k.Label, Selected: k.Value == in.Kind})
	}
	p.Companies = []components.Option{{Value: "", Label: "Ingen valgt"}}
	for _, c := range companies {
		v := strconv.FormatInt(c.ID, 10)
		p.Companies = append(p.Companies, components.Option{Value: v, Label: c.Name, Selected: v == in.OrganiserCompanyID})
	}
	p.Areas = []components.Option{{Value: "", Label: "Ingen valgt"}}
	p.Topics = []components.Option{{Value: "", Label: "Ingen valgt"}}
	for _, a := range areas {
		v := strconv.Itoa(int(a.ID))
		p.Areas = append(p.Areas, components.Option{Value: v, Label: a.Name, Selected: v == in.FocusAreaID})
		for _, t := range a.Topics {
			tv := strconv.Itoa(int(t.ID))
			p.Topics = append(p.Topics, components.Option{Value: tv, Label: a.Name + ": " + t.Name, Selected: tv == in.TopicID})
		}
	}
	p.Groups = []components.Option{{Value: "", Label: "Åpent for alle medlemmer"}}
	for _, g := range groups {
		v := strconv.FormatInt(g.ID, 10)
		p.Groups = append(p.Groups, components.Option{Value: v, Label: g.Name, Selected: v == in.GroupID})
	}
	s.render(w, r, status, p.Heading(), eventview.Form(p))
}

func eventInput(r *http.Request) events.Input {
	f := r.PostForm
	return events.Input{
		Title: f.Get("title"), Kind: f.Get("kind"), Description: f.Get("description"), StartsAt: f.Get("starts_at"), EndsAt: f.Get("ends_at"),
		Place: f.Get("place"), OnlineURL: f.Get("online_url"), OrganiserCompanyID: f.Get("organiser_company_id"),
		FocusAreaID: f.Get("focus_area_id"), TopicID: f.Get("topic_id"), Capacity: f.Get("capacity"), CompanyCap: f.Get("company_cap"),
		OpensAt: f.Get("opens_at"), ClosesAt: f.Get("closes_at"), CancellationDeadline: f.Get("cancellation_deadline"),
		Question: f.Get("question"), GroupID: f.Get("group_id"), OpenTo: f["open_to"],
		Address: f.Get("address"), TravelNotes: f.Get("travel_notes"), AccommodationNotes: f.Get("accommodation_notes"),
	}
}

func (s *Server) createEvent(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	in := eventInput(r)
	id, err := s.events.Create(r.Context(), auth.UserFrom(r.Context()), in)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderEventForm(w, r, http.StatusUnprocessableEntity, 0, in, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/arrangementer/%d", id), "success", "Arrangementet er lagret som utkast. Publiser det når det er klart.")
}

func (s *Server) updateEvent(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := eventInput(r)
	err := s.events.Update(r.Context(), auth.UserFrom(r.Context()), e.ID, in, s.cfg.BaseURL.String())
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderEventForm(w, r, http.StatusUnprocessableEntity, e.ID, in, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, eventview.URL(e), "success", "Endringene er lagret.")
}

// eventAction runs one of the organiser's buttons: publish, cancel the event, copy.
func (s *Server) eventAction(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		e, ok := s.event(w, r)
		if !ok || !s.parseForm(w, r) {
			return
		}
		ctx := r.Context()
		actor := auth.UserFrom(ctx)
		to, msg := eventview.URL(e), ""
		var err error
		switch action {
		case "publish":
			err, msg = s.events.Publish(ctx, actor, e.ID), "Arrangementet er publisert."
		case "cancel":
			err, msg = s.events.CancelEvent(ctx, actor, e.ID, s.cfg.BaseURL.String()), "Arrangementet er avlyst, og alle påmeldte har fått e-post."
		case "copy":
			var id int64
			id, err = s.events.Copy(ctx, actor, e.ID)
			to, msg = fmt.Sprintf("/arrangementer/%d/rediger", id), "Kopien er lagret som utkast. Sett ny dato og lagre."
		}
		var refusal *events.Refusal
		if errors.As(err, &refusal) {
			s.redirect(w, r, eventview.URL(e), "warning", refusal.Message)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, to, "success", msg)
	}
}

func (s *Server) attendeesPage(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if ok {
		s.renderAttendees(w, r, http.StatusOK, eventview.AttendeesPage{Event: e})
	}
}

func (s *Server) renderAttendees(w http.ResponseWriter, r *http.Request, status int, p eventview.AttendeesPage) {
	list, err := s.events.Attendees(r.Context(), p.Event.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Attendees = list
	if p.Questions, p.Answers, err = s.attendeeAnswers(r, p.Event.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "Deltakere: "+p.Event.Title, eventview.Attendees(p))
}

func (s *Server) attendeesCSV(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	list, err := s.events.Attendees(r.Context(), e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	qs, answers, err := s.attendeeAnswers(r, e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	setFileHeaders(w, file{Type: "text/csv; charset=utf-8", Name: fmt.Sprintf("deltakere-%d.csv", e.ID)})
	if err := events.WriteCSVWith(w, list, qs, answers); err != nil {
		s.log.Warn("csv export", "request_id", RequestID(r.Context()), "error", err)
	}
}

func (s *Server) checkIn(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	reg, ok := s.idParam(w, r, "registration")
	if !ok {
		return
	}
	present := r.PostForm.Get("til_stede") == "1"
	if err := s.events.CheckIn(r.Context(), auth.UserFrom(r.Context()), e.ID, reg, present); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "Innsjekken er angret."
	if present {
		msg = "Sjekket inn."
	}
	s.redirect(w, r, eventview.URL(e)+"/deltakere", "success", msg)
}

func (s *Server) mailAttendees(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	subject, body := r.PostForm.Get("subject"), r.PostForm.Get("body")
	n, err := s.events.MailAll(r.Context(), auth.UserFrom(r.Context()), e.ID, subject, body, s.cfg.BaseURL.String())
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderAttendees(w, r, http.StatusUnprocessableEntity, eventview.AttendeesPage{Event: e, Subject: subject, Body: body, Errors: components.Errors(errs)})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, eventview.URL(e)+"/deltakere", "success", fmt.Sprintf("E-posten er sendt til %d %s.", n, plural(n, "person", "personer")))
}
