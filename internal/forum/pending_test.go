package forum

import (
	"context"
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

// TestTextIndexesKeepShortPendingLists shows that the posts' and threads' text indexes merge
// their pending lists at 64 kB (migration 00290): after 1 000 new threads and posts, a search
// reads at most 8 pages of entries not yet in the index, where the default 4 MB let hundreds
// pile up, read by every search.
func TestTextIndexesKeepShortPendingLists(t *testing.T) {
	ctx := context.Background()
	exec(t, `CREATE EXTENSION IF NOT EXISTS pgstattuple`)
	bulk(t, "ventende-liste", 1000, 10)
	for _, index := range []string{"forum_posts_search_idx", "forum_threads_search_idx"} {
		var pages int
		if err := dbtest.Pool(t).QueryRow(ctx, `SELECT pending_pages FROM pgstatginindex($1::regclass)`, index).Scan(&pages); err != nil {
			t.Fatal(err)
		}
		if pages > 8 {
			t.Errorf("%s: %d pending pages, want at most 8", index, pages)
		}
	}
}
