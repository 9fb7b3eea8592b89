package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/web/webtest"
)

// The session cookie is HttpOnly and SameSite=Lax (with CrossOriginProtection, the CSRF
// defence), on the login's fresh cookie as on the first visit's.
func TestSessionCookieIsSameSiteLaxAndHttpOnly(t *testing.T) {
	email, _ := freshUser(t, "las", "member")
	c := newClient(t)
	c.Get("/logg-inn")
	res := postLogin(c, email, webtest.DemoPassword, "")
	set := res.Header.Values("Set-Cookie")
	if len(set) == 0 {
		t.Fatal("the login set no cookie")
	}
	for _, v := range set {
		if !strings.Contains(v, "SameSite=Lax") || !strings.Contains(v, "HttpOnly") {
			t.Errorf("session cookie %q: want SameSite=Lax and HttpOnly", v)
		}
	}
}

// Pages with one-time codes, recovery codes, the confirmation and the sessions are never
// stored by the browser or a proxy.
func TestSecondFactorPagesAreNoStore(t *testing.T) {
	email, id := freshUser(t, "las", "member")
	c := newClient(t).Login(email)
	c.PostForm("/meg/tofaktor/start", nil)
	if res := c.Get("/meg/tofaktor"); res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("/meg/tofaktor (secret shown): %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	seedSecret(t, id)
	codes := c.PostForm("/meg/tofaktor/nye-koder", nil)
	if codes.StatusCode != http.StatusSeeOther {
		t.Fatalf("new codes: %d", codes.StatusCode)
	}
	if res := c.Get("/meg/tofaktor/koder"); res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("/meg/tofaktor/koder: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	login := newClient(t)
	passwordStep(login, email, "")
	if res := login.Get("/logg-inn/kode"); res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("/logg-inn/kode: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if res := login.PostForm("/logg-inn/kode", url.Values{"code": {"000000"}}); res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("a wrong code's page: Cache-Control %q", res.Header.Get("Cache-Control"))
	}
}

// The TOTP secret is encrypted with the user's id as additional data: a secret copied to
// another user's row cannot be opened, so nobody with write access to the table can give
// themselves someone else's second factor.
func TestTOTPSecretIsBoundToItsUser(t *testing.T) {
	_, a := freshUser(t, "las", "member")
	emailB, b := freshUser(t, "las", "member")
	seedSecret(t, a)
	seedSecret(t, b)
	f, err := auth.NewSecondFactor(poolOf(t), webtest.Config(t).TOTPKey)
	if err != nil {
		t.Fatal(err)
	}
	code := webtest.TOTPCode(t, emailB)
	execSQL(t, `UPDATE user_totp SET secret_enc = (SELECT secret_enc FROM user_totp WHERE user_id = $1) WHERE user_id = $2`, a, b)
	err = f.Verify(context.Background(), b, code)
	if err == nil || !strings.Contains(err.Error(), "cannot be decrypted") {
		t.Fatalf("a secret moved to another user: Verify = %v, want a decryption error", err)
	}
}
