package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	guestview "klyngeportalen/web/guests"
)

// ownersPage is /eiere: the owner municipalities for every member; for cluster admins and
// company admins also the owner and partner accounts they manage, and the invitation form.
func (s *Server) ownersPage(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	// The same for every viewer of a company who sees alike (an admin manages their company's
	// owners' accounts); kept while the companies, the partners and their accounts are unchanged.
	key := "owners|" + visibilityKey(u) + "|" + strconv.FormatInt(u.CompanyID, 10)
	s.renderKept(w, r, "partners", key, ownersTitle, func(ctx context.Context) (templ.Component, time.Time, error) {
		p, err := s.ownersData(ctx, u, guestview.InviteForm{Kind: "owner"})
		return guestview.Owners(p), time.Time{}, err
	})
}

// ownersTitle is the owners page's title.
const ownersTitle = "Eiere og partnere"

// renderOwners renders the owners page with the invitation form as posted (not kept).
func (s *Server) renderOwners(w http.ResponseWriter, r *http.Request, status int, form guestview.InviteForm) {
	p, err := s.ownersData(r.Context(), auth.UserFrom(r.Context()), form)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, ownersTitle, guestview.Owners(p))
}

// ownersData reads the owners page for u, with the invitation form.
func (s *Server) ownersData(ctx context.Context, u *auth.User, form guestview.InviteForm) (guestview.OwnersPage, error) {
	p := guestview.OwnersPage{Form: form}
	var err error
	if p.Companies, err = s.members.Companies(ctx); err != nil {
		return p, err
	}
	if p.Municipalities, p.Guests, err = s.members.GuestAdmin(ctx, u); err != nil {
		return p, err
	}
	if u.IsClusterAdmin() {
		p.Partners, err = s.partners.Organisations(ctx, u)
	}
	return p, err
}

// inviteGuest invites an owner representative (cluster admins; company admins for their own
// company's owners) or a partner person (cluster admins).
func (s *Server) inviteGuest(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	form := guestview.InviteForm{Kind: f.Get("kind"), Name: f.Get("name"), Email: f.Get("email"), Title: f.Get("title"),
		Municipality: f.Get("municipality"), Partner: f.Get("partner")}
	partnerID, _ := strconv.ParseInt(form.Partner, 10, 64)
	_, err := s.members.InviteGuest(r.Context(), auth.UserFrom(r.Context()), members.GuestInvite{
		Kind: form.Kind, Email: form.Email, Name: form.Name, Title: form.Title, Municipality: form.Municipality, PartnerID: partnerID,
	}, s.cfg.BaseURL.String())
	var errs validate.Errors
	if errors.As(err, &errs) {
		form.Errors = components.Errors(errs)
		s.renderOwners(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/eiere", "success", "Invitasjonen er sendt til "+form.Email+".")
}

// setGuestActive closes or reopens an owner's or partner's account the viewer manages.
func (s *Server) setGuestActive(active bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := s.idParam(w, r, "user")
		if !ok || !s.parseForm(w, r) {
			return
		}
		if err := s.members.SetGuestActive(r.Context(), auth.UserFrom(r.Context()), id, active); err != nil {
			s.fail(w, r, err)
			return
		}
		msg := "Kontoen er stengt."
		if active {
			msg = "Kontoen er åpnet igjen."
		}
		s.redirect(w, r, "/eiere", "success", msg)
	}
}
