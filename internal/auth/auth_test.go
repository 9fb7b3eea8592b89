package auth_test

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
)

// clockedThrottle returns the portal's throttle on a clock the test moves.
func clockedThrottle(t *testing.T) (*auth.Throttle, *time.Time) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	th := auth.NewThrottle(dbtest.Pool(t))
	th.Now = func() time.Time { return now }
	t.Cleanup(func() { _, _ = dbtest.Pool(t).Exec(context.Background(), `DELETE FROM login_throttle`) })
	return th, &now
}

func wait(t *testing.T, th *auth.Throttle, ip netip.Addr, email string) time.Duration {
	t.Helper()
	d, err := th.Wait(context.Background(), ip, email)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func fail(t *testing.T, th *auth.Throttle, ip netip.Addr, email string) {
	t.Helper()
	if err := th.Fail(context.Background(), ip, email); err != nil {
		t.Fatal(err)
	}
}

func TestThrottleAccountLimitForgetsAfterItsWindow(t *testing.T) {
	th, now := clockedThrottle(t)
	ip, email := netip.MustParseAddr("192.0.2.10"), "glemsk@example.org"
	if th.AccountLimit != 5 || th.IPLimit != 30 || th.Window != 15*time.Minute {
		t.Fatalf("limits %d/%d per %v, want 5/30 per 15m", th.AccountLimit, th.IPLimit, th.Window)
	}
	for i := 1; i <= th.AccountLimit; i++ {
		if d := wait(t, th, ip, email); d != 0 {
			t.Fatalf("before failure %d: wait %v", i, d)
		}
		fail(t, th, ip, strings.ToUpper(email)) // the account is the address in any case
	}
	if d := wait(t, th, ip, " "+email); d != th.Window {
		t.Fatalf("after %d failures: wait %v, want %v", th.AccountLimit, d, th.Window)
	}
	if d := wait(t, th, netip.MustParseAddr("192.0.2.11"), email); d != th.Window {
		t.Fatalf("the account lock depends on the address: wait %v", d)
	}
	*now = now.Add(th.Window - time.Minute)
	if d := wait(t, th, ip, email); d != time.Minute {
		t.Fatalf("a minute before the window ends: wait %v, want 1m", d)
	}
	*now = now.Add(time.Minute)
	if d := wait(t, th, ip, email); d != 0 {
		t.Fatalf("when the window has passed: wait %v, want 0", d)
	}
	// A failure after the window starts a new count rather than adding to the old one.
	fail(t, th, ip, email)
	if d := wait(t, th, ip, email); d != 0 {
		t.Fatalf("one failure in a new window: wait %v, want 0", d)
	}
	var failures int
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT failures FROM login_throttle WHERE key = 'account:glemsk@example.org'`).Scan(&failures); err != nil || failures != 1 {
		t.Fatalf("failures %d (%v), want 1", failures, err)
	}
}

func TestThrottleIPLimitForgetsAfterItsWindow(t *testing.T) {
	th, now := clockedThrottle(t)
	ip := netip.MustParseAddr("198.51.100.7")
	for i := 0; i < th.IPLimit; i++ {
		if d := wait(t, th, ip, "ny-adresse@example.org"); d != 0 {
			t.Fatalf("before failure %d: wait %v", i+1, d)
		}
		fail(t, th, ip, "spray"+string(rune('a'+i%26))+string(rune('a'+i/26))+"@example.org")
		*now = now.Add(time.Second)
	}
	if d := wait(t, th, ip, "ny-adresse@example.org"); d <= 0 || d > th.Window {
		t.Fatalf("after %d failures from one address: wait %v, want up to %v", th.IPLimit, d, th.Window)
	}
	if d := wait(t, th, netip.MustParseAddr("198.51.100.8"), "ny-adresse@example.org"); d != 0 {
		t.Fatalf("another address is throttled too: wait %v", d)
	}
	if err := th.Succeed(context.Background(), "ny-adresse@example.org"); err != nil {
		t.Fatal(err)
	}
	if d := wait(t, th, ip, "ny-adresse@example.org"); d == 0 {
		t.Fatal("a successful login elsewhere forgot the address's failures")
	}
	*now = now.Add(th.Window)
	if d := wait(t, th, ip, "ny-adresse@example.org"); d != 0 {
		t.Fatalf("after the window: wait %v, want 0", d)
	}
}

func TestThrottleSucceedForgetsTheAccount(t *testing.T) {
	th, _ := clockedThrottle(t)
	ip, email := netip.MustParseAddr("203.0.113.5"), "husker@example.org"
	for i := 0; i < th.AccountLimit; i++ {
		fail(t, th, ip, email)
	}
	if wait(t, th, ip, email) == 0 {
		t.Fatal("not throttled")
	}
	if err := th.Succeed(context.Background(), "Husker@Example.org"); err != nil {
		t.Fatal(err)
	}
	if d := wait(t, th, ip, email); d != 0 {
		t.Fatalf("after a success: wait %v", d)
	}
}

func TestPasswordHashesAndRules(t *testing.T) {
	pw := "en lang og god setning"
	a, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := auth.HashPassword(pw)
	if a == b || !strings.HasPrefix(a, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hashes %q and %q: want argon2id with OWASP parameters and a salt of its own", a, b)
	}
	if ok, err := auth.VerifyPassword(pw, a); !ok || err != nil {
		t.Fatalf("the right password: %v %v", ok, err)
	}
	if ok, _ := auth.VerifyPassword(pw+"x", a); ok {
		t.Fatal("a wrong password matched")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$a2V5", strings.Replace(a, "m=19456", "m=99999999", 1), strings.Replace(a, "t=2", "t=0", 1)} {
		if ok, err := auth.VerifyPassword(pw, bad); ok || err == nil {
			t.Errorf("hash %q: %v %v, want an error", bad, ok, err)
		}
	}
	for p, want := range map[string]bool{
		"123456789": false, "1234567891": true, strings.Repeat("ø", 10): true, strings.Repeat("a", 128) + "b": false,
		"Klynge-Demo-2026": false, "PASSORD123": false, "ti tegn\x00ok": false, "\xff\xfe ugyldig utf8": false,
	} {
		err := auth.CheckPassword(p)
		var weak auth.ErrWeakPassword
		if (err == nil) != want || (err != nil && (!errors.As(err, &weak) || weak.Reason == "")) {
			t.Errorf("CheckPassword(%q) = %v, want ok=%v with a reason", p, err, want)
		}
	}
}
