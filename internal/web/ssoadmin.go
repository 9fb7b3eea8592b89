package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/directory"
)

// ssoSettings shows a company's provider settings to its admins and cluster admins.
func (s *Server) ssoSettings(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok {
		return
	}
	f := directory.SSOForm{Company: c, RedirectURI: s.ssoRedirectURL()}
	prov, err := s.providers.ForCompany(r.Context(), c.Slug)
	switch {
	case err == nil:
		f.Configured, f.HasSecret, f.Issuer, f.ClientID = true, prov.HasSecret, prov.Issuer, prov.ClientID
		f.Domains, f.CreateUsers, f.ProviderOnly = strings.Join(prov.Domains, "\n"), prov.CreateUsers, prov.ProviderOnly
	case !errors.Is(err, auth.ErrNoProvider):
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Innlogging med selskapskonto", directory.SSO(f))
}

// ssoForm reads the settings form; the secret is never echoed back.
func (s *Server) ssoForm(r *http.Request, c members.Company) (directory.SSOForm, auth.ProviderInput, bool) {
	p := r.PostForm
	in := auth.ProviderInput{
		Issuer: p.Get("issuer"), ClientID: p.Get("client_id"), Secret: p.Get("secret"),
		Domains:     strings.FieldsFunc(p.Get("domains"), func(r rune) bool { return r == '\n' || r == ',' || r == ' ' || r == '\r' }),
		CreateUsers: p.Get("create_users") == "ja", ProviderOnly: p.Get("provider_only") == "ja",
	}
	f := directory.SSOForm{Company: c, RedirectURI: s.ssoRedirectURL(), Issuer: strings.TrimSpace(in.Issuer), ClientID: strings.TrimSpace(in.ClientID),
		Domains: strings.TrimSpace(p.Get("domains")), CreateUsers: in.CreateUsers, ProviderOnly: in.ProviderOnly}
	prov, err := s.providers.ForCompany(r.Context(), c.Slug)
	f.Configured, f.HasSecret = err == nil, err == nil && prov.HasSecret
	return f, in, err == nil || errors.Is(err, auth.ErrNoProvider)
}

func (s *Server) saveSSOSettings(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	f, in, ok := s.ssoForm(r, c)
	if !ok {
		s.fail(w, r, errors.New("sso: reading the provider failed"))
		return
	}
	err := auth.CheckProviderInput(&in, f.HasSecret)
	if err == nil {
		err = s.providers.Save(r.Context(), c.ID, auth.UserFrom(r.Context()).ID, in)
	}
	var fe *auth.ProviderFieldError
	switch {
	case errors.As(err, &fe):
		f.Errors = components.Errors(validate.Errors{fe.Field: fe.Message})
	case errors.Is(err, auth.ErrDomainTaken):
		f.Errors = components.Errors(validate.Errors{"domains": "Et av domenene hører allerede til et annet selskaps innlogging."})
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		s.redirect(w, r, "/medlemmer/"+c.Slug+"/innlogging", "success", "Innloggingen med selskapskonto er lagret. Trykk «Test» for å sjekke den.")
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "Innlogging med selskapskonto", directory.SSO(f))
}

// testSSOSettings runs discovery on the issuer in the form and shows what was found, in Norwegian.
func (s *Server) testSSOSettings(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	f, in, ok := s.ssoForm(r, c)
	if !ok {
		s.fail(w, r, errors.New("sso: reading the provider failed"))
		return
	}
	in.Issuer = strings.TrimRight(strings.TrimSpace(in.Issuer), "/")
	if !auth.ValidIssuer(in.Issuer) {
		f.Test = &directory.SSOTest{Message: "Adressen til utstederen må starte med https://, for eksempel https://login.microsoftonline.com/<tenant-id>/v2.0."}
		s.render(w, r, http.StatusUnprocessableEntity, "Innlogging med selskapskonto", directory.SSO(f))
		return
	}
	d, err := s.providers.Test(r.Context(), in.Issuer)
	if err != nil {
		s.log.Info("sso: discovery test failed", "request_id", RequestID(r.Context()), "issuer", in.Issuer, "err", err)
		f.Test = &directory.SSOTest{Message: "Fant ingen OpenID Connect-tilbyder på " + in.Issuer + ". Sjekk adressen (den skal svare på " +
			in.Issuer + "/.well-known/openid-configuration), og at tilbyderen kan nås fra portalen."}
	} else {
		f.Test = &directory.SSOTest{OK: true, Issuer: d.Issuer, AuthURL: d.AuthURL, TokenURL: d.TokenURL, UserInfoURL: d.UserInfoURL,
			KeysURL: d.KeysURL, PKCE: d.PKCE, EmailClaim: slices.Contains(d.Claims, "email")}
	}
	s.render(w, r, http.StatusOK, "Innlogging med selskapskonto", directory.SSO(f))
}

func (s *Server) deleteSSOSettings(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok {
		return
	}
	if err := s.providers.Delete(r.Context(), c.ID, auth.UserFrom(r.Context()).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/medlemmer/"+c.Slug+"/innlogging", "success", "Innlogging med selskapskonto er slått av. Selskapets personer logger inn med passord.")
}
