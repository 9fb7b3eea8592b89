package web

import (
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/account"
	"klyngeportalen/web/components"
	"klyngeportalen/web/me"
)

// Session keys of a login waiting for its second step. The user id is not under sessUserID
// until the code is right, so nothing but /logg-inn/kode knows of the person.
const (
	sessPendingUID   = "mfa_uid"
	sessPendingAt    = "mfa_login_at" // database time of the password check, Unix nanoseconds
	sessPendingNext  = "mfa_next"
	sessPendingSince = "mfa_since" // when the password was right, Unix seconds
	sessRecovery     = "recovery_codes"
)

// pendingLoginTTL is how long the second step may wait after the password.
const pendingLoginTTL = 5 * time.Minute

const badCode = "Koden er feil, utløpt eller allerede brukt. Skriv koden appen viser nå, eller en ubrukt gjenopprettingskode."

// startSecondStep remembers a login whose password was right, and sends the person to the code.
func (s *Server) startSecondStep(w http.ResponseWriter, r *http.Request, id int64, at time.Time, next string) {
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, k := range []string{sessUserID, sessLoginAt, sessRole} { // whoever was signed in here is not any more
		s.sessions.Remove(ctx, k)
	}
	s.sessions.Put(ctx, sessPendingUID, id)
	s.sessions.Put(ctx, sessPendingAt, at.UnixNano())
	s.sessions.Put(ctx, sessPendingNext, next)
	s.sessions.Put(ctx, sessPendingSince, time.Now().Unix())
	http.Redirect(w, r, "/logg-inn/kode", http.StatusSeeOther)
}

// pendingLogin returns the user id of a login waiting for its code, or 0 when there is none
// or it waited too long.
func (s *Server) pendingLogin(r *http.Request) int64 {
	ctx := r.Context()
	id := s.sessions.GetInt64(ctx, sessPendingUID)
	since := time.Unix(s.sessions.GetInt64(ctx, sessPendingSince), 0)
	if id == 0 || time.Since(since) > pendingLoginTTL {
		return 0
	}
	return id
}

func (s *Server) clearPendingLogin(r *http.Request) {
	for _, k := range []string{sessPendingUID, sessPendingAt, sessPendingNext, sessPendingSince} {
		s.sessions.Remove(r.Context(), k)
	}
}

func (s *Server) loginCodePage(w http.ResponseWriter, r *http.Request) {
	if s.pendingLogin(r) == 0 {
		s.redirect(w, r, "/logg-inn", "info", "Innloggingen tok for lang tid. Logg inn på nytt.")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "Engangskode", account.LoginCode(account.CodeForm{}))
}

