package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/privacy"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/directory"
)

func (s *Server) companyUsers(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok {
		return
	}
	s.renderUsers(w, r, http.StatusOK, c, directory.InviteForm{Role: string(auth.RoleMember)})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, c members.Company, invite directory.InviteForm) {
	viewer := auth.UserFrom(r.Context())
	users, err := s.members.CompanyUsers(r.Context(), viewer, c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	linked, err := s.providers.LinkedPeople(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	breakGlass, err := s.providers.BreakGlassPeople(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var roles []components.Option
	for _, role := range auth.Roles {
		if viewer.CanGrant(role) {
			roles = append(roles, components.Option{Value: string(role), Label: role.Label()})
		}
	}
	s.render(w, r, status, "Brukere i "+c.Name, directory.Users(directory.UsersPage{
		Company: c, Users: users, ViewerID: viewer.ID, SSO: linked, BreakGlass: breakGlass, ViewerIsClusterAdmin: viewer.IsClusterAdmin(), Roles: roles, Invite: invite, Outbox: s.cfg.Dev() && s.cfg.SMTPURL == "",
	}))
}

func (s *Server) invite(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	form := directory.InviteForm{Email: f.Get("email"), Name: f.Get("name"), Title: f.Get("title"), Role: f.Get("role")}
	// The company comes from the address, never from the form.
	_, err := s.members.Invite(r.Context(), auth.UserFrom(r.Context()), members.InviteInput{
		CompanyID: c.ID, Email: form.Email, Name: form.Name, Title: form.Title, Role: auth.Role(form.Role),
	}, s.cfg.BaseURL.String())
	var errs validate.Errors
	if errors.As(err, &errs) {
		form.Errors = components.Errors(errs)
		s.renderUsers(w, r, http.StatusUnprocessableEntity, c, form)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/medlemmer/"+c.Slug+"/brukere", "success", "Invitasjonen er sendt til "+form.Email+".")
}

// userChange runs change on the user of the address, who must belong to the company of the address.
func (s *Server) userChange(change func(r *http.Request, actor *auth.User, id int64) (string, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.adminCompany(w, r)
		if !ok || !s.parseForm(w, r) {
			return
		}
		target, ok := load(s, w, r, "user", s.members.PersonAny)
		if !ok {
			return
		}
		ctx, id := r.Context(), target.ID
		if target.CompanyID != c.ID {
			s.errorPage(w, r, http.StatusNotFound)
			return
		}
		msg, err := change(r, auth.UserFrom(ctx), id)
		switch {
		case errors.Is(err, members.ErrSelf):
			s.redirect(w, r, "/medlemmer/"+c.Slug+"/brukere", "warning", "Du kan ikke endre din egen tilgang.")
		case errors.Is(err, members.ErrNotInvited):
			s.redirect(w, r, "/medlemmer/"+c.Slug+"/brukere", "warning", target.Name+" har allerede tatt imot invitasjonen eller er deaktivert, så ingen ny invitasjon ble sendt.")
		case err != nil:
			s.fail(w, r, err)
		default:
			s.redirect(w, r, "/medlemmer/"+c.Slug+"/brukere", "success", msg+" ("+target.Name+")")
		}
	}
}

func (s *Server) setRole(r *http.Request, actor *auth.User, id int64) (string, error) {
	role := auth.Role(r.PostForm.Get("role"))
	if !role.Valid() {
		return "", members.ErrForbidden
	}
	if err := s.members.SetRole(r.Context(), actor, id, role); err != nil {
		return "", err
	}
	s.securityEvent(r, "role_change", id, outcomeOK, slog.Int64("actor_id", actor.ID), slog.String("role", string(role)))
	return "Rollen er endret til " + strings.ToLower(role.Label()), nil
}

func (s *Server) deactivate(r *http.Request, actor *auth.User, id int64) (string, error) {
	if err := s.members.SetActive(r.Context(), actor, id, false); err != nil {
		return "", err
	}
	s.securityEvent(r, "account_deactivated", id, outcomeOK, slog.Int64("actor_id", actor.ID))
	return "Brukeren er deaktivert og logget ut", nil
}

// anonymise forgets a deactivated person for good (cluster admins only).
func (s *Server) anonymise(r *http.Request, actor *auth.User, id int64) (string, error) {
	if !actor.IsClusterAdmin() {
		return "", members.ErrForbidden
	}
	if r.PostForm.Get("bekreft") != "ja" {
		return "", members.ErrForbidden
	}
	if err := privacy.Anonymise(r.Context(), s.pool, id, actor.ID); err != nil {
		return "", err
	}
	s.securityEvent(r, "anonymised", id, outcomeOK, slog.Int64("actor_id", actor.ID))
	return "Personen er anonymisert", nil
}

// endSessions logs the person out on every device (a lost phone, a shared PC).
func (s *Server) endSessions(r *http.Request, actor *auth.User, id int64) (string, error) {
	if _, err := s.auth.EndAllSessions(r.Context(), id); err != nil {
		return "", err
	}
	s.securityEvent(r, "sessions_ended", id, outcomeOK, slog.Int64("actor_id", actor.ID))
	return "Brukeren er logget ut på alle enheter", nil
}

func (s *Server) reactivate(r *http.Request, actor *auth.User, id int64) (string, error) {
	return "Brukeren er aktivert igjen", s.members.SetActive(r.Context(), actor, id, true)
}

func (s *Server) reinvite(r *http.Request, actor *auth.User, id int64) (string, error) {
	return "Invitasjonen er sendt på nytt", s.members.ResendInvitation(r.Context(), actor, id, s.cfg.BaseURL.String())
}

// setBreakGlass lets a cluster admin keep a password when their company signs in with its
// provider only (cluster admins decide this, for cluster admins).
func (s *Server) setBreakGlass(r *http.Request, actor *auth.User, id int64) (string, error) {
	if !actor.IsClusterAdmin() {
		return "", members.ErrForbidden
	}
	on := r.PostForm.Get("on") == "ja"
	if err := s.providers.SetBreakGlass(r.Context(), id, actor.ID, on); err != nil {
		return "", err
	}
	if on {
		return "Nødtilgang med passord er slått på", nil
	}
	return "Nødtilgang med passord er slått av", nil
}
