package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/me"
)

func (s *Server) mePage(w http.ResponseWriter, r *http.Request) {
	s.renderMe(w, r, http.StatusOK, nil, nil, nil)
}

func (s *Server) renderMe(w http.ResponseWriter, r *http.Request, status int, profile *members.ProfileInput, profileErrs, passwordErrs validate.Errors) {
	p, err := s.members.PersonAny(r.Context(), auth.UserFrom(r.Context()).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	choice, err := s.forum.MailChoice(r.Context(), auth.UserFrom(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	record, err := s.events.Record(r.Context(), events.ViewerOf(auth.UserFrom(r.Context())), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := me.Page{Person: p, MailChoice: choice, Record: record, Profile: members.ProfileInput{Name: p.Name, Title: p.Title, Phone: p.Phone},
		ProfileErrors: components.Errors(profileErrs), PasswordErrors: components.Errors(passwordErrs),
		SecondFactor: auth.UserFrom(r.Context()).SecondFactor}
	if profile != nil {
		page.Profile = *profile
	}
	s.render(w, r, status, "Min side", me.Me(page))
}

func (s *Server) updateMe(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	in := members.ProfileInput{Name: r.PostForm.Get("name"), Title: r.PostForm.Get("title"), Phone: r.PostForm.Get("phone")}
	err := s.members.UpdateProfile(r.Context(), auth.UserFrom(r.Context()).ID, in)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderMe(w, r, http.StatusUnprocessableEntity, &in, errs, nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/meg", "success", "Profilen er lagret.")
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	errs := validate.Errors{}
	next := f.Get("new_password")
	if err := auth.CheckPassword(next); err != nil {
		errs.Add("new_password", err.Error())
	} else if next != f.Get("new_password2") {
		errs.Add("new_password2", "Passordene er ikke like.")
	}
	if len(f.Get("current_password")) > 4*auth.MaxPasswordLen {
		errs.Add("current_password", "Nåværende passord er feil.")
	}
	if !errs.OK() {
		s.renderMe(w, r, http.StatusUnprocessableEntity, nil, nil, errs)
		return
	}
	u := auth.UserFrom(r.Context())
	at, err := s.auth.ChangePassword(r.Context(), u.ID, f.Get("current_password"), next)
	if errors.Is(err, auth.ErrBadCredentials) {
		s.renderMe(w, r, http.StatusUnprocessableEntity, nil, nil, validate.Errors{"current_password": "Nåværende passord er feil."})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(r, u.ID, at); err != nil { // a new token; other sessions are now void
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/meg", "success", "Passordet er byttet. Andre enheter er logget ut.")
}

// myData sends everything the portal holds about the user as a JSON download.
func (s *Server) myData(w http.ResponseWriter, r *http.Request) {
	data, err := s.members.ExportUser(r.Context(), auth.UserFrom(r.Context()).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="mine-data-klyngeportalen.json"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}
