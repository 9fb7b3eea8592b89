package web

import (
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

// TestForumsVersionCountsEveryChange shows that the forums' version (forum_version, migration
// 00480) changes in the transaction of every change of a forum's row, made in SQL behind the
// portal's back too: a post's counters, a new forum, a forum removed; and that reading it is
// one row however many pages the forums' rewrites have spread over.
func TestForumsVersionCountsEveryChange(t *testing.T) {
	ctx := t.Context()
	pool := dbtest.Pool(t)
	read := func() int64 {
		t.Helper()
		var n int64
		if err := pool.QueryRow(ctx, `SELECT `+countsSQL(forumsCount)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, change := range []string{
		`UPDATE forums SET post_count = post_count + 1 WHERE id = (SELECT min(id) FROM forums)`,
		`INSERT INTO forums (slug, name, description) VALUES ('ny-versjon', 'Ny', '')`,
		`DELETE FROM forums WHERE slug = 'ny-versjon'`,
	} {
		before := read()
		if _, err := pool.Exec(ctx, change); err != nil {
			t.Fatal(err)
		}
		if after := read(); after == before {
			t.Errorf("%s: the forums' version stayed %d", change, before)
		}
	}
}

// TestEveryCountChangesTheSum shows that the kept pages' counts (page_versions, migration
// 00490) are each kept where the triggers bump them, through its old table's name, and that the
// sum a page reads changes with every one of them.
func TestEveryCountChangesTheSum(t *testing.T) {
	ctx := t.Context()
	pool := dbtest.Pool(t)
	counts := []string{planCount, eventCount, peopleCount, newsCount, strategyCount, partnerCount,
		meetingCount, indicatorCount, searchCount, deskCount, forumsCount, "reference"}
	var rows int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM page_versions`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(counts) {
		t.Fatalf("page_versions has %d rows, want %d", rows, len(counts))
	}
	all := countsSQL(counts...)
	for _, c := range counts {
		var before, after int64
		if err := pool.QueryRow(ctx, `SELECT `+all).Scan(&before); err != nil {
			t.Fatal(err)
		}
		// The triggers' functions bump the old table's name, now a view of the row.
		if _, err := pool.Exec(ctx, `UPDATE `+c+`_version SET n = n + 1 WHERE id`); err != nil {
			t.Fatal(err)
		}
		if err := pool.QueryRow(ctx, `SELECT `+all).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if after != before+1 {
			t.Errorf("a bump of %s_version moved the sum from %d to %d", c, before, after)
		}
	}
}
