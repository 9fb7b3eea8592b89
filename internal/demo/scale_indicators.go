package demo

import (
	"context"
	"klyngeportalen/internal/indicators"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// scaleIndicators gives every company a submitted report, marked demo, for each of the ten years
// before this one that it lacks, with values for every indicator near the indicator's mean in
// the demo figures, for the load benchmark (development only). It returns the values added.
func scaleIndicators(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	last := indicators.CurrentYear(time.Now()) - 1
	tx, err := pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `
		INSERT INTO indicator_reports (company_id, year, status, demo, submitted_at, updated_at)
		SELECT c.id, y, 'submitted', true, make_timestamptz(y + 1, 3, 15, 10, 0, 0, 'Europe/Oslo'), make_timestamptz(y + 1, 3, 15, 10, 0, 0, 'Europe/Oslo')
		FROM companies c, generate_series($1::int - 9, $1::int) y
		ON CONFLICT (company_id, year) DO NOTHING`, last); err != nil {
		return 0, err
	}
	tag, err := tx.Exec(ctx, `
		WITH mean AS (
			SELECT i.id, i.decimals, i.unit, coalesce(avg(v.value), 50) AS m
			FROM indicators i LEFT JOIN indicator_values v ON v.indicator_id = i.id GROUP BY i.id)
		INSERT INTO indicator_values (report_id, indicator_id, value)
		SELECT r.id, mean.id,
		       round(CASE WHEN mean.unit = '%' THEN least(100, x) ELSE x END, mean.decimals)
		FROM indicator_reports r CROSS JOIN mean,
		     LATERAL (SELECT mean.m * (0.8 + ((r.company_id * 37 + mean.id * 17 + r.year * 7) % 41) / 100.0) AS x) x
		WHERE r.year BETWEEN $1::int - 9 AND $1::int AND r.status = 'submitted'
		ON CONFLICT (report_id, indicator_id) DO NOTHING`, last)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), tx.Commit(ctx)
}
