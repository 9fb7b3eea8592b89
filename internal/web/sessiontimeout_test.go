package web_test

import (
	"net/http"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// shortSessions returns a client of a portal whose sessions end after idle without use and
// maxAge after the login.
func shortSessions(t *testing.T, idle, maxAge time.Duration) *webtest.Client {
	cfg := webtest.Config(t)
	cfg.SessionIdle, cfg.SessionMaxAge = idle, maxAge
	_, h := webtest.Portal(t, cfg, dbtest.Pool(t), nil)
	return webtest.NewClient(t, h)
}

func TestIdleSessionEnds(t *testing.T) {
	c := shortSessions(t, 1500*time.Millisecond, time.Hour)
	email, _ := freshUser(t, "vefas", "member")
	c.Login(email)
	cookie := sessionCookie(t, c)
	time.Sleep(700 * time.Millisecond)
	if res := c.Get("/meg"); res.StatusCode != http.StatusOK {
		t.Fatalf("within the idle time: status %d", res.StatusCode)
	}
	time.Sleep(700 * time.Millisecond) // 1.4 s since the login, 0.7 s since the last use
	if res := c.Get("/meg"); res.StatusCode != http.StatusOK {
		t.Fatalf("use keeps the session: status %d", res.StatusCode)
	}
	time.Sleep(2 * time.Second)
	assertSignedOut(t, "after the idle time", c.Get("/meg"))
	assertSignedOut(t, "the old cookie after the idle time", replay(t, cookie, "/meg")) // ended server-side
}

func TestSessionEndsAtItsMaximumAgeEvenWhenUsed(t *testing.T) {
	c := shortSessions(t, 2*time.Second, 3*time.Second)
	email, id := freshUser(t, "vefas", "member")
	c.Login(email)
	start := time.Now()
	changed := false
	for time.Since(start) < 2500*time.Millisecond {
		if res := c.Get("/meg"); res.StatusCode != http.StatusOK {
			t.Fatalf("after %v of use: status %d", time.Since(start), res.StatusCode)
		}
		if !changed && time.Since(start) > time.Second { // a new role renews the token, but not the age
			seedSecret(t, id) // admins must have a second factor
			execSQL(t, `UPDATE users SET role = 'company_admin' WHERE id = $1`, id)
			changed = true
		}
		time.Sleep(400 * time.Millisecond)
	}
	time.Sleep(time.Until(start.Add(3200 * time.Millisecond)))
	assertSignedOut(t, "after the maximum age", c.Get("/meg"))
}

// A page view does not write the session back: the idle time is refreshed at most once a tenth
// of the idle timeout (a minute at most), not on every request.
func TestPageViewsDoNotRewriteTheSession(t *testing.T) {
	email, _ := freshUser(t, "vefas", "member")
	c := newClient(t).Login(email)
	c.Get("/meg")
	token := sessionCookie(t, c).Value
	var before time.Time
	if err := poolOf(t).QueryRow(t.Context(), `SELECT expiry FROM sessions WHERE token = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, token).Scan(&before); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if res := c.Get("/meg"); res.StatusCode != http.StatusOK || res.Header.Get("Set-Cookie") != "" {
			t.Fatalf("a page view: status %d, Set-Cookie %q; want 200 without a new cookie", res.StatusCode, res.Header.Get("Set-Cookie"))
		}
	}
	var after time.Time
	if err := poolOf(t).QueryRow(t.Context(), `SELECT expiry FROM sessions WHERE token = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, token).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if !after.Equal(before) {
		t.Errorf("page views rewrote the session row (expiry %v → %v)", before, after)
	}
}
