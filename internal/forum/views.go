package forum

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
)

// Views across the forums one may see.
const (
	ViewLatest = "siste"  // latest activity
	ViewUnread = "uleste" // threads with posts the viewer has not read (active in the last 90 days)
	ViewMine   = "mine"   // threads the viewer started or posted in
)

// ActivityCursor is the position after the last thread of a view's page.
type ActivityCursor struct {
	At time.Time
	ID int64
}

var viewFilters = map[string]string{
	ViewLatest: `true`,
	ViewUnread: `t.post_count > coalesce(r.last_seq, 0) AND t.last_post_at > now() - interval '90 days'`,
	ViewMine:   `t.id IN (SELECT mp.thread_id FROM forum_posts mp WHERE mp.author_id = @uid)`,
}

// ValidView reports whether view is one of the views across forums.
func ValidView(view string) bool { _, ok := viewFilters[view]; return ok }

// View returns a page of the threads of view (ViewLatest, ViewUnread, ViewMine) across the
// forums u may see, newest activity first after the cursor, and whether there are more.
func (s *Store) View(ctx context.Context, u *auth.User, view string, after *ActivityCursor, limit int) ([]Thread, bool, error) {
	filter, ok := viewFilters[view]
	if !ok {
		return nil, false, ErrNotFound
	}
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	args := with(viewerArgs(u), "limit", limit+1, "has_after", after != nil, "at", nil, "after_id", int64(0))
	if after != nil {
		with(args, "at", after.At, "after_id", after.ID)
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+threadColumns+`
		WHERE `+visible+` AND `+filter+`
		  AND (NOT @has_after OR (t.last_post_at, t.id) < (@at::timestamptz, @after_id::bigint))
		ORDER BY t.last_post_at DESC, t.id DESC LIMIT @limit`, args)
	list, err := pgx.CollectRows(rows, scanThread)
	if err != nil {
		return nil, false, err
	}
	more := len(list) > limit
	if more {
		list = list[:limit]
	}
	return list, more, nil
}
