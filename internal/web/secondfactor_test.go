package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// passwordStep posts the demo password for email and returns the answer.
func passwordStep(c *webtest.Client, email, next string) *webtest.Response {
	c.Get("/logg-inn")
	return postLogin(c, email, webtest.DemoPassword, next)
}

func TestClusterAdminNeedsTheCodeAfterThePassword(t *testing.T) {
	cleanIPThrottle(t)
	email := auth.DemoClusterAdmin
	c := newClient(t)
	res := passwordStep(c, email, "/admin")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/logg-inn/kode" {
		t.Fatalf("password step: status %d, Location %q; want 303 to /logg-inn/kode", res.StatusCode, res.Header.Get("Location"))
	}
	for _, path := range []string{"/", "/admin", "/meg", "/meg/tofaktor"} {
		assertSignedOut(t, "after the password only: "+path, c.Get(path))
	}
	if res := c.Get("/logg-inn/kode"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `autocomplete="one-time-code"`) {
		t.Fatalf("code page: status %d", res.StatusCode)
	}
	res = c.PostForm("/logg-inn/kode", url.Values{"code": {"000000"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Koden er feil") || !strings.Contains(res.Body, `aria-invalid="true"`) {
		t.Fatalf("wrong code: status %d", res.StatusCode)
	}
	code := webtest.TOTPCode(t, email)
	res = c.PostForm("/logg-inn/kode", url.Values{"code": {code[:3] + " " + code[3:]}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin" {
		t.Fatalf("right code: status %d, Location %q; want 303 to /admin", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/admin"); res.StatusCode != http.StatusOK {
		t.Fatalf("admin after both steps: status %d", res.StatusCode)
	}

	// The same code does not work twice (replay), not even from another browser.
	other := newClient(t)
	passwordStep(other, email, "")
	if res := other.PostForm("/logg-inn/kode", url.Values{"code": {code}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a used code: status %d, want 422", res.StatusCode)
	}
	// A person signed in on this browser who gets through another account's password is signed
	// out of their own: the browser holds one person at a time.
	shared := newClient(t).Login("ansatt@las.example")
	if res := passwordStep(shared, email, ""); res.Header.Get("Location") != "/logg-inn/kode" {
		t.Fatalf("password step on a signed-in browser: Location %q", res.Header.Get("Location"))
	}
	assertSignedOut(t, "the earlier person during another's second step", shared.Get("/meg"))
	// A code page without a password step leads back to the login.
	if res := newClient(t).PostForm("/logg-inn/kode", url.Values{"code": {webtest.TOTPCode(t, email)}}); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/logg-inn") || res.Header.Get("Location") == "/logg-inn/kode" {
		t.Fatalf("code without password: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestGuessingCodesIsThrottled(t *testing.T) {
	cleanIPThrottle(t)
	email, id := freshUser(t, "remiks", "member")
	seedSecret(t, id)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM auth_throttle WHERE key LIKE $1`, "code:"+strconv.FormatInt(id, 10)+"%")
	})
	c := newClient(t)
	limited := false
	for i := 0; i < 12 && !limited; i++ {
		if res := passwordStep(c, email, ""); res.Header.Get("Location") != "/logg-inn/kode" {
			t.Fatalf("password step %d: status %d, Location %q", i, res.StatusCode, res.Header.Get("Location"))
		}
		res := c.PostForm("/logg-inn/kode", url.Values{"code": {"12345" + string(rune('0'+i%10))}})
		switch res.StatusCode {
		case http.StatusTooManyRequests:
			limited = true
		case http.StatusUnprocessableEntity:
		default:
			t.Fatalf("guess %d: status %d", i, res.StatusCode)
		}
	}
	if !limited {
		t.Fatal("12 wrong codes and no 429")
	}
	passwordStep(c, email, "")
	if res := c.PostForm("/logg-inn/kode", url.Values{"code": {webtest.TOTPCode(t, email)}}); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the right code while throttled: status %d, want 429", res.StatusCode)
	}
}

// seedSecret gives user id the demo TOTP secret.
func seedSecret(t *testing.T, id int64) {
	t.Helper()
	f, err := auth.NewSecondFactor(dbtest.Pool(t), webtest.Config(t).TOTPKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SeedSecret(context.Background(), id, auth.DemoTOTPSecret); err != nil {
		t.Fatal(err)
	}
}

var secretOnPage = regexp.MustCompile(`<code class="totp-secret">([A-Z2-7 ]+)</code>`)

// enrol sets up the second factor through the pages and returns the secret and recovery codes.
func enrol(t *testing.T, c *webtest.Client) (string, []string) {
	t.Helper()
	if res := c.PostForm("/meg/tofaktor/start", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: status %d", res.StatusCode)
	}
	page := c.Get("/meg/tofaktor")
	m := secretOnPage.FindStringSubmatch(page.Body)
	if page.StatusCode != http.StatusOK || m == nil || !strings.Contains(page.Body, `src="data:image/png;base64,`) {
		t.Fatalf("enrolment page: status %d, no secret or QR code", page.StatusCode)
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	if res := c.PostForm("/meg/tofaktor/bekreft", url.Values{"code": {"999999"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Koden stemmer ikke") {
		t.Fatalf("wrong first code: status %d", res.StatusCode)
	}
	code, _ := totp.GenerateCode(secret, time.Now())
	res := c.PostForm("/meg/tofaktor/bekreft", url.Values{"code": {code}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg/tofaktor/koder" {
		t.Fatalf("confirm: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	shown := c.Get("/meg/tofaktor/koder")
	codes := regexp.MustCompile(`<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){5})</code>`).FindAllStringSubmatch(shown.Body, -1)
	if shown.StatusCode != http.StatusOK || len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("recovery codes: status %d, %d codes", shown.StatusCode, len(codes))
	}
	if again := c.Get("/meg/tofaktor/koder"); again.StatusCode != http.StatusSeeOther {
		t.Fatalf("the recovery codes were shown twice: status %d", again.StatusCode)
	}
	var out []string
	for _, m := range codes {
		out = append(out, m[1])
	}
	return secret, out
}

func TestNewClusterAdminMustEnrolAndThenNeedsTheCode(t *testing.T) {
	cleanIPThrottle(t)
	email, id := freshUser(t, "remiks", "cluster_admin")
	c := newClient(t).Login(email) // no second factor yet: the password logs in, to the enrolment only
	for _, path := range []string{"/", "/admin", "/medlemmer", "/meg"} {
		if res := c.Get(path); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg/tofaktor" {
			t.Errorf("GET %s before enrolment: status %d, Location %q; want 303 to /meg/tofaktor", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := c.PostForm("/admin/grupper/1/medlemmer", url.Values{"user_id": {idStr(id)}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg/tofaktor" {
		t.Errorf("POST to admin before enrolment: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/meg/tofaktor"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "må du bruke tofaktorinnlogging") {
		t.Fatalf("enrolment page: status %d", res.StatusCode)
	}
	secret, codes := enrol(t, c)
	if res := c.Get("/admin"); res.StatusCode != http.StatusOK {
		t.Fatalf("admin after enrolment: status %d", res.StatusCode)
	}

	// Stored encrypted: the secret is not in the database in any readable form.
	var sealed []byte
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT secret_enc FROM user_totp WHERE user_id = $1`, id).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte(secret)) || bytes.Contains(bytes.ToLower(sealed), []byte(strings.ToLower(secret[:8]))) {
		t.Fatal("the TOTP secret is stored in plain text")
	}
	// A cluster admin cannot turn it off.
	if res := c.PostForm("/meg/tofaktor/av", url.Values{"password": {webtest.DemoPassword}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("cluster admin turns it off: status %d, want 403", res.StatusCode)
	}

	// The next login needs a code; a recovery code works once.
	d := newClient(t)
	if res := passwordStep(d, email, ""); res.Header.Get("Location") != "/logg-inn/kode" {
		t.Fatalf("login after enrolment: Location %q", res.Header.Get("Location"))
	}
	if res := d.PostForm("/logg-inn/kode", url.Values{"code": {strings.ToUpper(codes[0])}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("recovery code: status %d", res.StatusCode)
	}
	e := newClient(t)
	passwordStep(e, email, "")
	if res := e.PostForm("/logg-inn/kode", url.Values{"code": {codes[0]}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a used recovery code: status %d, want 422", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL`, id); n != auth.RecoveryCodeCount-1 {
		t.Fatalf("%d unused recovery codes, want %d", n, auth.RecoveryCodeCount-1)
	}
}

func TestMemberMayTurnTheSecondFactorOnAndOff(t *testing.T) {
	cleanIPThrottle(t)
	email, id := freshUser(t, "las", "member")
	c := newClient(t).Login(email)
	if res := c.Get("/meg"); !strings.Contains(res.Body, `href="/meg/tofaktor"`) {
		t.Fatal("/meg does not offer the second factor")
	}
	if res := c.Get("/meg/tofaktor"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `action="/meg/tofaktor/start"`) {
		t.Fatalf("the member is not offered a second factor: status %d", res.StatusCode)
	}
	if res := c.Get("/"); res.StatusCode != http.StatusOK {
		t.Fatalf("a member without a second factor is held back: status %d", res.StatusCode)
	}
	other := newClient(t).Login(email) // another device, signed in with the password only
	enrol(t, c)
	assertSignedOut(t, "the other device after the second factor was turned on", other.Get("/meg"))
	if res := c.Get("/meg"); res.StatusCode != http.StatusOK {
		t.Fatalf("the enrolling device was signed out: status %d", res.StatusCode)
	}
	if res := c.PostForm("/meg/tofaktor/av", url.Values{"password": {"feil passord igjen"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Passordet er feil") {
		t.Fatalf("turn off with a wrong password: status %d", res.StatusCode)
	}
	if res := c.PostForm("/meg/tofaktor/av", url.Values{"password": {webtest.DemoPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("turn off: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM user_totp WHERE user_id = $1`, id) + queryInt(t, `SELECT count(*) FROM user_recovery_codes WHERE user_id = $1`, id); n != 0 {
		t.Fatalf("%d rows of the second factor left", n)
	}
	if res := passwordStep(newClient(t), email, "/meg"); res.Header.Get("Location") != "/meg" {
		t.Fatalf("login after turning it off: Location %q, want /meg", res.Header.Get("Location"))
	}
	execSQL(t, `DELETE FROM auth_throttle WHERE key LIKE $1`, "login:"+strings.ToLower(email)+"%")
}

func TestSecretsNeedTheirKey(t *testing.T) {
	email, id := freshUser(t, "hrs", "member")
	seedSecret(t, id)
	cfg := webtest.Config(t)
	cfg.TOTPKey = bytes.Repeat([]byte{7}, 32) // another installation's key
	_, h := webtest.Portal(t, cfg, dbtest.Pool(t), nil)
	c := webtest.NewClient(t, h)
	c.Get("/logg-inn")
	postLogin(c, email, webtest.DemoPassword, "")
	if res := c.PostForm("/logg-inn/kode", url.Values{"code": {webtest.TOTPCode(t, email)}}); res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("a secret under another key: status %d, want 500 (and no login)", res.StatusCode)
	}
	if res := c.Get("/meg"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logged in although the secret could not be read: status %d", res.StatusCode)
	}
}
