package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/markdown"
)

// scaleConsultations adds n closed consultations (ten years of answered ones in the archive), for the
// load benchmark (development only). It returns the rows added.
func scaleConsultations(ctx context.Context, pool *pgxpool.Pool, n int) (int, error) {
	if n < 1 {
		return 0, fmt.Errorf("consultation scale: bad size %d", n)
	}
	const final = "Klyngen støtter forslaget i hovedsak, men ber om **lengre overgangstid** for kommuner med spredt bosetting."
	md := markdown.New()
	tx, err := pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	a, err := tx.Exec(ctx, `
		INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id, status, summary,
			final_md, final_html, sent_on, created_at, updated_at)
		SELECT 'Høring om ' || (ARRAY['avfallsforskriften', 'produsentansvar', 'deponiavgift', 'utsorteringskrav', 'farlig avfall'])[1 + i % 5] || ' ' || i,
		       (ARRAY['Miljødirektoratet', 'Klima- og miljødepartementet', 'Statsforvalteren i Nordland'])[1 + i % 3],
		       d::date, d - interval '14 days', (SELECT id FROM focus_areas ORDER BY id OFFSET i % (SELECT count(*) FROM focus_areas) LIMIT 1),
		       'sent', 'Klyngens felles svar på høringen.', $2, $3, d::date, d - interval '60 days', d
		FROM generate_series(1, $1::int) i,
		     LATERAL (SELECT now() - interval '30 days' - (i::float8 / $1::int) * interval '3650 days' AS d) d`, n, final, md.HTML(final))
	if err != nil {
		return 0, fmt.Errorf("consultation scale: %w", err)
	}
	return int(a.RowsAffected()), tx.Commit(ctx)
}
