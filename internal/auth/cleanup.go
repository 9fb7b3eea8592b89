package auth

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/background"
)

// Clean deletes, every interval until ctx ends, what has expired: sessions, old login-failure
// counters, and tokens that were used or expired more than 30 days ago.
func Clean(ctx context.Context, pool *pgxpool.Pool, interval time.Duration, logger *slog.Logger) {
	background.Every(ctx, interval, logger, "cleanup", func(ctx context.Context) (int64, error) {
		var n int64
		var errs []error
		for _, q := range []string{
			`DELETE FROM sessions WHERE expiry < now()`,
			`DELETE FROM auth_throttle WHERE updated_at < now() - interval '2 days' AND (locked_until IS NULL OR locked_until < now())`,
			`DELETE FROM user_tokens WHERE coalesce(used_at, expires_at) < now() - interval '30 days'`,
		} {
			tag, err := pool.Exec(ctx, q)
			n += tag.RowsAffected()
			errs = append(errs, err)
		}
		return n, errors.Join(errs...)
	})
}
