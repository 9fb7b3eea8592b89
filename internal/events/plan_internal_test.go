package events

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
)

// TestComingRegistrationsLookUpTheirEvents shows, among 400 coming events and 300 people
// registered at 20 each, that the list of
// events' read of the viewer's own registrations looks each registration's event up by its key
// in the generic plan, rather than hashing every coming event.
func TestComingRegistrationsLookUpTheirEvents(t *testing.T) {
	ctx := t.Context()
	pool := dbtest.Pool(t)
	for _, sql := range []string{
		`INSERT INTO events (title, kind, starts_at, ends_at, status)
			SELECT 'Planarrangement ' || i, 'seminar', now() + i * interval '1 day', now() + i * interval '1 day' + interval '2 hours', 'published'
			FROM generate_series(1, 400) i`,
		`INSERT INTO users (company_id, email, name, password_hash)
			SELECT (SELECT min(id) FROM companies), 'planarr' || i || '@mange.example', 'Deltaker ' || i, '$argon2id$x'
			FROM generate_series(1, 300) i`,
		`INSERT INTO registrations (event_id, user_id, company_id, status)
			SELECT e.id, u.id, u.company_id, 'confirmed' FROM users u
			JOIN events e ON e.title LIKE 'Planarrangement %' AND (e.id + u.id) % 20 = 0
			WHERE u.email LIKE 'planarr%@mange.example'`,
		`ANALYZE events, registrations, users`,
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		_, _ = pool.Exec(ctx, `DELETE FROM events WHERE title LIKE 'Planarrangement %'`)
		_, _ = pool.Exec(ctx, `DELETE FROM users WHERE email LIKE 'planarr%@mange.example'`)
	})
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	var user int64
	if err := tx.QueryRow(ctx, `SELECT min(id) FROM users WHERE email LIKE 'planarr%@mange.example'`).Scan(&user); err != nil {
		t.Fatal(err)
	}
	rows, _ := tx.Query(ctx, `EXPLAIN `+mineComingSQL, user)
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if p := strings.Join(lines, "\n"); !strings.Contains(p, "events_pkey") || strings.Contains(p, "Hash") {
		t.Errorf("the registrations' events are not looked up by their key:\n%s", p)
	}
}
