package web

import (
	"errors"
	"net/http"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/validate"
)

// companyLogo serves a company's stored, re-encoded logo with the type sniffed from it.
func (s *Server) companyLogo(w http.ResponseWriter, r *http.Request) {
	c, ok := s.company(w, r)
	if !ok {
		return
	}
	l, err := s.members.CompanyLogo(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, file{Type: http.DetectContentType(l.Data), Inline: true, Cache: "private, max-age=300"}, l.Data)
}

// uploadLogo takes a logo for the company: checked and re-encoded like a news image.
func (s *Server) uploadLogo(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok {
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.logoRefused(w, r, c, "Filen kunne ikke leses. Velg en bildefil og prøv igjen.")
		return
	}
	img, err := uploadedImage(r)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.logoRefused(w, r, c, errs["image"])
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if img == nil {
		s.logoRefused(w, r, c, "Velg en bildefil.")
		return
	}
	if len(img.Data) > members.MaxLogoBytes {
		s.logoRefused(w, r, c, "Logoen er for stor. Bruk et mindre bilde, høyst 2 MB.")
		return
	}
	if err := s.members.SetLogo(r.Context(), auth.UserFrom(r.Context()), c.ID, members.Logo{
		ContentType: img.ContentType, Data: img.Data, Width: img.Width, Height: img.Height}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/medlemmer/"+c.Slug, "success", "Logoen er lagret.")
}

// logoRefused shows the profile form again with the logo's error.
func (s *Server) logoRefused(w http.ResponseWriter, r *http.Request, c members.Company, msg string) {
	s.renderCompanyForm(w, r, http.StatusUnprocessableEntity, c, companyInput(c), validate.Errors{"logo": msg})
}

func (s *Server) removeLogo(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok {
		return
	}
	if err := s.members.RemoveLogo(r.Context(), auth.UserFrom(r.Context()), c.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/medlemmer/"+c.Slug, "success", "Logoen er fjernet.")
}
