package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	eventview "klyngeportalen/web/events"
)

// registrationTarget is the person of the form's "user" field, or the viewer when it is empty.
func registrationTarget(r *http.Request) (int64, bool) {
	v := r.PostForm.Get("user")
	if v == "" {
		return auth.UserFrom(r.Context()).ID, true
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) registerEvent(w http.ResponseWriter, r *http.Request) {
	s.changeRegistration(w, r, true)
}

func (s *Server) cancelRegistration(w http.ResponseWriter, r *http.Request) {
	s.changeRegistration(w, r, false)
}

// changeRegistration registers or cancels the person of the form for the event of the address.
// Only the person's id is read from the form; the store decides whether the viewer may act for them.
func (s *Server) changeRegistration(w http.ResponseWriter, r *http.Request, register bool) {
	// The event is read by the store with the registration (and 404 when the viewer may not see
	// it): a round trip less than loading it here first.
	id, ok := s.idParam(w, r, "event")
	if !ok || !s.parseForm(w, r) {
		return
	}
	target, ok := registrationTarget(r)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	viewer := auth.UserFrom(ctx)
	base := s.cfg.BaseURL.String()
	answer := r.PostForm.Get("answer")
	var res events.Result
	var err error
	if register {
		res, err = s.events.RegisterWith(ctx, viewer, id, target, answer, events.Form(r.PostForm), base)
	} else {
		err = s.events.Cancel(ctx, viewer, id, target, base)
	}
	var errs validate.Errors
	var refusal *events.Refusal
	switch {
	case errors.As(err, &errs):
		s.showEvent(w, r, http.StatusUnprocessableEntity, id, nil, eventview.EventPage{Answer: answer, Posted: events.Form(r.PostForm), Errors: components.Errors(errs)}, "")
		return
	case errors.As(err, &refusal):
		s.showEvent(w, r, http.StatusConflict, id, nil, eventview.EventPage{Answer: answer, Posted: events.Form(r.PostForm), Refusal: refusal.Message}, "")
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	who := "Du"
	if target != viewer.ID {
		who = "Kollegaen din"
	}
	msg := who + " er meldt av."
	switch {
	case register && res.Status == events.Confirmed:
		msg = who + " er påmeldt. Bekreftelsen er sendt på e-post."
	case register:
		msg = fmt.Sprintf("Arrangementet er fullt. %s står på venteliste som nr. %d.", who, res.Position)
	}
	to := eventview.URL(events.Event{ID: id})
	if register && target != viewer.ID && r.PostForm.Get("fra") == "kolleger" {
		to += "/kolleger" // back to the list, to sign up the next one
	}
	s.redirect(w, r, to, "success", msg)
}

// canSignUpColleagues: a company admin signs colleagues up for a published event that is not over.
func canSignUpColleagues(viewer *auth.User, e events.Event) bool {
	return viewer.Role == auth.RoleCompanyAdmin && e.Status != events.StatusDraft && !e.Past(time.Now())
}

// colleaguesPage lists the company admin's colleagues with their status at the event, with a
// form to sign up one more (a company can have hundreds: they are not on the event page).
func (s *Server) colleaguesPage(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	viewer := auth.UserFrom(r.Context())
	if !canSignUpColleagues(viewer, e) {
		s.errorPage(w, r, http.StatusForbidden)
		return
	}
	list, err := s.events.Colleagues(r.Context(), e.ID, viewer.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := eventview.ColleaguesPage{Event: e, Colleagues: list}
	p.Open, p.Why = e.RegistrationOpen(time.Now())
	s.render(w, r, http.StatusOK, "Meld på kolleger – "+e.Title, eventview.Colleagues(p))
}
