package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/web/webtest"
)

// Sensitive steps (downloading one's data, new recovery codes) need a password or a code within
// the re-authentication window; after it, the person is sent to confirm and then back.
func TestSensitiveStepsNeedARecentPassword(t *testing.T) {
	cfg := webtest.Config(t)
	cfg.ReauthWindow = 300 * time.Millisecond
	_, h := webtest.Portal(t, cfg, poolOf(t), nil)
	email, id := freshUser(t, "haf", "member")
	seedSecret(t, id)
	c := webtest.NewClient(t, h).Login(email)
	if res := c.Get("/meg/data.json"); res.StatusCode != http.StatusOK {
		t.Fatalf("data right after the login: %d", res.StatusCode)
	}
	time.Sleep(400 * time.Millisecond)
	res := c.Get("/meg/data.json")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg/bekreft?next=%2Fmeg%2Fdata.json" {
		t.Fatalf("data after the window: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.PostForm("/meg/tofaktor/nye-koder", nil); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/meg/bekreft") {
		t.Fatalf("new recovery codes after the window: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	page := c.Get("/meg/bekreft?next=%2Fmeg%2Fdata.json")
	if page.StatusCode != http.StatusOK || page.Header.Get("Cache-Control") != "no-store" || !strings.Contains(page.Body, "Passord eller engangskode") {
		t.Fatalf("confirmation page: %d, Cache-Control %q", page.StatusCode, page.Header.Get("Cache-Control"))
	}
	if res := c.PostForm("/meg/bekreft", url.Values{"password": {"feil passord 123"}, "next": {"/meg/data.json"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	res = c.PostForm("/meg/bekreft", url.Values{"password": {webtest.DemoPassword}, "next": {"/meg/data.json"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg/data.json" {
		t.Fatalf("right password: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/meg/data.json"); res.StatusCode != http.StatusOK {
		t.Fatalf("data after confirming: %d", res.StatusCode)
	}
	time.Sleep(400 * time.Millisecond)
	// A one-time code confirms too.
	res = c.PostForm("/meg/bekreft", url.Values{"password": {webtest.TOTPCode(t, email)}, "next": {"/meg/tofaktor"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm with a code: %d", res.StatusCode)
	}
	if res := c.PostForm("/meg/tofaktor/nye-koder", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg/tofaktor/koder" {
		t.Fatalf("new recovery codes after a code: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

var sessionEnd = regexp.MustCompile(`action="(/meg/innlogginger/[0-9]+/logg-ut)"`)

// A person sees their sessions with device and approximate place, ends one, or all others.
func TestOwnSessionsCanBeSeenAndEnded(t *testing.T) {
	email, _ := freshUser(t, "vefas", "member")
	phone, laptop, tablet := newClient(t).Login(email), newClient(t).Login(email), newClient(t).Login(email)
	other := newClient(t).Login("ansatt@vefas.example")
	page := laptop.Get("/meg/innlogginger")
	if page.StatusCode != http.StatusOK || page.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("sessions page: %d, Cache-Control %q", page.StatusCode, page.Header.Get("Cache-Control"))
	}
	ends := sessionEnd.FindAllStringSubmatch(page.Body, -1)
	if len(ends) != 2 || strings.Count(page.Body, "Denne enheten") != 1 || !strings.Contains(page.Body, "127.0.0.0/24") {
		t.Fatalf("want two other sessions, this one marked, and the place:\n%s", mainOf(page.Body))
	}
	// Someone else's session id is not found.
	if res := other.PostForm(ends[0][1], nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("ending another person's session: %d, want 404", res.StatusCode)
	}
	if res := laptop.PostForm(ends[0][1], nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end one: %d", res.StatusCode)
	}
	signedOut := 0
	for _, c := range []*webtest.Client{phone, tablet} {
		if c.Get("/meg").StatusCode != http.StatusOK {
			signedOut++
		}
	}
	if signedOut != 1 {
		t.Fatalf("%d of the two other sessions ended, want 1", signedOut)
	}
	if res := laptop.PostForm("/meg/innlogginger/logg-ut-alle", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end all others: %d", res.StatusCode)
	}
	assertSignedOut(t, "phone after log out everywhere", phone.Get("/meg"))
	assertSignedOut(t, "tablet after log out everywhere", tablet.Get("/meg"))
	if res := laptop.Get("/meg"); res.StatusCode != http.StatusOK {
		t.Fatalf("the session that ended the others: %d", res.StatusCode)
	}
	if res := other.Get("/meg"); res.StatusCode != http.StatusOK {
		t.Fatalf("another person's session: %d", res.StatusCode)
	}
}

// Logging out tells the browser to forget what it kept of the portal.
func TestLogoutClearsSiteData(t *testing.T) {
	email, _ := freshUser(t, "vefas", "member")
	c := newClient(t).Login(email)
	res := c.PostForm("/logg-ut", nil)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Clear-Site-Data"), `"cache"`) {
		t.Fatalf("logout: %d, Clear-Site-Data %q", res.StatusCode, res.Header.Get("Clear-Site-Data"))
	}
}
