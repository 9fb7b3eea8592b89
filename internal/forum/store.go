package forum

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/avatar"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/markdown"
)

// Store reads and writes the area's tables; Markdown is rendered to safe HTML once, at save.
type Store struct {
	pool    *pgxpool.Pool
	md      *markdown.Renderer
	replies *replyQueue
}

// HTML renders a Markdown body to the sanitised HTML that is stored beside it.
func (s *Store) HTML(body string) string { return s.md.HTML(body) }

// NewStore returns a store on pool that renders Markdown with md.
func NewStore(pool *pgxpool.Pool, md *markdown.Renderer) *Store {
	return &Store{pool: pool, md: md, replies: &replyQueue{waiting: map[int64][]*replyJob{}}}
}

// visible is the access rule of forum f for the viewer @uid (@admin: a cluster admin): open
// forums for every member, a group's forum for its members and cluster admins. Membership is
// read on every query, so removing someone from a group takes effect on their next request.
var visible = access.Named().Forum("f")

// moderates: the viewer may moderate forum f.
const moderates = `(@admin OR EXISTS (SELECT 1 FROM forum_moderators m WHERE m.forum_id = f.id AND m.user_id = @uid))`

// viewerArgs are the named arguments of the access rules for u.
func viewerArgs(u *auth.User) database.Named {
	return database.Named{"uid": u.ID, "admin": u.IsClusterAdmin()}
}

func with(args database.Named, kv ...any) database.Named {
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i].(string)] = kv[i+1]
	}
	return args
}

// A forum's unread threads ("tråder med nye innlegg") are those active in the last 90 days that
// the viewer has not read to the end.

// forumColumns select a Forum; the counts are kept on the forum row (migration 00016).
const forumColumns = `f.id, f.slug, f.name, f.description, g.name AS group_name,
	f.thread_count, f.post_count, f.last_post_at, f.version,
	(SELECT count(*) FROM forum_threads t LEFT JOIN forum_reads r ON r.thread_id = t.id AND r.user_id = @uid
	 WHERE t.forum_id = f.id AND t.last_post_at > now() - interval '90 days'
	   AND t.post_count > coalesce(r.last_seq, 0))::int AS unread,
	coalesce((SELECT w.level FROM forum_watches w WHERE w.forum_id = f.id AND w.user_id = @uid), 'normal') AS watch,
	` + moderates + ` AS can_moderate,
	nt.id AS newest_id, nt.title AS newest_title, coalesce(nt.unread, false) AS newest_unread
	FROM forums f LEFT JOIN groups g ON g.id = f.group_id
	LEFT JOIN LATERAL (SELECT t.id, t.title, t.post_count > coalesce(r.last_seq, 0) AS unread
		FROM forum_threads t LEFT JOIN forum_reads r ON r.thread_id = t.id AND r.user_id = @uid
		WHERE t.forum_id = f.id ORDER BY t.last_post_at DESC, t.id DESC LIMIT 1) nt ON true`

// forumsQuery lists the visible forums with their counts.
var forumsQuery = `SELECT ` + forumColumns + ` WHERE ` + visible + ` ORDER BY f.position, f.name COLLATE nb`

// Forums lists the forums u may see, with counts, latest activity and u's unread threads.
func (s *Store) Forums(ctx context.Context, u *auth.User) ([]Forum, error) {
	var b pgx.Batch
	var list []Forum
	s.QueueForums(&b, u, &list)
	return list, database.Send(ctx, s.pool, &b)
}

// Forum returns the forum with slug if u may see it, and ErrNotFound otherwise.
func (s *Store) Forum(ctx context.Context, u *auth.User, slug string) (Forum, error) {
	var b pgx.Batch
	var f Forum
	var found bool
	s.QueueForum(&b, u, slug, &f, &found)
	if err := database.Send(ctx, s.pool, &b); err != nil {
		return f, err
	}
	if !found {
		return f, ErrNotFound
	}
	return f, nil
}

// authorOrg is where the author a (joined with company c) comes from: their member company, or
// for an owner representative their municipality and for a partner person their organisation.
const authorOrg = `coalesce(nullif(c.short_name, ''), c.name, (SELECT po.name FROM partner_organisations po WHERE po.id = a.partner_id), a.municipality || ' kommune')`

const threadColumns = `t.id, t.forum_id, f.slug AS forum_slug, f.name AS forum_name, t.title, a.name AS author_name,
	` + authorOrg + ` AS company_name, t.pinned, t.locked, t.post_count, t.last_post_at, t.created_at,
	coalesce(r.last_seq, 0) AS read_seq,
	coalesce((SELECT w.level FROM forum_thread_watches w WHERE w.thread_id = t.id AND w.user_id = @uid), 'normal') AS watch,
	` + moderates + ` AS can_moderate, f.group_id, t.question, t.solution_seq, t.author_id, t.version
	FROM forum_threads t JOIN forums f ON f.id = t.forum_id
	LEFT JOIN users a ON a.id = t.author_id LEFT JOIN companies c ON c.id = a.company_id
	LEFT JOIN forum_reads r ON r.thread_id = t.id AND r.user_id = @uid`

