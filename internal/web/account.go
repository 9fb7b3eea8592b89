package web

import (
	"errors"
	"fmt"
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
	next := safeNext(r.URL.Query().Get("next"))
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
	f := account.LoginForm{Email: strings.TrimSpace(r.PostForm.Get("email")), Next: safeNext(r.PostForm.Get("next"))}
	password := r.PostForm.Get("password")
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
	}
	if wait, err := s.throttle.Wait(ctx, ClientIP(ctx), f.Email); err != nil {
		s.fail(w, r, err)
		return
	} else if wait > 0 {
		s.tooManyAttempts(w, r, wait, f)
		return
	}
	id, at, err := s.auth.Authenticate(ctx, f.Email, password)
	if errors.Is(err, auth.ErrBadCredentials) {
		if err := s.throttle.Fail(ctx, ClientIP(ctx), f.Email); err != nil {
			s.fail(w, r, err)
			return
		}
		f.Message = badLogin
		s.render(w, r, http.StatusUnprocessableEntity, "Logg inn", account.Login(f))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.throttle.Succeed(ctx, f.Email); err != nil {
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
		s.startSecondStep(w, r, id, at, f.Next)
		return
	}
	if err := s.startSession(r, id, at); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
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
	s.redirect(w, r, "/logg-inn", "info", "Du er logget ut.") // the flash lives in a new session with a new token
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
	// Reset mails are throttled per address and per account like failed logins, but on their
	// own account counter: nobody can flood a mailbox, nor lock someone out by asking for resets.
	key := auth.ResetThrottleKey(f.Email)
	if wait, err := s.throttle.Wait(ctx, ClientIP(ctx), key); err != nil {
		s.fail(w, r, err)
		return
	} else if wait > 0 {
		s.tooManyAttempts(w, r, wait, account.LoginForm{Email: f.Email, Next: "/"})
		return
	}
	if err := s.throttle.Fail(ctx, ClientIP(ctx), key); err != nil {
		s.fail(w, r, err)
		return
	}
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
		if err := s.startSession(r, id, at); err != nil {
			s.fail(w, r, err)
			return
		}
		if purpose == auth.PurposeInvitation {
			s.redirect(w, r, "/meg", "success", "Velkommen til Klyngeportalen! Se gjerne over profilen din.")
			return
		}
		s.redirect(w, r, "/", "success", "Passordet er endret, og du er logget inn.")
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
