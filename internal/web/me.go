package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/privacy"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/me"
)

func (s *Server) mePage(w http.ResponseWriter, r *http.Request) {
	s.renderMe(w, r, http.StatusOK, nil, nil, nil)
}

func (s *Server) renderMe(w http.ResponseWriter, r *http.Request, status int, profile *members.ProfileInput, profileErrs, passwordErrs validate.Errors) {
	s.renderMePhoto(w, r, status, profile, profileErrs, passwordErrs, "")
}

// renderMePhoto is renderMe with the reason an uploaded photo was refused.
func (s *Server) renderMePhoto(w http.ResponseWriter, r *http.Request, status int, profile *members.ProfileInput, profileErrs, passwordErrs validate.Errors, photoErr string) {
	p, err := s.members.PersonAny(r.Context(), auth.UserFrom(r.Context()).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	choices, err := s.notify.Choices(r.Context(), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	record, err := s.events.Record(r.Context(), events.ViewerOf(auth.UserFrom(r.Context())), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := me.Page{Person: p, Choices: choices, Record: record, Profile: members.ProfileInput{Name: p.Name, Title: p.Title, Phone: p.Phone,
		Mobile: p.Mobile, Department: p.Department, Expertise: strings.Join(p.Expertise, ", "), About: p.About},
		ProfileErrors: components.Errors(profileErrs), PasswordErrors: components.Errors(passwordErrs),
		SecondFactor: auth.UserFrom(r.Context()).SecondFactor, PhotoError: photoErr}
	if page.AvatarVersion, err = s.avatars.Version(r.Context(), p.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if profile != nil {
		page.Profile = *profile
	}
	s.render(w, r, status, "Min side", me.Me(page))
}

func (s *Server) updateMe(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	in := members.ProfileInput{Name: f.Get("name"), Title: f.Get("title"), Phone: f.Get("phone"), Mobile: f.Get("mobile"),
		Department: f.Get("department"), Expertise: f.Get("expertise"), About: f.Get("about")}
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

// changePassword is the password change of /meg and of the guests' /apent/konto: the current
// password under the same throttle as every password check, a new session (other devices are
// logged out), then back to back. again shows the account page with the form's errors.
func (s *Server) changePassword(back string, again func(w http.ResponseWriter, r *http.Request, status int, errs validate.Errors)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
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
		if !errs.OK() {
			again(w, r, http.StatusUnprocessableEntity, errs)
			return
		}
		u := auth.UserFrom(r.Context())
		if !s.checkOwnPassword(w, r, "password_change", f.Get("current_password"), func(status int, msg string) {
			if msg == "Passordet er feil." {
				msg = "Nåværende passord er feil."
			}
			again(w, r, status, validate.Errors{"current_password": msg})
		}) {
			return
		}
		at, err := s.auth.ChangePassword(r.Context(), u.ID, next)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.securityEvent(r, "password_change", u.ID, outcomeOK)
		if err := s.startSession(r, u.ID, at); err != nil { // a new token; other sessions are now void
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, back, "success", "Passordet er byttet. Andre enheter er logget ut.")
	}
}

// mePasswordErrors shows /meg again with the password form's errors.
func (s *Server) mePasswordErrors(w http.ResponseWriter, r *http.Request, status int, errs validate.Errors) {
	s.renderMe(w, r, status, nil, nil, errs)
}

// myData sends everything the portal holds about the user as a JSON download.
func (s *Server) myData(w http.ResponseWriter, r *http.Request) {
	id := auth.UserFrom(r.Context()).ID
	data, err := privacy.Export(r.Context(), s.pool, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The profile as the portal shows it (company by name and slug) comes first, then every
	// table's rows about the person.
	profile, err := s.members.PersonAny(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if data["profil"], err = json.Marshal(profile); err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, file{Type: "application/json; charset=utf-8", Name: "mine-data-klyngeportalen.json", Cache: "no-store"}, body)
}
