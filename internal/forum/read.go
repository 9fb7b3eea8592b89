package forum

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// MarkRead records that u has read thread id up to the last of the posts shown, and that u's
// notifications of the posts shown are read. It returns how many notifications it marked read.
func (s *Store) MarkRead(ctx context.Context, u *auth.User, threadID int64, shown []Post) (int, error) {
	if len(shown) == 0 {
		return 0, nil
	}
	ids := make([]int64, len(shown))
	for i, p := range shown {
		ids[i] = p.ID
	}
	// Reading a thread again is the common case: then nothing is written and no row is locked
	// (an upsert rewrote the row on every view, and readers of the same thread queued on it).
	// The notifications are those of the posts on the page, found among the reader's unread.
	var marked int
	err := s.pool.QueryRow(ctx, `
		WITH n AS (UPDATE notifications SET read_at = now() WHERE user_id = $1 AND post_id = ANY($4::bigint[]) AND read_at IS NULL RETURNING 1),
		     r AS (UPDATE forum_reads SET last_seq = $3 WHERE user_id = $1 AND thread_id = $2 AND last_seq < $3),
		     i AS (INSERT INTO forum_reads (user_id, thread_id, last_seq)
		           SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM forum_reads WHERE user_id = $1 AND thread_id = $2)
		           ON CONFLICT (user_id, thread_id) DO UPDATE SET last_seq = greatest(forum_reads.last_seq, excluded.last_seq))
		SELECT count(*) FROM n`,
		u.ID, threadID, shown[len(shown)-1].Seq, ids).Scan(&marked)
	return marked, err
}

// MarkForumRead marks every thread of forumID read for u ("marker alle som lest").
func (s *Store) MarkForumRead(ctx context.Context, u *auth.User, forumID int64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	args := with(viewerArgs(u), "forum", forumID)
	tag, err := tx.Exec(ctx, `
		INSERT INTO forum_reads (user_id, thread_id, last_seq)
		SELECT @uid, t.id, t.post_count FROM forum_threads t JOIN forums f ON f.id = t.forum_id
		WHERE t.forum_id = @forum AND `+visible+`
		ON CONFLICT (user_id, thread_id) DO UPDATE SET last_seq = greatest(forum_reads.last_seq, excluded.last_seq)`, args)
	if err != nil {
		return err
	}
	if tag.RowsAffected() > 0 {
		if _, err := tx.Exec(ctx, `UPDATE notifications n SET read_at = now()
			FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id
			WHERE n.post_id = p.id AND t.forum_id = @forum AND n.user_id = @uid AND n.read_at IS NULL`, args); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// notificationFrom joins a notification to what it is about, for the viewer @uid, keeping only
// what @uid may still see: a forum post by its forum's rule, anything else by its group.
var notificationFrom = `FROM notifications n
	LEFT JOIN (forum_posts p JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id) ON p.id = n.post_id
	WHERE n.user_id = @uid AND CASE WHEN n.post_id IS NULL THEN ` + access.Named().Group("n.group_id") + `
		ELSE p.id IS NOT NULL AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND ` + visible + ` END`

// BellMax is the most unread notifications the bell counts; beyond it the bell says "99+".
const BellMax = 99

// UnreadNotifications counts u's unread notifications (the bell in the header), up to
// BellMax+1, with the bell's version (BellVersionSQL) read in the same statement, so that the
// count can be kept for that version: a page pays for at most a hundred rows however many are
// unread.
func (s *Store) UnreadNotifications(ctx context.Context, u *auth.User) (n int, version int64, err error) {
	err = s.pool.QueryRow(ctx, `SELECT (`+bellSQL+`), coalesce(`+BellVersionSQL+`, 0)`, viewerArgs(u)).Scan(&n, &version)
	return n, version, err
}

// QueueUnreadNotifications adds the count of UnreadNotifications to batch b; after the batch
// it is in *n.
func (s *Store) QueueUnreadNotifications(b *pgx.Batch, u *auth.User, n *int) {
	b.Queue(bellSQL, viewerArgs(u)).QueryRow(func(row pgx.Row) error { return row.Scan(n) })
}

// bellSQL has its limit written in: as a parameter it made PostgreSQL plan the statement anew
// on every page (0,8 ms each), as a constant the prepared plan is reused.
var bellSQL = `SELECT count(*) FROM (SELECT 1 ` + notificationFrom + ` AND n.read_at IS NULL
		ORDER BY n.id DESC LIMIT ` + strconv.Itoa(BellMax+1) + `) unread`

// BellVersionSQL is the version of the bell of @uid (migration 00360): it grows with every
// change to what the bell counts but the person themself (their role, kind and groups).
const BellVersionSQL = `(SELECT sum(n)::bigint FROM bell_version WHERE user_id IN (0, @uid))`

// Notifications lists u's notifications newest first, before id before (0: from the newest),
// and whether there are more.
func (s *Store) Notifications(ctx context.Context, u *auth.User, before int64, limit int) ([]Notification, bool, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, _ := s.pool.Query(ctx, `SELECT n.id, n.kind, n.created_at, n.read_at, coalesce(f.slug, '') AS forum_slug, coalesce(t.id, 0) AS thread_id,
		coalesce(t.title, '') AS thread_title, coalesce(p.seq, 0) AS seq, (SELECT name FROM users WHERE id = p.author_id) AS author_name,
		n.title, n.url
		`+notificationFrom+` AND (@before = 0 OR n.id < @before)
		ORDER BY n.id DESC LIMIT @limit`, with(viewerArgs(u), "before", before, "limit", limit+1))
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Notification])
	if err != nil {
		return nil, false, err
	}
	more := len(list) > limit
	if more {
		list = list[:limit]
	}
	return list, more, nil
}

