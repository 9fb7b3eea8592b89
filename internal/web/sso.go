package web

import (
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/account"
)

// Session keys of a sign-in on its way to a company's identity provider. They are removed
// before the callback does anything else, so a callback can be used once.
const (
	sessSSOState    = "sso_state"
	sessSSONonce    = "sso_nonce"
	sessSSOVerifier = "sso_verifier"
	sessSSOCompany  = "sso_company"
	sessSSONext     = "sso_next"
	sessSSOSince    = "sso_since" // Unix seconds
	sessSSOMFA      = "sso_mfa"   // the provider vouched for a second factor at sign-in
)

// ssoLoginTTL is how long a person may take at their provider.
const ssoLoginTTL = 10 * time.Minute

func (s *Server) ssoRedirectURL() string {
	return s.cfg.BaseURL.JoinPath("/logg-inn/sso/tilbake").String()
}

// ssoPage shows the button that starts a sign-in through the company's provider.
func (s *Server) ssoPage(w http.ResponseWriter, r *http.Request) {
	prov, err := s.providers.ForCompany(r.Context(), chi.URLParam(r, "company"))
	if errors.Is(err, auth.ErrNoProvider) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Logg inn med selskapskonto", account.SSOStart(account.SSOStartPage{
		CompanySlug: prov.CompanySlug, CompanyName: prov.CompanyName, Next: validate.LocalPath(r.URL.Query().Get("next")),
	}))
}

// ssoStart sends the browser to the company's provider (POST: it starts a sign-in).
func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	prov, err := s.providers.ForCompany(r.Context(), chi.URLParam(r, "company"))
	if errors.Is(err, auth.ErrNoProvider) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.beginSSO(w, r, prov, "", validate.LocalPath(r.PostForm.Get("next")))
}

// beginSSO keeps state, nonce and PKCE verifier in the session and redirects to the provider.
func (s *Server) beginSSO(w http.ResponseWriter, r *http.Request, prov auth.Provider, email, next string) {
	ctx := r.Context()
	l, err := s.providers.Begin(ctx, prov, s.ssoRedirectURL(), email)
	if errors.Is(err, auth.ErrProviderDown) {
		s.log.Warn("sso: provider unreachable", "request_id", RequestID(ctx), "company", prov.CompanySlug, "err", err)
		s.renderSSORefusal(w, r, http.StatusServiceUnavailable, err, email)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessSSOState, l.State)
	s.sessions.Put(ctx, sessSSONonce, l.Nonce)
	s.sessions.Put(ctx, sessSSOVerifier, l.Verifier)
	s.sessions.Put(ctx, sessSSOCompany, prov.CompanySlug)
	s.sessions.Put(ctx, sessSSONext, next)
	s.sessions.Put(ctx, sessSSOSince, time.Now().Unix())
	// Not a redirect: a form's redirect to another origin is blocked by our CSP (form-action
	// 'self'). The browser moves on by itself (Refresh), and the page has the link too.
	w.Header().Set("Refresh", "0; url="+l.URL)
	s.render(w, r, http.StatusOK, "Videre til innloggingen", account.SSOContinue(account.SSOContinuePage{CompanyName: prov.CompanyName, URL: l.URL}))
}