// scanThread reads a row of threadColumns, in their order (the forum page reads 50 of these:
// by name with reflection it was a quarter of the page's CPU).
func scanThread(row pgx.CollectableRow) (Thread, error) {
	var t Thread
	err := row.Scan(&t.ID, &t.ForumID, &t.ForumSlug, &t.ForumName, &t.Title, &t.AuthorName, &t.CompanyName,
		&t.Pinned, &t.Locked, &t.PostCount, &t.LastPostAt, &t.CreatedAt, &t.ReadSeq, &t.Watch, &t.CanModerate, &t.GroupID, &t.Question, &t.SolutionSeq, &t.AuthorID, &t.Version)
	return t, err
}

// threadsQuery is a page of a forum's threads, keyset-paginated on the list index.
var threadsQuery = `SELECT ` + threadColumns + `
	WHERE t.forum_id = @forum AND ` + visible + `
	  AND (NOT @has_after OR (t.pinned, t.last_post_at, t.id) < (@pinned::boolean, @at::timestamptz, @after_id::bigint))
	ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC
	LIMIT @limit`

// Threads returns a page of forumID's threads (pinned first, then by latest activity) after
// the cursor, and whether there are more. The forum must be one u may see.
func (s *Store) Threads(ctx context.Context, u *auth.User, forumID int64, after *ThreadCursor, limit int) ([]Thread, bool, error) {
	var b pgx.Batch
	var list []Thread
	var more bool
	s.QueueThreads(&b, u, forumID, after, limit, &list, &more)
	return list, more, database.Send(ctx, s.pool, &b)
}

// Thread returns thread id if u may see its forum, and ErrNotFound otherwise.
func (s *Store) Thread(ctx context.Context, u *auth.User, id int64) (Thread, error) {
	var b pgx.Batch
	var t Thread
	var found bool
	s.QueueThread(&b, u, id, &t, &found)
	if err := database.Send(ctx, s.pool, &b); err != nil {
		return t, err
	}
	if !found {
		return t, ErrNotFound
	}
	return t, nil
}

// avatarVersion is the version of the post author's profile photo, 0 for none.
var avatarVersion = avatar.VersionSQL("p.author_id")

var postColumns = `p.id, p.seq, p.author_id, a.name AS author_name, ` + authorOrg + ` AS company_name,
	CASE WHEN p.deleted_at IS NULL AND p.hidden_at IS NULL THEN p.body_md ELSE '' END AS body_md,
	CASE WHEN p.deleted_at IS NULL AND p.hidden_at IS NULL THEN p.body_html ELSE '' END AS body_html,
	p.created_at, p.edited_at, p.deleted_at IS NOT NULL AS deleted, p.hidden_at IS NOT NULL AS hidden, p.hidden_reason,
	` + avatarVersion + ` AS avatar_version
	FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id
	LEFT JOIN users a ON a.id = p.author_id LEFT JOIN companies c ON c.id = a.company_id`

// scanPost reads a row of postColumns, in their order.
func scanPost(row pgx.CollectableRow) (Post, error) {
	var p Post
	err := row.Scan(&p.ID, &p.Seq, &p.AuthorID, &p.AuthorName, &p.CompanyName, &p.BodyMarkdown, &p.BodyHTML,
		&p.CreatedAt, &p.EditedAt, &p.Deleted, &p.Hidden, &p.HiddenReason, &p.AvatarVersion)
	return p, err
}

// postsQuery is one block of a thread's posts by number, on the (thread_id, seq) index.
var postsQuery = `SELECT ` + postColumns + `
	WHERE p.thread_id = @thread AND p.seq >= @from AND p.seq < @from + @size AND ` + visible + `
	ORDER BY p.seq`

// Posts returns up to PageSize posts of thread id from post number from on, if u may see them.
// A removed post keeps its place but not its text.
func (s *Store) Posts(ctx context.Context, u *auth.User, threadID int64, from int) ([]Post, error) {
	rows, _ := s.pool.Query(ctx, postsQuery, with(viewerArgs(u), "thread", threadID, "from", from, "size", PageSize))
	return pgx.CollectRows(rows, scanPost)
}

// Post returns post number seq of thread id if u may see it.
func (s *Store) Post(ctx context.Context, u *auth.User, threadID int64, seq int) (Post, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+postColumns+` WHERE p.thread_id = @thread AND p.seq = @seq AND `+visible,
		with(viewerArgs(u), "thread", threadID, "seq", seq))
	p, err := pgx.CollectExactlyOneRow(rows, scanPost)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}