// loginCode checks the second step of a login: throttled per person, and a code works once.
func (s *Server) loginCode(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	id := s.pendingLogin(r)
	if id == 0 {
		s.clearPendingLogin(r)
		s.redirect(w, r, "/logg-inn", "info", "Innloggingen tok for lang tid. Logg inn på nytt.")
		return
	}
	subject, ip := strconv.FormatInt(id, 10), ClientIP(ctx)
	if wait, err := s.throttle.Begin(ctx, auth.Code, subject, ip); err != nil {
		s.fail(w, r, err)
		return
	} else if wait > 0 {
		s.securityEvent(r, "login_code", id, outcomeThrottled)
		s.clearPendingLogin(r)
		s.tooManyAttempts(w, r, wait, account.LoginForm{Next: "/"})
		return
	}
	err := s.secondFactor.Verify(ctx, id, r.PostForm.Get("code"))
	if errors.Is(err, auth.ErrBadCode) {
		s.securityEvent(r, "login_code", id, outcomeFailed)
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, http.StatusUnprocessableEntity, "Engangskode", account.LoginCode(account.CodeForm{Errors: components.Errors{"code": badCode}}))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.throttle.Succeed(ctx, auth.Code, subject, ip); err != nil {
		s.fail(w, r, err)
		return
	}
	s.securityEvent(r, "login", id, outcomeOK, slog.Bool("second_factor", true))
	at := time.Unix(0, s.sessions.GetInt64(ctx, sessPendingAt))
	next := validate.LocalPath(s.sessions.GetString(ctx, sessPendingNext))
	s.clearPendingLogin(r)
	if err := s.startSession(r, id, at); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// secondFactorRequired reports whether u must have a second factor: cluster and company admins.
func secondFactorRequired(u *auth.User) bool {
	return u.Role == auth.RoleClusterAdmin || u.Role == auth.RoleCompanyAdmin
}

// enrolmentGate keeps an admin without a second factor on the page that sets it up. A sign-in
// whose provider vouched for a second factor (amr/acr) counts as one.
func (s *Server) enrolmentGate(u *auth.User, r *http.Request) bool {
	return secondFactorRequired(u) && !u.SecondFactor && !strings.HasPrefix(r.URL.Path, "/meg/tofaktor") &&
		!s.sessions.GetBool(r.Context(), sessSSOMFA)
}

func (s *Server) secondFactorPage(w http.ResponseWriter, r *http.Request) {
	s.renderSecondFactor(w, r, http.StatusOK, nil)
}

func (s *Server) renderSecondFactor(w http.ResponseWriter, r *http.Request, status int, errs validate.Errors) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	p := me.SecondFactorPage{On: u.SecondFactor, Required: secondFactorRequired(u), Errors: components.Errors(errs)}
	if u.SecondFactor {
		n, err := s.secondFactor.RecoveryCodesLeft(ctx, u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.CodesLeft = n
	} else {
		e, err := s.secondFactor.PendingEnrolment(ctx, u.ID, u.Email)
		if err != nil && !errors.Is(err, auth.ErrNoSecondStep) {
			s.fail(w, r, err)
			return
		}
		if err == nil {
			p.Enrolling, p.Secret = true, groupSecret(e.Secret)
			p.QRDataURL = "data:image/png;base64," + base64.StdEncoding.EncodeToString(e.QRPNG)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "Tofaktorinnlogging", me.SecondFactor(p))
}

// groupSecret writes a base32 secret in groups of four, for typing.
func groupSecret(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (s *Server) startSecondFactor(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	err := s.secondFactor.StartEnrolment(r.Context(), u.ID, u.Email)
	if errors.Is(err, auth.ErrSecondFactorOn) {
		s.redirect(w, r, "/meg/tofaktor", "info", "Tofaktorinnlogging er allerede slått på.")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/meg/tofaktor", http.StatusSeeOther)
}

// confirmSecondFactor turns the second factor on with the first code from the app (throttled),
// ends the person's other sessions, and shows the recovery codes once.
func (s *Server) confirmSecondFactor(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	subject, ip := strconv.FormatInt(u.ID, 10), ClientIP(ctx)
	if wait, err := s.throttle.Begin(ctx, auth.Code, subject, ip); err != nil {
		s.fail(w, r, err)
		return
	} else if wait > 0 {
		s.securityEvent(r, "second_factor_on", u.ID, outcomeThrottled)
		s.renderSecondFactor(w, r, http.StatusTooManyRequests, validate.Errors{"code": "For mange feil koder. Vent noen minutter og prøv igjen."})
		return
	}
	code := strings.Join(strings.Fields(r.PostForm.Get("code")), "")
	codes, at, err := s.secondFactor.Confirm(ctx, u.ID, code)
	if errors.Is(err, auth.ErrBadCode) {
		s.securityEvent(r, "second_factor_on", u.ID, outcomeFailed)
		s.renderSecondFactor(w, r, http.StatusUnprocessableEntity, validate.Errors{"code": "Koden stemmer ikke. Skriv koden appen viser nå, med seks sifre."})
		return
	}
	if errors.Is(err, auth.ErrNoSecondStep) {
		s.redirect(w, r, "/meg/tofaktor", "info", "Start oppsettet på nytt.")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.throttle.Succeed(ctx, auth.Code, subject, ip); err != nil {
		s.fail(w, r, err)
		return
	}
	s.securityEvent(r, "second_factor_on", u.ID, outcomeOK)
	if err := s.startSession(r, u.ID, at); err != nil { // a new token; other sessions are now void
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessRecovery, strings.Join(codes, " "))
	s.redirect(w, r, "/meg/tofaktor/koder", "success", "Tofaktorinnlogging er slått på. Andre enheter er logget ut.")
}

// recoveryCodesPage shows fresh recovery codes once; they leave the session as they are shown.
func (s *Server) recoveryCodesPage(w http.ResponseWriter, r *http.Request) {
	codes := strings.Fields(s.sessions.PopString(r.Context(), sessRecovery))
	if len(codes) == 0 {
		http.Redirect(w, r, "/meg/tofaktor", http.StatusSeeOther)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "Gjenopprettingskoder", me.RecoveryCodes(codes))
}

func (s *Server) newRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	if !u.SecondFactor {
		s.redirect(w, r, "/meg/tofaktor", "info", "Slå på tofaktorinnlogging først.")
		return
	}
	codes, err := s.secondFactor.NewRecoveryCodes(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessRecovery, strings.Join(codes, " "))
	http.Redirect(w, r, "/meg/tofaktor/koder", http.StatusSeeOther)
}

// disableSecondFactor turns it off after the password; admins cannot.
func (s *Server) disableSecondFactor(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	if secondFactorRequired(u) {
		s.errorPage(w, r, http.StatusForbidden)
		return
	}
	if !u.SecondFactor {
		http.Redirect(w, r, "/meg/tofaktor", http.StatusSeeOther)
		return
	}
	if !s.checkOwnPassword(w, r, "second_factor_off", r.PostForm.Get("password"), func(status int, msg string) {
		s.renderSecondFactor(w, r, status, validate.Errors{"password": msg})
	}) {
		return
	}
	if err := s.secondFactor.Disable(ctx, u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.securityEvent(r, "second_factor_off", u.ID, outcomeOK)
	s.redirect(w, r, "/meg/tofaktor", "success", "Tofaktorinnlogging er slått av.")
}
