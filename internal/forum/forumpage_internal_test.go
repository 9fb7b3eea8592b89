package forum

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
)

// A forum's first page reads how far the viewer has read its threads by walking the forum's
// threads in the list index's order to the page's end, not by sorting every thread of the
// forum. Fails with the forum joined by its slug.
func TestFirstPageReadsWalkTheListIndex(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	// The test database is small enough for a walk of the whole table, or a sort of a forum's
	// few threads; the scale data's plan walks the list index, which is asked for here (a plan
	// that needs a sort still has one, at a cost).
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off; SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, "EXPLAIN (COSTS off) "+firstPageReadsSQL(50), pgx.NamedArgs{"uid": int64(1), "admin": false, "slug": "generelt"})
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	plan := strings.Join(lines, "\n")
	if strings.Contains(plan, "Sort") || !strings.Contains(plan, "forum_threads_list_idx") {
		t.Errorf("the first page's reads sort the forum's threads:\n%s", plan)
	}
}
