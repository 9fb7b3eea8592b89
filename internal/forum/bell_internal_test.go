package forum

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
)

// The bell's count is read from the index of unread notifications alone (migration 00330):
// fetching each of a hundred notifications' rows was half the cost of who the user is, which
// every page reads. Fails without the index's included post and group.
func TestBellReadsOnlyTheIndex(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	var uid int64
	if err := pool.QueryRow(ctx, `SELECT id FROM users WHERE email = 'ansatt@las.example'`).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	// As on the scale data: many people with notifications, interleaved, half of them read.
	if _, err := pool.Exec(ctx, `INSERT INTO users (company_id, email, name, password_hash)
		SELECT (SELECT company_id FROM users WHERE id = $1), 'klokke' || i || '@mange.example', 'Klokke ' || i, '$argon2id$x' FROM generate_series(1, 400) i`, uid); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = pool.Exec(ctx, `DELETE FROM users WHERE email LIKE 'klokke%@mange.example'`) })
	if _, err := pool.Exec(ctx, `INSERT INTO notifications (user_id, kind, title, url, read_at)
		SELECT u.id, 'news', 'Klokketest ' || i, '/', CASE WHEN i % 2 = 0 THEN now() END FROM generate_series(1, 300) i, users u WHERE u.active ORDER BY i, u.id`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = pool.Exec(ctx, `DELETE FROM notifications WHERE title LIKE 'Klokketest %'`) })
	if _, err := pool.Exec(ctx, `VACUUM (ANALYZE) notifications`); err != nil {
		t.Fatal(err)
	}
	// The test database is small enough for hash joins and walks of the whole table; the scale
	// data's plan walks the person's newest unread notifications by an index, in nested loops.
	// That plan is asked for here, and whether it can do without the notifications' rows (how
	// many it still fetches follows the table's visibility map, which VACUUM keeps).
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off`); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, "EXPLAIN (ANALYZE, COSTS off, TIMING off) "+bellSQL, pgx.NamedArgs{"uid": uid, "admin": false})
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	plan := strings.Join(lines, "\n")
	if !strings.Contains(plan, "Index Only Scan Backward using notifications_unread_user_ix") {
		t.Errorf("the bell reads the notifications' rows:\n%s", plan)
	}
}
