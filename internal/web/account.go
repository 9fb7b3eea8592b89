package web

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/account"
	"klyngeportalen/web/components"
)

// badLogin is the one answer to a wrong password, an unknown address and a deactivated account.
const badLogin = "Feil e-post eller passord. Sjekk at du har skrevet riktig, og prøv igjen."

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	next := validate.LocalPath(r.URL.Query().Get("next"))
	if auth.UserFrom(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "Logg inn", account.Login(account.LoginForm{Next: next}))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	f := account.LoginForm{Email: strings.TrimSpace(r.PostForm.Get("email")), Next: validate.LocalPath(r.PostForm.Get("next"))}
	password := r.PostForm.Get("password")
	if f.Email == "" { // ask for what is missing; not a failed attempt
		s.askForLoginFields(w, r, f, password == "")
		return
	}
	if len(f.Email) > 254 || len(password) > 4*auth.MaxPasswordLen {
		f.Message = badLogin
		s.render(w, r, http.StatusUnprocessableEntity, "Logg inn", account.Login(f))
		return
	}
	if password == "" && f.Email != "" { // e-mail first: a company with its own provider signs in there
		prov, err := s.providers.ForEmail(ctx, f.Email)
		if err == nil {
			s.beginSSO(w, r, prov, f.Email, f.Next)
			return
		}
		if !errors.Is(err, auth.ErrNoProvider) {
			s.fail(w, r, err)
			return
		}
		s.askForLoginFields(w, r, f, true) // no company account: the password is missing
		return
	}
	ip := ClientIP(ctx)
	if wait, err := s.throttle.Begin(ctx, auth.LoginPassword, f.Email, ip); err != nil {
		s.fail(w, r, err)
		return
	} else if wait > 0 {
		s.securityEvent(r, "login", 0, outcomeThrottled, slog.String("email", auth.NormalizeEmail(f.Email)))
		s.tooManyAttempts(w, r, wait, f)
		return
	}
	id, at, err := s.auth.Authenticate(ctx, f.Email, password)
	if errors.Is(err, auth.ErrBadCredentials) {
		s.securityEvent(r, "login", 0, outcomeFailed, slog.String("email", auth.NormalizeEmail(f.Email)))
		f.Message = badLogin
		s.render(w, r, http.StatusUnprocessableEntity, "Logg inn", account.Login(f))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.throttle.Succeed(ctx, auth.LoginPassword, f.Email, ip); err != nil {
		s.fail(w, r, err)
		return
	}
	if ok, err := s.providers.PasswordAllowed(ctx, id); err != nil {
		s.fail(w, r, err)
		return
	} else if !ok {
		f.Message = "Selskapet ditt logger inn med selskapskontoen (for eksempel Microsoft 365). La passordfeltet stå tomt og trykk «Logg inn», så sendes du dit."
		s.render(w, r, http.StatusForbidden, "Logg inn", account.Login(f))
		return
	}
	if on, err := s.secondFactor.Enabled(ctx, id); err != nil {
		s.fail(w, r, err)
		return
	} else if on {
		s.securityEvent(r, "login_password", id, outcomeOK)
		s.startSecondStep(w, r, id, at, f.Next)
		return
	}
	if err := s.startSession(r, id, at); err != nil {
		s.fail(w, r, err)
		return
	}
	s.securityEvent(r, "login", id, outcomeOK)
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
}

// askForLoginFields answers a login without an address (or, where no company account signs
// in, without a password) with the form and an error summary asking for what is missing.
func (s *Server) askForLoginFields(w http.ResponseWriter, r *http.Request, f account.LoginForm, noPassword bool) {
	f.Errors = components.Errors{}
	if f.Email == "" {
		f.Errors["email"] = "Skriv e-postadressen din."
	}
	if noPassword {
		f.Errors["password"] = "Skriv passordet ditt."
	}
	s.render(w, r, http.StatusUnprocessableEntity, "Logg inn", account.Login(f))
}

func (s *Server) tooManyAttempts(w http.ResponseWriter, r *http.Request, wait time.Duration, f account.LoginForm) {
	minutes := int(math.Ceil(wait.Minutes()))
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	f.Message = fmt.Sprintf("For mange mislykkede forsøk. Vent %d %s før du prøver igjen, eller be om nytt passord.", minutes, plural(minutes, "minutt", "minutter"))
	s.render(w, r, http.StatusTooManyRequests, "Logg inn", account.Login(f))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	if u := auth.UserFrom(r.Context()); u != nil {
		s.securityEvent(r, "logout", u.ID, outcomeOK)
	}
	// The browser forgets what it kept of the portal: cached pages and other storage. Cookies
	// are left alone: the flash of the login page is one.
	w.Header().Set("Clear-Site-Data", `"cache", "storage"`)
	s.redirect(w, r, "/logg-inn", "info", "Du er logget ut.")
}

func (s *Server) forgotPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "Glemt passordet", account.Forgot(account.ForgotForm{}))
}

