package auth

import (
	"context"
	"net/netip"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Throttle counts failed logins per client address and per account in PostgreSQL, so that
// every instance agrees. A key that reaches its limit within the window is refused until the
// window ends; a successful login forgets the account's failures.
type Throttle struct {
	pool         *pgxpool.Pool
	Now          func() time.Time
	Window       time.Duration
	AccountLimit int
	IPLimit      int
}

// NewThrottle returns a throttle with the portal's limits: 5 failures per account and 30 per
// address within 15 minutes.
func NewThrottle(pool *pgxpool.Pool) *Throttle {
	return &Throttle{pool: pool, Now: time.Now, Window: 15 * time.Minute, AccountLimit: 5, IPLimit: 30}
}

func ipKey(ip netip.Addr) string { return "ip:" + ip.String() }

func accountKey(email string) string {
	k := "account:" + NormalizeEmail(email)
	if len(k) > 300 {
		k = k[:300]
	}
	return k
}

// ResetThrottleKey is the name under which reset requests for email are counted, apart from
// the failed logins of the account.
func ResetThrottleKey(email string) string { return "reset:" + NormalizeEmail(email) }

// NormalizeEmail is the form e-mail addresses are compared in.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Wait returns how long the client must wait before trying again, or 0 if it may try now.
func (t *Throttle) Wait(ctx context.Context, ip netip.Addr, email string) (time.Duration, error) {
	now := t.Now()
	rows, err := t.pool.Query(ctx,
		`SELECT key, failures, window_start FROM login_throttle WHERE key = ANY($1) AND window_start > $2`,
		[]string{ipKey(ip), accountKey(email)}, now.Add(-t.Window))
	if err != nil {
		return 0, err
	}
	var wait time.Duration
	var key string
	var failures int
	var start time.Time
	_, err = pgx.ForEachRow(rows, []any{&key, &failures, &start}, func() error {
		limit := t.AccountLimit
		if strings.HasPrefix(key, "ip:") {
			limit = t.IPLimit
		}
		if failures >= limit {
			wait = max(wait, start.Add(t.Window).Sub(now))
		}
		return nil
	})
	return wait, err
}

// Fail counts a failed login for the address and the account.
func (t *Throttle) Fail(ctx context.Context, ip netip.Addr, email string) error {
	now := t.Now()
	_, err := t.pool.Exec(ctx, `
		INSERT INTO login_throttle AS t (key, failures, window_start) VALUES ($1, 1, $3), ($2, 1, $3)
		ON CONFLICT (key) DO UPDATE SET
			failures     = CASE WHEN t.window_start <= $4 THEN 1 ELSE t.failures + 1 END,
			window_start = CASE WHEN t.window_start <= $4 THEN $3 ELSE t.window_start END`,
		ipKey(ip), accountKey(email), now, now.Add(-t.Window))
	return err
}

// Succeed forgets the account's failures after a successful login.
func (t *Throttle) Succeed(ctx context.Context, email string) error {
	_, err := t.pool.Exec(ctx, `DELETE FROM login_throttle WHERE key = $1`, accountKey(email))
	return err
}