// ssoCallback finishes a sign-in: the state must be the one this browser's session holds (and
// is removed at once), then the code is exchanged and the ID token verified.
func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	state, nonce, verifier := s.sessions.GetString(ctx, sessSSOState), s.sessions.GetString(ctx, sessSSONonce), s.sessions.GetString(ctx, sessSSOVerifier)
	slug, next, since := s.sessions.GetString(ctx, sessSSOCompany), s.sessions.GetString(ctx, sessSSONext), s.sessions.GetInt64(ctx, sessSSOSince)
	for _, k := range []string{sessSSOState, sessSSONonce, sessSSOVerifier, sessSSOCompany, sessSSONext, sessSSOSince} {
		s.sessions.Remove(ctx, k)
	}
	got := q.Get("state")
	if state == "" || got == "" || subtle.ConstantTimeCompare([]byte(state), []byte(got)) != 1 || time.Since(time.Unix(since, 0)) > ssoLoginTTL {
		s.log.Warn("sso: callback refused: unknown, used or expired state", "request_id", RequestID(ctx))
		s.renderSSOMessage(w, r, http.StatusBadRequest, "Innloggingen kunne ikke fullføres: lenken er ukjent, allerede brukt eller for gammel. Prøv å logge inn på nytt.")
		return
	}
	if q.Get("error") != "" || q.Get("code") == "" {
		s.log.Info("sso: the provider returned no code", "request_id", RequestID(ctx), "error", q.Get("error"))
		s.renderSSOMessage(w, r, http.StatusBadRequest, "Innloggingen ble avbrutt hos selskapet ditt. Prøv igjen, eller kontakt IT i selskapet ditt.")
		return
	}
	prov, err := s.providers.ForCompany(ctx, slug)
	if err != nil {
		if errors.Is(err, auth.ErrNoProvider) {
			s.renderSSOMessage(w, r, http.StatusBadRequest, "Selskapet ditt har ikke lenger egen innlogging. Logg inn med e-post og passord.")
			return
		}
		s.fail(w, r, err)
		return
	}
	id, err := s.providers.Finish(ctx, prov, s.ssoRedirectURL(), q.Get("code"), verifier, nonce)
	var uid int64
	var at time.Time
	if err == nil {
		uid, at, err = s.providers.SignIn(ctx, prov, id)
	}
	if err != nil {
		s.log.Warn("sso: sign-in refused", "request_id", RequestID(ctx), "company", slug, "err", err)
		s.renderSSORefusal(w, r, ssoStatus(err), err, "")
		return
	}
	s.log.Info("sso: signed in", "request_id", RequestID(ctx), "user_id", uid, "company", slug, "provider_mfa", id.MFA)
	on, err := s.secondFactor.Enabled(ctx, uid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if on && !id.MFA { // the provider did not vouch for a second factor: the portal's code still applies
		s.startSecondStep(w, r, uid, at, validate.LocalPath(next))
		return
	}
	if err := s.startSession(r, uid, at); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessSSOMFA, id.MFA)
	s.securityEvent(r, "login", uid, outcomeOK, slog.String("via", "sso"), slog.Bool("provider_mfa", id.MFA))
	http.Redirect(w, r, validate.LocalPath(next), http.StatusSeeOther)
}

func ssoStatus(err error) int {
	switch {
	case errors.Is(err, auth.ErrProviderDown):
		return http.StatusBadGateway
	case errors.Is(err, auth.ErrTokenRejected):
		return http.StatusBadRequest
	default:
		return http.StatusForbidden
	}
}

// ssoRefusal says in Norwegian why a sign-in through a provider was refused.
func ssoRefusal(err error) string {
	switch {
	case errors.Is(err, auth.ErrProviderDown):
		return "Vi får ikke kontakt med innloggingen til selskapet ditt akkurat nå. Prøv igjen om litt. Har du passord i portalen, kan du logge inn med det."
	case errors.Is(err, auth.ErrTokenRejected):
		return "Svaret fra innloggingen til selskapet ditt kunne ikke godkjennes, så du er ikke logget inn. Prøv igjen, eller kontakt IT i selskapet ditt."
	case errors.Is(err, auth.ErrEmailUnverified):
		return "Selskapskontoen din har ikke en bekreftet e-postadresse, så vi kan ikke vite hvem du er i portalen. Kontakt IT i selskapet ditt."
	case errors.Is(err, auth.ErrOtherCompany):
		return "E-postadressen din hører ikke til dette selskapet i portalen. Logg inn gjennom ditt eget selskap."
	case errors.Is(err, auth.ErrNoAccount):
		return "Du har ikke konto i portalen ennå. Be administratoren i selskapet ditt om en invitasjon."
	case errors.Is(err, auth.ErrDeactivated):
		return "Kontoen din i portalen er deaktivert. Kontakt administratoren i selskapet ditt."
	}
	return "Innloggingen kunne ikke fullføres. Prøv igjen."
}

func (s *Server) renderSSORefusal(w http.ResponseWriter, r *http.Request, status int, err error, email string) {
	s.metrics.LoginRefused()
	s.render(w, r, status, "Logg inn", account.Login(account.LoginForm{Email: email, Message: ssoRefusal(err), Next: "/"}))
}

func (s *Server) renderSSOMessage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.metrics.LoginRefused()
	s.render(w, r, status, "Logg inn", account.Login(account.LoginForm{Message: msg, Next: "/"}))
}