func (s *Server) forgot(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	errs := validate.Errors{}
	f := account.ForgotForm{Email: errs.Email("email", r.PostForm.Get("email"))}
	if !errs.OK() {
		f.Errors = components.Errors(errs)
		s.render(w, r, http.StatusUnprocessableEntity, "Glemt passordet", account.Forgot(f))
		return
	}
	// Reset mails are limited per account and per address, on counters of their own: nobody can
	// flood a mailbox, nor lock anyone out of logging in by asking for resets.
	if wait, err := s.throttle.Begin(ctx, auth.Reset, f.Email, ClientIP(ctx)); err != nil {
		s.fail(w, r, err)
		return
	} else if wait > 0 {
		s.securityEvent(r, "reset_request", 0, outcomeThrottled, slog.String("email", auth.NormalizeEmail(f.Email)))
		s.tooManyAttempts(w, r, wait, account.LoginForm{Email: f.Email, Next: "/"})
		return
	}
	s.securityEvent(r, "reset_request", 0, outcomeOK, slog.String("email", auth.NormalizeEmail(f.Email)))
	if err := s.auth.RequestReset(ctx, f.Email, s.cfg.BaseURL.String()); err != nil {
		s.fail(w, r, err)
		return
	}
	f.Sent = true
	s.render(w, r, http.StatusOK, "Glemt passordet", account.Forgot(f))
}

// tokenPage is the page behind an invitation or reset link.
func (s *Server) tokenPage(purpose string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := chi.URLParam(r, "token")
		h, err := s.auth.PeekToken(r.Context(), purpose, token)
		if errors.Is(err, auth.ErrInvalidToken) {
			s.render(w, r, http.StatusNotFound, "Lenken virker ikke", account.LinkInvalid(purpose == auth.PurposeInvitation))
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "Velg passord", account.SetPassword(passwordForm(purpose, r.URL.Path, h)))
	}
}

func passwordForm(purpose, action string, h auth.TokenHolder) account.PasswordForm {
	if purpose == auth.PurposeInvitation {
		return account.PasswordForm{
			Heading: "Velkommen, " + h.Name,
			Intro:   "Du er invitert til Klyngeportalen som ansatt i " + h.CompanyName + ". Velg et passord for å ta i bruk kontoen din (" + h.Email + ").",
			Action:  action, Email: h.Email, Button: "Ta i bruk kontoen",
		}
	}
	return account.PasswordForm{Heading: "Velg nytt passord", Intro: "Velg et nytt passord for " + h.Email + ".", Action: action, Email: h.Email, Button: "Lagre nytt passord"}
}

// redeemToken sets the password through an invitation or reset link and logs the person in.
func (s *Server) redeemToken(purpose string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.parseForm(w, r) {
			return
		}
		ctx := r.Context()
		token := chi.URLParam(r, "token")
		h, err := s.auth.PeekToken(ctx, purpose, token)
		if errors.Is(err, auth.ErrInvalidToken) {
			s.render(w, r, http.StatusNotFound, "Lenken virker ikke", account.LinkInvalid(purpose == auth.PurposeInvitation))
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		pw, pw2 := r.PostForm.Get("password"), r.PostForm.Get("password2")
		errs := validate.Errors{}
		if err := auth.CheckPassword(pw); err != nil {
			errs.Add("password", err.Error())
		} else if pw != pw2 {
			errs.Add("password2", "Passordene er ikke like.")
		}
		var id int64
		var at time.Time
		if errs.OK() {
			id, at, err = s.auth.RedeemToken(ctx, purpose, token, pw)
		}
		if errors.Is(err, auth.ErrInvalidToken) { // used by a double submit in the meantime
			s.render(w, r, http.StatusNotFound, "Lenken virker ikke", account.LinkInvalid(purpose == auth.PurposeInvitation))
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !errs.OK() {
			f := passwordForm(purpose, r.URL.Path, h)
			f.Errors = components.Errors(errs)
			s.render(w, r, http.StatusUnprocessableEntity, "Velg passord", account.SetPassword(f))
			return
		}
		s.securityEvent(r, "password_set_by_link", id, outcomeOK, slog.String("purpose", purpose))
		next, welcome := "/", "Passordet er endret, og du er logget inn."
		switch {
		case purpose == auth.PurposeInvitation && h.Guest:
			next, welcome = "/", "Velkommen til Klyngeportalen! Her er det klyngen deler med deg."
		case purpose == auth.PurposeInvitation:
			next, welcome = "/meg", "Velkommen til Klyngeportalen! Se gjerne over profilen din."
		}
		// A link proves the mailbox, not the second factor: a person who has one ends on the code
		// step, as after a password.
		if on, err := s.secondFactor.Enabled(ctx, id); err != nil {
			s.fail(w, r, err)
			return
		} else if on {
			s.setFlash(w, "success", "Passordet er lagret. Skriv engangskoden fra appen for å logge inn.")
			s.startSecondStep(w, r, id, at, next)
			return
		}
		if err := s.startSession(r, id, at); err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, next, "success", welcome)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
