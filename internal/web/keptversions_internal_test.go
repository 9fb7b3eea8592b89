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
		if err := pool.QueryRow(ctx, `SELECT `+forumsVersionSQL).Scan(&n); err != nil {
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
