package auth_test

import (
	"context"
	"errors"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trustelem/zxcvbn/frequency"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
)

// clockedThrottle returns the portal's throttle on a clock the test moves.
func clockedThrottle(t *testing.T) (*auth.Throttle, *time.Time) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	th := auth.NewThrottle(dbtest.Pool(t))
	th.Now = func() time.Time { return now }
	t.Cleanup(func() { _, _ = dbtest.Pool(t).Exec(context.Background(), `DELETE FROM auth_throttle`) })
	return th, &now
}

func begin(t *testing.T, th *auth.Throttle, k auth.Kind, subject string, ip netip.Addr) time.Duration {
	t.Helper()
	d, err := th.Begin(context.Background(), k, subject, ip)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A pair of account and address is locked after 5 failures, for a delay that doubles with
// every further failure; another address is not locked out, and a success forgets the pair.
func TestThrottleLocksThePairWithGrowingDelays(t *testing.T) {
	th, now := clockedThrottle(t)
	ip, email := netip.MustParseAddr("192.0.2.10"), "glemsk@example.org"
	for i := 1; i <= 5; i++ {
		if d := begin(t, th, auth.LoginPassword, strings.ToUpper(email), ip); d != 0 { // the account is the address in any case
			t.Fatalf("attempt %d: wait %v", i, d)
		}
	}
	if d := begin(t, th, auth.LoginPassword, " "+email, ip); d != time.Minute {
		t.Fatalf("after 5 failures: wait %v, want 1m", d)
	}
	owner := netip.MustParseAddr("203.0.113.5")
	if d := begin(t, th, auth.LoginPassword, email, owner); d != 0 {
		t.Fatalf("the owner elsewhere is locked out too: wait %v", d)
	}
	if err := th.Succeed(context.Background(), auth.LoginPassword, email, owner); err != nil {
		t.Fatal(err)
	}
	for _, want := range []time.Duration{2 * time.Minute, 4 * time.Minute, 8 * time.Minute} {
		*now = now.Add(time.Hour)
		if d := begin(t, th, auth.LoginPassword, email, ip); d != 0 { // the lock has run out: one more try
			t.Fatalf("after the lock: wait %v", d)
		}
		if d := begin(t, th, auth.LoginPassword, email, ip); d != want {
			t.Fatalf("after a further failure: wait %v, want %v", d, want)
		}
	}
	*now = now.Add(time.Hour)
	if d := begin(t, th, auth.LoginPassword, email, ip); d != 0 {
		t.Fatal(d)
	}
	if err := th.Succeed(context.Background(), auth.LoginPassword, email, ip); err != nil {
		t.Fatal(err)
	}
	if d := begin(t, th, auth.LoginPassword, email, ip); d != 0 {
		t.Fatalf("after a success: wait %v", d)
	}
	// A day of quiet forgets the failures.
	for range 3 {
		begin(t, th, auth.LoginPassword, email, ip)
	}
	*now = now.Add(25 * time.Hour)
	for i := 1; i <= 5; i++ {
		if d := begin(t, th, auth.LoginPassword, email, ip); d != 0 {
			t.Fatalf("attempt %d after a quiet day: wait %v", i, d)
		}
	}
}

// One address trying many accounts is locked after 50 failures; successful logins give their
// attempt back, so an office behind one address is not locked by its own people.
func TestThrottleAddressLimitCountsFailuresOnly(t *testing.T) {
	th, _ := clockedThrottle(t)
	ip := netip.MustParseAddr("198.51.100.7")
	for i := range 200 { // successes: never locked
		email := "kollega" + strconv.Itoa(i) + "@example.org"
		if d := begin(t, th, auth.LoginPassword, email, ip); d != 0 {
			t.Fatalf("login %d of an office: wait %v", i, d)
		}
		if err := th.Succeed(context.Background(), auth.LoginPassword, email, ip); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 50 {
		if d := begin(t, th, auth.LoginPassword, "spray"+strconv.Itoa(i)+"@example.org", ip); d != 0 {
			t.Fatalf("failure %d: wait %v", i, d)
		}
	}
	if d := begin(t, th, auth.LoginPassword, "ny@example.org", ip); d == 0 {
		t.Fatal("an address with 50 failures on as many accounts is not locked")
	}
	if d := begin(t, th, auth.LoginPassword, "ny@example.org", netip.MustParseAddr("198.51.100.8")); d != 0 {
		t.Fatalf("another address is locked too: wait %v", d)
	}
	// Reset requests and codes are not logins: the address's lock does not touch them.
	if d := begin(t, th, auth.Reset, "ny@example.org", ip); d != 0 {
		t.Fatalf("reset from a locked address: wait %v", d)
	}
}

// Parallel attempts cannot pass the limit: of 60 at once, exactly 5 are allowed.
func TestThrottleIsAtomicUnderConcurrency(t *testing.T) {
	th, _ := clockedThrottle(t)
	ip := netip.MustParseAddr("192.0.2.99")
	var allowed atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 60)
	for range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := th.Begin(context.Background(), auth.Code, "42", ip)
			if err != nil {
				errs <- err
				return
			}
			if d == 0 {
				allowed.Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := allowed.Load(); n != 5 {
		t.Fatalf("%d of 60 parallel attempts allowed, want 5", n)
	}
}

// The common-password check knows at least 10 000 leaked passwords: every one of them long
// enough to be tried is refused.
func TestCommonPasswordsFromTheListsAreRefused(t *testing.T) {
	list := frequency.FrequencyLists["passwords"]
	if len(list) < 10000 {
		t.Fatalf("%d common passwords, want at least 10 000", len(list))
	}
	tried := 0
	for i, pw := range list {
		if len([]rune(pw)) < auth.MinPasswordLen {
			continue
		}
		tried++
		if auth.CheckPassword(pw) == nil {
			t.Errorf("the common password %q (rank %d) is accepted", pw, i)
		}
	}
	if tried < 20 {
		t.Fatalf("only %d passwords tried", tried)
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
		"123456789": false, "1234567891": false, strings.Repeat("ø", 10): false,
		"sommer2026": false, "iris-salten2026": false, "Avfallsklynge2026": false, "velkommen1": false, "Remiks2026!": false,
		"fire hester i fjæra ved Senja": true, "hyttetur i lofoten": true, "Kx8#mQ2vL9": true, strings.Repeat("a", 128) + "b": false,
		"Klynge-Demo-2026": false, "PASSORD123": false, "ti tegn\x00ok": false, "\xff\xfe ugyldig utf8": false,
	} {
		err := auth.CheckPassword(p)
		var weak auth.ErrWeakPassword
		if (err == nil) != want || (err != nil && (!errors.As(err, &weak) || weak.Reason == "")) {
			t.Errorf("CheckPassword(%q) = %v, want ok=%v with a reason", p, err, want)
		}
	}
}
