package forum

import (
	"strconv"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
)

// QueueForum adds the read of Forum to batch b; after the batch the forum is in *dst and
// *found says whether u may see it.
func (s *Store) QueueForum(b *pgx.Batch, u *auth.User, slug string, dst *Forum, found *bool) {
	b.Queue(`SELECT `+forumColumns+` WHERE f.slug = @slug AND `+visible, with(viewerArgs(u), "slug", slug)).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Forum])
		if len(list) == 1 {
			*dst, *found = list[0], true
		}
		return err
	})
}

// QueueFirstPageReads adds to batch b the read of how far u has read each thread on the first
// page of limit threads of the forum with slug (0 for none), when u may see the forum; after
// the batch it is in dst by thread id. Every thread on the page is in dst.
func (s *Store) QueueFirstPageReads(b *pgx.Batch, u *auth.User, slug string, limit int, dst map[int64]int) {
	b.Queue(firstPageReadsSQL(limit), with(viewerArgs(u), "slug", slug)).Query(func(rows pgx.Rows) error {
		var id int64
		var seq int
		_, err := pgx.ForEachRow(rows, []any{&id, &seq}, func() error {
			dst[id] = seq
			return nil
		})
		return err
	})
}

// firstPageReadsSQL is QueueFirstPageReads's statement. The forum is found first, so that its
// threads are walked in the list index's order to the limit: joined by slug, the planner sorted
// every thread of the forum (pgbench, one client: 0.25 → 0.19 ms a statement on the scale data).
func firstPageReadsSQL(limit int) string {
	return `SELECT t.id, coalesce(r.last_seq, 0)
		FROM (SELECT t.id FROM forum_threads t
		      WHERE t.forum_id = (SELECT f.id FROM forums f WHERE f.slug = @slug AND ` + visible + `)
		      ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC LIMIT ` + strconv.Itoa(limit) + `) t
		LEFT JOIN forum_reads r ON r.thread_id = t.id AND r.user_id = @uid`
}

// QueueThreads adds the read of Threads to batch b; after the batch the threads are in *dst
// and whether there are more in *more.
func (s *Store) QueueThreads(b *pgx.Batch, u *auth.User, forumID int64, after *ThreadCursor, limit int, dst *[]Thread, more *bool) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	args := with(viewerArgs(u), "forum", forumID, "limit", limit+1, "has_after", after != nil)
	if after != nil {
		with(args, "pinned", after.Pinned, "at", after.At, "after_id", after.ID)
	} else {
		with(args, "pinned", false, "at", nil, "after_id", int64(0))
	}
	b.Queue(threadsQuery, args).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, scanThread)
		*more = len(list) > limit
		if *more {
			list = list[:limit]
		}
		*dst = list
		return err
	})
}

// QueueModerators adds the read of Moderators to batch b; after the batch they are in *dst.
func (s *Store) QueueModerators(b *pgx.Batch, forumID int64, dst *[]Moderator) {
	b.Queue(moderatorsQuery, forumID).Query(func(rows pgx.Rows) error {
		var err error
		*dst, err = pgx.CollectRows(rows, pgx.RowToStructByName[Moderator])
		return err
	})
}

// QueueThread adds the read of Thread to batch b; after the batch the thread is in *dst and
// *found says whether u may see it.
func (s *Store) QueueThread(b *pgx.Batch, u *auth.User, id int64, dst *Thread, found *bool) {
	b.Queue(`SELECT `+threadColumns+` WHERE t.id = @id AND `+visible, with(viewerArgs(u), "id", id)).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, scanThread)
		if len(list) == 1 {
			*dst, *found = list[0], true
		}
		return err
	})
}

// QueueForums adds the read of Forums to batch b; after the batch the forums are in *dst.
func (s *Store) QueueForums(b *pgx.Batch, u *auth.User, dst *[]Forum) {
	b.Queue(forumsQuery, viewerArgs(u)).Query(func(rows pgx.Rows) error {
		var err error
		*dst, err = pgx.CollectRows(rows, pgx.RowToStructByName[Forum])
		return err
	})
}
