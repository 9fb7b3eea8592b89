package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/markdown"
)

// scalePlan adds perYear activities to each of the ten plan years up to this one, for the load
// benchmark (development only): spread over the year and the topics, some crossing the year
// end, with a responsible company and a status fitting their dates. It returns the rows added.
func scalePlan(ctx context.Context, pool *pgxpool.Pool, perYear int) (int, error) {
	if perYear < 1 {
		return 0, fmt.Errorf("plan scale: bad size %d", perYear)
	}
	const body = "Tiltaket følges opp i styringsgruppen. Ansvarlig selskap rapporterer status **hvert kvartal**."
	tag, err := pool.Exec(ctx, `
		INSERT INTO activities (title, description, description_html, focus_area_id, topic_id, starts_on, ends_on, company_id, status)
		SELECT (ARRAY['Kartlegging av', 'Felles kampanje om', 'Samling om', 'Rapport om', 'Pilotprosjekt for'])[1 + i % 5] || ' ' ||
		       (ARRAY['matavfall', 'plukkanalyser', 'ombruk', 'HMS', 'klimaregnskap', 'innsamling', 'tekstiler'])[1 + i % 7] || ' ' || y,
		       $2, $3, t.focus_area_id, t.id, d, d + (7 + (i * 13) % 120),
		       (SELECT id FROM companies ORDER BY id OFFSET i % (SELECT count(*) FROM companies) LIMIT 1),
		       CASE WHEN d + (7 + (i * 13) % 120) < current_date THEN (ARRAY['gjennomfort', 'gjennomfort', 'gjennomfort', 'utsatt', 'avlyst'])[1 + i % 5]
		            WHEN d <= current_date THEN 'pagar' ELSE 'planlagt' END
		FROM generate_series(extract(year FROM current_date)::int - 9, extract(year FROM current_date)::int) y,
		     generate_series(1, $1::int) i,
		     LATERAL (SELECT make_date(y, 1, 1) + ((i * 353) % 365) AS d) d,
		     LATERAL (SELECT id, focus_area_id FROM topics ORDER BY id OFFSET i % (SELECT count(*) FROM topics) LIMIT 1) t`,
		perYear, body, markdown.New().HTML(body))
	if err != nil {
		return 0, fmt.Errorf("plan scale: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
