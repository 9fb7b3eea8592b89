package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/members"
)

// ScaleUsers is the number of people in the scale data.
const ScaleUsers = 5000

// Scale fills a database with the demo data and then with the scale data of the load
// benchmark (issue 9): years of content in every area, inserted with COPY. Development only.
func Scale(ctx context.Context, pool *pgxpool.Pool, demoPassword string, progress io.Writer) error {
	step := func(what string, fill func() (int, error)) error {
		start := time.Now()
		n, err := fill()
		if err != nil {
			return fmt.Errorf("scale %s: %w", what, err)
		}
		fmt.Fprintf(progress, "  %-24s %7d rows in %v\n", what, n, time.Since(start).Round(time.Millisecond))
		return nil
	}
	if err := step("demo data", func() (int, error) {
		sum, err := Seed(ctx, pool, demoPassword)
		return sum.Users, err
	}); err != nil {
		return err
	}
	if err := step("people", func() (int, error) { return members.SeedScaleUsers(ctx, pool, ScaleUsers) }); err != nil {
		return err
	}
	_, err := pool.Exec(ctx, `ANALYZE`)
	return err
}
