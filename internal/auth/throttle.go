package auth

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Throttle slows down guessing of passwords and one-time codes. Every place that checks a
// password or a code asks it first (Begin) and tells it of a success (Succeed). The attempt is
// counted and decided under a row lock in PostgreSQL, so that parallel attempts, on one
// instance or several, cannot pass the limit: of 60 parallel wrong passwords at most the limit
// are checked.
//
// Failures are counted per key. The lock that matters is on an account and an address
// together: someone elsewhere who guesses cannot lock the owner out. A key that reaches its
// limit is locked for BaseDelay, doubled with every further failure up to MaxDelay, and a
// success forgets it. An address has a wider limit of its own for logins across accounts
// (password spraying), in which a successful login gives its attempt back; reset requests and
// codes are counted apart from it, so one address is not punished for other accounts' resets.
type Throttle struct {
	pool *pgxpool.Pool
	// Now is the clock; tests may replace it.
	Now       func() time.Time
	BaseDelay time.Duration
	MaxDelay  time.Duration
}

// NewThrottle returns the throttle with the portal's delays: 1 minute, doubling up to 1 hour.
func NewThrottle(pool *pgxpool.Pool) *Throttle {
	return &Throttle{pool: pool, Now: time.Now, BaseDelay: time.Minute, MaxDelay: time.Hour}
}

// Limit is how many failures a key may have before it is locked, and how long a key without a
// lock must stay quiet to be forgotten.
type Limit struct {
	Failures int
	Quiet    time.Duration
}

// Kind is one sort of attempt with its limits; a zero Limit means the key is not counted.
type Kind struct {
	Name    string
	Pair    Limit // the subject (an account) from one address
	Subject Limit // the subject from anywhere
	Address Limit // one address, whatever the subject
}

// The kinds of attempt the portal throttles.
var (
	// LoginPassword is a password at login; the subject is the e-mail address typed.
	LoginPassword = Kind{Name: "login", Pair: Limit{5, 24 * time.Hour}, Address: Limit{50, time.Hour}}
	// Code is a one-time or recovery code; the subject is the user id. Only someone who knows
	// the password gets here, so the account-wide limit may lock.
	Code = Kind{Name: "code", Pair: Limit{5, 24 * time.Hour}, Subject: Limit{20, 24 * time.Hour}}
	// Password is the current password of a signed-in person (password change, confirming a
	// sensitive change, turning the second factor off); the subject is the user id.
	Password = Kind{Name: "password", Pair: Limit{5, 24 * time.Hour}, Subject: Limit{10, 24 * time.Hour}}
	// Reset is a request for a reset mail; the subject is the e-mail address. Counted on every
	// request (nothing succeeds), so that nobody can flood a mailbox.
	Reset = Kind{Name: "reset", Subject: Limit{5, time.Hour}, Address: Limit{30, time.Hour}}
)

// NormalizeEmail is the form e-mail addresses are compared in.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

type throttleKey struct {
	key   string
	limit Limit
}

func (k Kind) keys(subject string, ip netip.Addr) []throttleKey {
	subject = strings.ToLower(strings.TrimSpace(subject))
	if len(subject) > 300 {
		subject = subject[:300]
	}
	var ks []throttleKey
	if k.Pair.Failures > 0 {
		ks = append(ks, throttleKey{k.Name + ":" + subject + "|" + ip.String(), k.Pair})
	}
	if k.Subject.Failures > 0 {
		ks = append(ks, throttleKey{k.Name + ":" + subject, k.Subject})
	}
	if k.Address.Failures > 0 {
		ks = append(ks, throttleKey{k.Name + "@" + ip.String(), k.Address})
	}
	return ks
}

// Begin counts an attempt of kind at subject from ip, unless one of its keys is locked: then it
// returns how long the client must wait, and the attempt must not be made. The attempt counts
// as failed until Succeed says otherwise.
func (t *Throttle) Begin(ctx context.Context, kind Kind, subject string, ip netip.Addr) (time.Duration, error) {
	ks := kind.keys(subject, ip)
	// Locked in one order everywhere, so that two attempts never wait for each other in a circle.
	slices.SortFunc(ks, func(a, b throttleKey) int { return strings.Compare(a.key, b.key) })
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.key
	}
	now := t.Now()
	tx, err := t.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	// The rows exist before they are locked, so that the first attempts wait for each other too.
	if _, err := tx.Exec(ctx, `INSERT INTO auth_throttle (key, updated_at) SELECT unnest($1::text[]), $2 ON CONFLICT (key) DO NOTHING`, names, now); err != nil {
		return 0, err
	}
	rows, err := tx.Query(ctx, `SELECT key, failures, updated_at, locked_until FROM auth_throttle WHERE key = ANY($1) ORDER BY key FOR UPDATE`, names)
	if err != nil {
		return 0, err
	}
	type state struct {
		failures int
		updated  time.Time
		locked   *time.Time
	}
	states := map[string]state{}
	for rows.Next() {
		var key string
		var st state
		if err := rows.Scan(&key, &st.failures, &st.updated, &st.locked); err != nil {
			rows.Close()
			return 0, err
		}
		states[key] = st
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var wait time.Duration
	failures := make([]int, len(ks))
	locks := make([]*time.Time, len(ks))
	for i, k := range ks {
		st := states[k.key]
		if st.locked != nil && st.locked.After(now) {
			wait = max(wait, st.locked.Sub(now))
			continue
		}
		if now.Sub(st.updated) > k.limit.Quiet && (st.locked == nil || now.Sub(*st.locked) > k.limit.Quiet) {
			st.failures = 0 // quiet long enough: forgotten
		}
		failures[i] = st.failures + 1
		if failures[i] >= k.limit.Failures {
			until := now.Add(t.delay(failures[i] - k.limit.Failures))
			locks[i] = &until
		}
	}
	if wait > 0 {
		return wait, tx.Commit(ctx) // refused: nothing counted
	}
	if _, err := tx.Exec(ctx, `
		UPDATE auth_throttle t SET failures = v.failures, locked_until = v.locked_until, updated_at = $4
		FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS v(key, failures, locked_until)
		WHERE t.key = v.key`, names, failures, locks, now); err != nil {
		return 0, err
	}
	return 0, tx.Commit(ctx)
}

// delay is the lock after the limit was reached and n more failures: BaseDelay doubled n times,
// at most MaxDelay.
func (t *Throttle) delay(n int) time.Duration {
	d := t.BaseDelay
	for i := 0; i < n && d < t.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.MaxDelay)
}

// Succeed says that the attempt begun for subject from ip was right: the subject's keys are
// forgotten, and the address gets its attempt back.
func (t *Throttle) Succeed(ctx context.Context, kind Kind, subject string, ip netip.Addr) error {
	var forget []string
	var address string
	for _, k := range kind.keys(subject, ip) {
		if strings.HasPrefix(k.key, kind.Name+"@") {
			address = k.key
		} else {
			forget = append(forget, k.key)
		}
	}
	_, err := t.pool.Exec(ctx, `
		WITH gone AS (DELETE FROM auth_throttle WHERE key = ANY($1))
		UPDATE auth_throttle SET failures = greatest(failures - 1, 0) WHERE key = $2`, forget, address)
	return err
}