// MarkNotificationsRead marks every notification of u read.
func (s *Store) MarkNotificationsRead(ctx context.Context, u *auth.User) error {
	_, err := s.pool.Exec(ctx, `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, u.ID)
	return err
}

// MailChoice returns how u wants notifications by mail: immediate (the default), digest or none.
func (s *Store) MailChoice(ctx context.Context, u *auth.User) (string, error) {
	var m string
	err := s.pool.QueryRow(ctx, `SELECT coalesce((SELECT mail FROM notification_settings WHERE user_id = $1), 'immediate')`, u.ID).Scan(&m)
	return m, err
}

// SetMailChoice saves how u wants notifications by mail.
func (s *Store) SetMailChoice(ctx context.Context, u *auth.User, choice string) error {
	if !ValidMail(choice) {
		return ErrForbidden
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO notification_settings (user_id, mail) VALUES ($1, $2)
		ON CONFLICT (user_id) DO UPDATE SET mail = excluded.mail`, u.ID, choice)
	return err
}

// WatchThread sets u's level for thread id, which u must be able to see.
func (s *Store) WatchThread(ctx context.Context, u *auth.User, threadID int64, level string) error {
	if !ValidLevel(level) {
		return ErrForbidden
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO forum_thread_watches (user_id, thread_id, level)
		SELECT @uid, t.id, @level FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE t.id = @thread AND `+visible+`
		ON CONFLICT (thread_id, user_id) DO UPDATE SET level = excluded.level`,
		with(viewerArgs(u), "thread", threadID, "level", level))
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}

// WatchForum sets u's level for forum id, which u must be able to see.
func (s *Store) WatchForum(ctx context.Context, u *auth.User, forumID int64, level string) error {
	if !ValidLevel(level) {
		return ErrForbidden
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO forum_watches (user_id, forum_id, level)
		SELECT @uid, f.id, @level FROM forums f WHERE f.id = @forum AND `+visible+`
		ON CONFLICT (forum_id, user_id) DO UPDATE SET level = excluded.level`,
		with(viewerArgs(u), "forum", forumID, "level", level))
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}

const feedColumns = `f.slug AS forum_slug, f.name AS forum_name, t.id AS thread_id, t.title, t.post_count, t.last_post_at,
	(SELECT a.name FROM forum_posts lp JOIN users a ON a.id = lp.author_id WHERE lp.thread_id = t.id AND lp.seq = t.post_count) AS last_author_name,
	coalesce(r.last_seq, 0) AS read_seq
	FROM forum_threads t JOIN forums f ON f.id = t.forum_id
	LEFT JOIN forum_reads r ON r.thread_id = t.id AND r.user_id = @uid`

// Feed lists the threads with the latest new threads and replies in the forums u may see, for
// the dashboard; at most limit (up to 50).
func (s *Store) Feed(ctx context.Context, u *auth.User, limit int) ([]FeedItem, error) {
	limit = max(1, min(limit, 50))
	rows, _ := s.pool.Query(ctx, `SELECT `+feedColumns+` WHERE `+visible+` ORDER BY t.last_post_at DESC, t.id DESC LIMIT @limit`,
		with(viewerArgs(u), "limit", limit))
	return pgx.CollectRows(rows, pgx.RowToStructByName[FeedItem])
}

// UnreadThreads lists the most recently active threads with posts u has not read, in the
// forums u may see, for the dashboard; at most limit (up to 50).
func (s *Store) UnreadThreads(ctx context.Context, u *auth.User, limit int) ([]FeedItem, error) {
	var b pgx.Batch
	var list []FeedItem
	QueueUnreadThreads(&b, u, limit, &list)
	return list, database.Send(ctx, s.pool, &b)
}

// QueueUnreadThreads adds the query of UnreadThreads to batch b; after the batch the list is
// in *dst.
func QueueUnreadThreads(b *pgx.Batch, u *auth.User, limit int, dst *[]FeedItem) {
	limit = max(1, min(limit, 50))
	// Like a forum's unread count, among the threads active in the last 90 days: someone who has
	// read everything recent does not have ten years of threads walked on every visit.
	database.Collect(b, dst, `SELECT `+feedColumns+` WHERE `+visible+` AND t.post_count > coalesce(r.last_seq, 0)
		  AND t.last_post_at > now() - interval '90 days'
		ORDER BY t.last_post_at DESC, t.id DESC LIMIT `+strconv.Itoa(limit), viewerArgs(u))
}
