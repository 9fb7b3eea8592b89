package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
)

// SecondFactor gives the demo admins (cluster and company admins of the demo data, whose
// addresses end in .example) the demo TOTP secret auth.DemoTOTPSecret (development and tests),
// since admins must have a second factor. key is the portal's key for second-factor secrets.
func SecondFactor(ctx context.Context, pool *pgxpool.Pool, key []byte) error {
	f, err := auth.NewSecondFactor(pool, key)
	if err != nil {
		return err
	}
	rows, err := pool.Query(ctx, `SELECT id FROM users WHERE role IN ('cluster_admin', 'company_admin') AND email LIKE '%.example' ORDER BY id`)
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("demo admins: none found")
	}
	for _, id := range ids {
		if err := f.SeedSecret(ctx, id, auth.DemoTOTPSecret); err != nil {
			return err
		}
	}
	return nil
}
