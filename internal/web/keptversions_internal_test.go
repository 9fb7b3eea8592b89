package web

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
)

// TestForumsVersionReadsItsIndex shows that the front page's sum of the forums' versions reads
// forums_version_idx alone once the forums' rows are spread over many pages, as every post's
// rewrite of its forum's counters spreads them (71 forums over 437 pages on the scale data).
func TestForumsVersionReadsItsIndex(t *testing.T) {
	ctx := t.Context()
	pool := dbtest.Pool(t)
	for _, sql := range []string{
		`DO $$ BEGIN FOR i IN 1..400 LOOP UPDATE forums SET post_count = post_count; END LOOP; END $$`,
		`VACUUM ANALYZE forums`, // the old rows' room is free again, but the pages remain
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	rows, _ := pool.Query(ctx, `EXPLAIN SELECT `+forumsVersionSQL)
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if plan := strings.Join(lines, "\n"); !strings.Contains(plan, "Index Only Scan using forums_version_idx") {
		t.Errorf("the forums' versions are not summed from their index:\n%s", plan)
	}
}
