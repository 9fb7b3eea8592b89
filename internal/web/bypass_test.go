package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// A reset link proves the mailbox, not the second factor: a cluster admin who resets the
// password ends on the code step, and the admin pages stay shut until the code.
func TestResetOfAccountWithSecondFactorEndsOnTheCodeStep(t *testing.T) {
	email, id := freshUser(t, "remiks", "cluster_admin")
	seedSecret(t, id)
	c := newClient(t)
	if res := c.PostForm("/glemt-passord", url.Values{"email": {email}}); res.StatusCode != http.StatusOK {
		t.Fatalf("ask for a reset: status %d", res.StatusCode)
	}
	link := lastLink(t, email, "Tilbakestill passordet ditt i Klyngeportalen")
	res := choosePassword(c, link, newPassword, newPassword)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/logg-inn/kode" {
		t.Fatalf("reset of an account with a second factor: status %d to %q, want 303 to /logg-inn/kode", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/admin"); res.StatusCode == http.StatusOK {
		t.Fatal("GET /admin answers 200 after a reset without the code")
	}
	assertSignedOut(t, "after the reset, before the code", c.Get("/meg"))
	if res := c.PostForm("/logg-inn/kode", url.Values{"code": {webtest.TOTPCode(t, email)}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("code: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/admin"); res.StatusCode != http.StatusOK {
		t.Fatalf("GET /admin after the code: status %d", res.StatusCode)
	}
}

// An invitation link (a person invited again, who has a second factor) ends on the code step too.
func TestInvitationOfAccountWithSecondFactorEndsOnTheCodeStep(t *testing.T) {
	email, link := invite(t, "hrs", "Kari Tofaktor")
	seedSecret(t, userID(t, email))
	c := newClient(t)
	res := choosePassword(c, link, newPassword, newPassword)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/logg-inn/kode" {
		t.Fatalf("invitation of an account with a second factor: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	assertSignedOut(t, "after the invitation, before the code", c.Get("/meg"))
	if res := c.PostForm("/logg-inn/kode", url.Values{"code": {webtest.TOTPCode(t, email)}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg" {
		t.Fatalf("code: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// Company admins must have a second factor as cluster admins must: without one they are sent
// to set it up before any page, and may not turn it off.
func TestCompanyAdminWithoutSecondFactorIsSentToSetItUp(t *testing.T) {
	email, id := freshUser(t, "las", "company_admin")
	c := newClient(t).Login(email)
	for _, path := range []string{"/medlemmer/las/brukere", "/medlemmer/las/rediger", "/"} {
		if res := c.Get(path); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg/tofaktor" {
			t.Fatalf("%s: status %d to %q, want 303 to /meg/tofaktor", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := c.Get("/meg/tofaktor"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Som administrator må du bruke tofaktorinnlogging") {
		t.Fatalf("the set-up page: status %d", res.StatusCode)
	}
	seedSecret(t, id)
	c = newClient(t).Login(email)
	if res := c.Get("/medlemmer/las/brukere"); res.StatusCode != http.StatusOK {
		t.Fatalf("with a second factor: status %d", res.StatusCode)
	}
	if res := c.PostForm("/meg/tofaktor/av", url.Values{"password": {webtest.DemoPassword}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a company admin turns the second factor off: status %d, want 403", res.StatusCode)
	}
}

// parallel sends n requests at once and counts the answers by status.
func parallel(n int, do func() int) map[int]int {
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status := do()
			mu.Lock()
			counts[status]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return counts
}

// 60 parallel wrong passwords: at most the limit (5) are checked (422), the rest refused (429).
func TestParallelWrongPasswordsAreCheckedAtMostTheLimit(t *testing.T) {
	cleanIPThrottle(t)
	email, _ := freshUser(t, "fimil", "member")
	counts := parallel(60, func() int {
		return postLogin(newClient(t), email, "feil passord 123", "").StatusCode
	})
	if counts[http.StatusUnprocessableEntity] > 5 || counts[http.StatusUnprocessableEntity]+counts[http.StatusTooManyRequests] != 60 {
		t.Fatalf("60 parallel wrong passwords: %v; want at most 5 checked (422), the rest 429", counts)
	}
}

// 60 parallel wrong codes in one waiting login: at most 5 are checked.
func TestParallelWrongCodesAreCheckedAtMostTheLimit(t *testing.T) {
	cleanIPThrottle(t)
	email, id := freshUser(t, "fimil", "member")
	seedSecret(t, id)
	c := newClient(t)
	if res := passwordStep(c, email, ""); res.Header.Get("Location") != "/logg-inn/kode" {
		t.Fatalf("password step: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	counts := parallel(60, func() int {
		return c.PostForm("/logg-inn/kode", url.Values{"code": {"000000"}}).StatusCode
	})
	// A refusal also ends the waiting login, so requests that load the session after one are
	// sent back to the login page (303): not checked either.
	if counts[http.StatusUnprocessableEntity] > 5 || counts[http.StatusUnprocessableEntity]+counts[http.StatusTooManyRequests]+counts[http.StatusSeeOther] != 60 {
		t.Fatalf("60 parallel wrong codes: %v; want at most 5 checked (422), the rest 429 or 303", counts)
	}
}

// A stolen session cannot guess the current password without limit in the password form.
func TestParallelWrongCurrentPasswordsAreCheckedAtMostTheLimit(t *testing.T) {
	email, _ := freshUser(t, "fimil", "member")
	c := newClient(t).Login(email)
	counts := parallel(60, func() int {
		return c.PostForm("/meg/passord", url.Values{"current_password": {"feil passord 123"}, "new_password": {newPassword}, "new_password2": {newPassword}}).StatusCode
	})
	if counts[http.StatusUnprocessableEntity] > 5 || counts[http.StatusUnprocessableEntity]+counts[http.StatusTooManyRequests] != 60 {
		t.Fatalf("60 parallel wrong current passwords: %v; want at most 5 checked (422), the rest 429", counts)
	}
	res := c.PostForm("/meg/passord", url.Values{"current_password": {webtest.DemoPassword}, "new_password": {newPassword}, "new_password2": {newPassword}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the right password while locked: status %d, want 429", res.StatusCode)
	}
}

// Someone guessing from elsewhere does not lock the owner out: the lock is on the account and
// the address together.
func TestGuessingElsewhereDoesNotLockTheOwnerOut(t *testing.T) {
	cfg := webtest.Config(t)
	cfg.TrustedProxies = append(cfg.TrustedProxies, mustPrefix(t, "127.0.0.0/8"))
	_, h := webtest.Portal(t, cfg, poolOf(t), nil)
	email, _ := freshUser(t, "senja-avfall", "member")
	from := func(ip, password string) int {
		form := url.Values{"email": {email}, "password": {password}}
		req, _ := http.NewRequest(http.MethodPost, webtest.Origin+"/logg-inn", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", webtest.Origin)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("X-Forwarded-For", ip)
		return webtest.NewClient(t, h).Do(req).StatusCode
	}
	for range 8 {
		from("203.0.113.66", "feil passord 123")
	}
	if s := from("203.0.113.66", webtest.DemoPassword); s != http.StatusTooManyRequests {
		t.Fatalf("the guesser with the right password: status %d, want 429", s)
	}
	if s := from("198.51.100.20", webtest.DemoPassword); s != http.StatusSeeOther {
		t.Fatalf("the owner from their own address: status %d, want 303", s)
	}
}
