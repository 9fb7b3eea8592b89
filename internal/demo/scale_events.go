package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/markdown"
)

// scaleEvents adds n published events over ten years (the last tenth still to come) and about
// regsPer registrations to each, for the load benchmark (development only). No event is
// overbooked: registrations beyond the capacity are on the waitlist, and each person has at
// most one per event. It returns the number of registrations added.
func scaleEvents(ctx context.Context, pool *pgxpool.Pool, n, regsPer int) (int, error) {
	if n < 1 || regsPer < 1 {
		return 0, fmt.Errorf("event scale: bad size %d, %d", n, regsPer)
	}
	const body = "Velkommen til en samling for fagfolk i klyngen. Vi deler erfaringer fra **innsamling**, " +
		"restavfall og ombruk, og setter av god tid til spørsmål.\n\nProgrammet sendes ut en uke før."
	tx, err := pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	var first int64
	if err := tx.QueryRow(ctx, `
		WITH e AS (INSERT INTO events (title, kind, description_md, description_html, starts_at, ends_at, place,
				organiser_company_id, focus_area_id, topic_id, capacity, status, registration_opens_at, cancellation_deadline)
			SELECT (ARRAY['Fagsamling om', 'Workshop:', 'Webinar om', 'Nettverkssamling:', 'Seminar om'])[1 + i % 5] || ' ' ||
			       (ARRAY['matavfall', 'plukkanalyser', 'ombruk', 'HMS på anlegget', 'klimaregnskap', 'innsamlingsruter'])[1 + i % 6] || ' ' || i,
			       (ARRAY['seminar', 'workshop', 'webinar', 'nettverkssamling', 'seminar'])[1 + i % 5],
			       $2, $3, s, s + interval '3 hours',
			       (ARRAY['Bodø', 'Tromsø', 'Harstad', 'Narvik', 'Mo i Rana', 'Finnsnes'])[1 + i % 6],
			       (SELECT id FROM companies ORDER BY id OFFSET i % (SELECT count(*) FROM companies) LIMIT 1),
			       t.focus_area_id, t.id, 20 + (i % 5) * 10, 'published', s - interval '60 days', s - interval '2 days'
			FROM generate_series(1, $1::int) i,
			     LATERAL (SELECT date_trunc('hour', now()) - interval '3285 days' + (i::float8 / $1::int) * interval '3650 days' + interval '9 hours' AS s) s,
			     LATERAL (SELECT id, focus_area_id FROM topics ORDER BY id OFFSET i % (SELECT count(*) FROM topics) LIMIT 1) t
			RETURNING id)
		SELECT min(id) FROM e`, n, body, markdown.New().HTML(body)).Scan(&first); err != nil {
		return 0, fmt.Errorf("event scale: events: %w", err)
	}
	tag, err := tx.Exec(ctx, `
		WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE active AND password_hash IS NOT NULL)
		INSERT INTO registrations (event_id, user_id, company_id, status, registered_by, created_at, confirmed_at)
		SELECT e.id, p.id, p.company_id, CASE WHEN k <= e.capacity THEN 'confirmed' ELSE 'waitlisted' END, p.id,
		       e.registration_opens_at + k * interval '1 hour', CASE WHEN k <= e.capacity THEN e.registration_opens_at + k * interval '1 hour' END
		FROM events e, u,
		     generate_series(1, least(cardinality(u.ids), greatest(1, $2::int / 2 + (e.id * 37)::int % ($2::int + 1)))) k,
		     LATERAL (SELECT id, company_id FROM users WHERE id = u.ids[1 + (e.id * 97 + k) % cardinality(u.ids)]) p
		WHERE e.id >= $1
		ORDER BY e.id, k`, first, regsPer)
	if err != nil {
		return 0, fmt.Errorf("event scale: registrations: %w", err)
	}
	return int(tag.RowsAffected()), tx.Commit(ctx)
}
