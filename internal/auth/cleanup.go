package auth

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Clean deletes, every interval until ctx ends, what has expired: sessions, old login-failure
// counters, and tokens that were used or expired more than 30 days ago.
func Clean(ctx context.Context, pool *pgxpool.Pool, interval time.Duration, logger *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for _, q := range []string{
				`DELETE FROM sessions WHERE expiry < now()`,
				`DELETE FROM auth_throttle WHERE updated_at < now() - interval '2 days' AND (locked_until IS NULL OR locked_until < now())`,
				`DELETE FROM user_tokens WHERE coalesce(used_at, expires_at) < now() - interval '30 days'`,
			} {
				if _, err := pool.Exec(ctx, q); err != nil && ctx.Err() == nil {
					logger.Warn("cleanup failed", "error", err)
				}
			}
		}
	}
}
