package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// ScaleUsers is the number of people in the scale data.
const ScaleUsers = 5000

// Scale fills a database with the demo data and then with the scale data of the load
// benchmark (issue 9): years of content in every area, inserted with COPY. Development only.
func Scale(ctx context.Context, pool *pgxpool.Pool, demoPassword string, progress io.Writer) error {
	start := time.Now()
	sum, err := Seed(ctx, pool, demoPassword)
	if err != nil {
		return fmt.Errorf("scale demo data: %w", err)
	}
	fmt.Fprintf(progress, "  %-24s %7d rows in %v\n", "demo data", sum.Users, time.Since(start).Round(time.Millisecond))
	return AddScale(ctx, pool, 1, progress)
}

// AddScale adds the scale data, every amount divided by divisor (1 for the benchmark, more for
// a test), to a database holding the demo data: people, forums with threads and posts, events
// with registrations, ten years of årshjul activities and indicator values, consultations, news and meetings.
func AddScale(ctx context.Context, pool *pgxpool.Pool, divisor int, progress io.Writer) error {
	start := time.Now()
	step := func(what string, fill func() (int, error)) error {
		start := time.Now()
		n, err := fill()
		if err != nil {
			return fmt.Errorf("scale %s: %w", what, err)
		}
		fmt.Fprintf(progress, "  %-24s %7d rows in %v\n", what, n, time.Since(start).Round(time.Millisecond))
		return nil
	}
	part := func(n int) int { return max(1, n/divisor) }
	var readers []int64
	steps := []struct {
		what string
		fill func() (int, error)
	}{
		{"people", func() (int, error) { return scaleUsers(ctx, pool, part(ScaleUsers)) }},
		{"forum posts", func() (int, error) {
			// The demo accounts (the benchmark logs in with them) have read most threads.
			if err := pool.QueryRow(ctx, `SELECT array_agg(id) FROM users WHERE email NOT LIKE 'person%'`).Scan(&readers); err != nil {
				return 0, err
			}
			return scaleForum(ctx, pool, forumScale{Forums: part(60), Threads: part(20000), Posts: max(part(200000), part(20000)+600), Readers: readers})
		}},
		{"event registrations", func() (int, error) { return scaleEvents(ctx, pool, part(2000), 25) }},
		{"årshjul activities", func() (int, error) { return scalePlan(ctx, pool, part(60)) }},
		{"indicator values", func() (int, error) { return scaleIndicators(ctx, pool) }},
		{"consultations", func() (int, error) { return scaleConsultations(ctx, pool, part(300)) }},
		{"news", func() (int, error) { return scaleNews(ctx, pool, part(300)) }},
		{"meetings", func() (int, error) { return scaleMeetings(ctx, pool, part(10), 6) }},
	}
	for _, s := range steps {
		if err := step(s.what, s.fill); err != nil {
			return err
		}
	}
	if _, err := pool.Exec(ctx, `VACUUM (ANALYZE)`); err != nil { // as autovacuum would have: visibility map set, statistics fresh
		return err
	}
	fmt.Fprintf(progress, "  %-24s in %v\n", "scale data in all", time.Since(start).Round(time.Millisecond))
	return nil
}
