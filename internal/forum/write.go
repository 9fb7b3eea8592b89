package forum

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/validate"
)

// NewThread is what a member fills in to start a thread.
type NewThread struct {
	Title string
	Body  string
	Key   string // the form's one-time key: a second submit of the same form creates nothing new
	// Question: the thread asks something, and a reply can be marked as the answer.
	Question bool
}

// Reply is what a member fills in to answer a thread.
type Reply struct {
	Body        string
	Key         string
	Attachments []int64 // documents already tied to the thread, shown under the post
}

// maxBody is the longest text of a post or draft.
const maxBody = markdown.MaxLength

func checkBody(errs validate.Errors, body string) string {
	return errs.Text("body", body, 1, markdown.MaxLength, true)
}

func checkKey(key string) (string, error) {
	if len(key) < 8 || len(key) > 64 || strings.Trim(key, "0123456789abcdefABCDEF-") != "" {
		return "", validate.Errors{"body": "Skjemaet er utløpt. Last siden på nytt og prøv igjen."}
	}
	return key, nil
}

// StartThread creates a thread with its first post in forumID, which u must be able to see.
// u watches the thread from then on. It returns the thread's id.
func (s *Store) StartThread(ctx context.Context, u *auth.User, forumID int64, in NewThread, baseURL string) (int64, error) {
	errs := validate.Errors{}
	title := errs.Text("title", in.Title, 3, MaxTitle, false)
	body := checkBody(errs, in.Body)
	if !errs.OK() {
		return 0, errs
	}
	key, err := checkKey(in.Key)
	if err != nil {
		return 0, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	args := with(viewerArgs(u), "forum", forumID, "key", key)
	var forumSlug string
	err = tx.QueryRow(ctx, `SELECT f.slug FROM forums f WHERE f.id = @forum AND `+visible, args).Scan(&forumSlug)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	// A double submit of the form (its one-time key) finds the thread the first one made.
	if id, found, err := database.Resubmitted(ctx, tx, "forum.post", u.ID,
		`SELECT thread_id FROM forum_posts WHERE author_id = $1 AND submit_key = $2`, u.ID, key); err != nil || found {
		return id, err
	}
	var threadID int64
	if err := tx.QueryRow(ctx, `INSERT INTO forum_threads (forum_id, title, author_id, post_count, question) VALUES (@forum, @title, @uid, 1, @question) RETURNING id`,
		with(args, "title", title, "question", in.Question)).Scan(&threadID); err != nil {
		return 0, err
	}
	people, err := mentioned(ctx, tx, forumID, body)
	if err != nil {
		return 0, err
	}
	html, err := s.bodyHTML(ctx, tx, u, body, people)
	if err != nil {
		return 0, err
	}
	postID, err := s.insertPost(ctx, tx, u, threadID, 1, body, html, key)
	if err != nil {
		return 0, err
	}
	if err := notify(ctx, tx, u, postID, threadID, forumID, forumSlug, title, body, people, baseURL); err != nil {
		return 0, err
	}
	return threadID, tx.Commit(ctx)
}

// postHTML renders body for u: each [[dok:id]] of a document u may see becomes a link to it
// with its title; a reference to any other document stays as written.
func (s *Store) postHTML(ctx context.Context, tx pgx.Tx, u *auth.User, threadID int64, body string) (string, error) {
	var forumID int64
	if err := tx.QueryRow(ctx, `SELECT forum_id FROM forum_threads WHERE id = $1`, threadID).Scan(&forumID); err != nil {
		return "", err
	}
	people, err := mentioned(ctx, tx, forumID, body)
	if err != nil {
		return "", err
	}
	return s.bodyHTML(ctx, tx, u, body, people)
}

// bodyHTML renders body for u with the mentioned people linked (see postHTML).
func (s *Store) bodyHTML(ctx context.Context, q documents.Querier, u *auth.User, body string, people map[int64]string) (string, error) {
	body = linkMentions(body, people)
	ids := markdown.DocumentRefs(body)
	if len(ids) == 0 {
		return s.md.HTML(body), nil
	}
	titles, err := documents.VisibleTitles(ctx, q, u, ids)
	if err != nil {
		return "", err
	}
	return s.md.HTMLWithDocuments(body, titles), nil
}

// insertPost adds post seq (rendered as html) to the thread; marks it read for its author,
// makes the author watch the thread unless they chose a level themselves, and removes the
// author's draft of the thread.
func (s *Store) insertPost(ctx context.Context, tx pgx.Tx, u *auth.User, threadID int64, seq int, body, html, key string) (int64, error) {
	sql := `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`
	var postID int64
	if err := tx.QueryRow(ctx, sql, threadID, seq, u.ID, body, html, key).Scan(&postID); err != nil {
		return 0, err
	}
	_, err := tx.Exec(ctx, `
		WITH r AS (INSERT INTO forum_reads (user_id, thread_id, last_seq) VALUES ($1, $2, $3)
		           ON CONFLICT (user_id, thread_id) DO UPDATE SET last_seq = greatest(forum_reads.last_seq, excluded.last_seq)),
		     d AS (DELETE FROM forum_drafts WHERE user_id = $1 AND thread_id = $2)
		INSERT INTO forum_thread_watches (user_id, thread_id, level) VALUES ($1, $2, 'watching') ON CONFLICT DO NOTHING`,
		u.ID, threadID, seq)
	return postID, err
}

// AddReply answers thread id as u and returns the new post's number. A locked thread accepts
// no reply; a second submit of the same form returns the first post's number.
func (s *Store) AddReply(ctx context.Context, u *auth.User, threadID int64, in Reply, baseURL string) (int, error) {
	t, err := s.Thread(ctx, u, threadID)
	if err != nil {
		return 0, err
	}
	return s.AddReplyTo(ctx, u, t, in, baseURL)
}

// A reply is written as a batch of statements in one transaction and one round trip (and the
// replies waiting for the thread are written in the same batch, see replyqueue.go):
// lockThreadSQL, then replySQL per reply, then countRepliesSQL. The thread's row is locked
// first and changed once, at the end, however many replies the batch has: a row changed twice
// in one transaction has its foreign keys checked again, and every version of it is another
// entry in each of its indexes.

// lockThreadSQL holds the thread's row to the commit: the replies to it are numbered in turn.
// It tells the posts' insert trigger (migration 00490) that countRepliesSQL rewrites the row,
// which adds one to the thread's version: the insert does not rewrite it once more for that.
const lockThreadSQL = `SELECT set_config('portal.thread_row_follows', 'on', true) FROM forum_threads WHERE id = $1 FOR UPDATE`

// replySQL adds the post as the thread's next (its snapshot, taken once the row is locked,
// sees every post before it), unless the thread is locked or not visible to @uid (then no
// row); the author watches the thread from then on unless they chose a level themselves, and
// their draft of it goes; the attachments; the notifications and mails (notifyCTEs).
var replySQL = `
	WITH t AS (
		SELECT t.id, t.forum_id FROM forum_threads t JOIN forums f ON f.id = t.forum_id
		WHERE t.id = @thread AND NOT t.locked AND ` + visible + `
	), p AS (
		INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		SELECT t.id, (SELECT coalesce(max(seq), 0) + 1 FROM forum_posts WHERE thread_id = t.id), @uid, @body, @html, @key FROM t
		RETURNING id, seq, thread_id
	), np AS (SELECT p.id, p.seq, p.thread_id, t.forum_id FROM p, t
	), drafts AS (DELETE FROM forum_drafts d USING np WHERE d.user_id = @uid AND d.thread_id = np.thread_id
	), watch AS (
		INSERT INTO forum_thread_watches (user_id, thread_id, level) SELECT @uid, np.thread_id, 'watching' FROM np ON CONFLICT DO NOTHING
	), docs AS (
		INSERT INTO forum_post_documents (post_id, document_id)
		SELECT np.id, d.id FROM np JOIN documents d ON d.thread_id = np.thread_id WHERE d.id = ANY(@docs::bigint[]) ON CONFLICT DO NOTHING
	), ` + notifyCTEs + `
	SELECT seq FROM np`

// countRepliesSQL counts the posts the batch added (those numbered past the thread's count)
// in the thread, and marks them read for their authors.
const countRepliesSQL = `
	WITH added AS (
		SELECT p.author_id, p.seq FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id
		WHERE p.thread_id = $1 AND p.seq > t.post_count
	), reads AS (
		INSERT INTO forum_reads (user_id, thread_id, last_seq)
		SELECT author_id, $1, max(seq) FROM added WHERE author_id IS NOT NULL GROUP BY author_id
		ON CONFLICT (user_id, thread_id) DO UPDATE SET last_seq = greatest(forum_reads.last_seq, excluded.last_seq)
	)
	UPDATE forum_threads t SET post_count = a.last, last_post_at = now()
	FROM (SELECT max(seq) AS last FROM added) a WHERE t.id = $1 AND a.last IS NOT NULL`

// AddReplyTo answers thread t, found by Thread for u, as AddReply does. Its locked state and
// visibility are checked again as the post is added.
func (s *Store) AddReplyTo(ctx context.Context, u *auth.User, t Thread, in Reply, baseURL string) (int, error) {
	errs := validate.Errors{}
	body := checkBody(errs, in.Body)
	if !errs.OK() {
		return 0, errs
	}
	key, err := checkKey(in.Key)
	if err != nil {
		return 0, err
	}
	people, err := mentioned(ctx, s.pool, t.ForumID, body)
	if err != nil {
		return 0, err
	}
	html, err := s.bodyHTML(ctx, s.pool, u, body, people)
	if err != nil {
		return 0, err
	}
	args, err := notifyArgs(u, t.ID, t.ForumSlug, t.Title, body, false, people, baseURL)
	if err != nil {
		return 0, err
	}
	docs := in.Attachments
	if docs == nil {
		docs = []int64{}
	}
	args = with(args, "uid", u.ID, "admin", u.IsClusterAdmin(), "thread", t.ID, "body", body, "html", html, "key", key, "docs", docs)
	for range 2 {
		var seq int
		seq, err = s.writeReply(ctx, t.ID, args)
		if err == nil {
			return seq, nil
		}
		unique := database.IsUniqueViolation(err)
		if !unique && !errors.Is(err, pgx.ErrNoRows) {
			return 0, err
		}
		// Why not: a second submit of the form (its one-time key) finds the post the first made.
		var locked bool
		var first *int
		err = s.pool.QueryRow(ctx, `SELECT t.locked, (SELECT seq FROM forum_posts WHERE author_id = @uid AND submit_key = @key AND thread_id = @thread)
			FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE t.id = @thread AND `+visible, args).Scan(&locked, &first)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return 0, ErrNotFound
		case err != nil:
			return 0, err
		case first != nil:
			return *first, nil
		case unique: // the same key used in another thread: not a new post either
			return 0, validate.Errors{"body": "Skjemaet er allerede sendt. Last siden på nytt og prøv igjen."}
		case locked:
			return 0, ErrLocked
		}
		// The thread was locked and opened again in between: once more.
	}
	return 0, ErrLocked
}

// ownPost locks post seq of thread id for a change by its author u.
func ownPost(ctx context.Context, tx pgx.Tx, u *auth.User, threadID int64, seq int) (int64, error) {
	var postID int64
	var author *int64
	var locked, removed bool
	err := tx.QueryRow(ctx, `SELECT p.id, p.author_id, t.locked, p.deleted_at IS NOT NULL OR p.hidden_at IS NOT NULL
		FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id
		WHERE p.thread_id = @thread AND p.seq = @seq AND `+visible+` FOR UPDATE OF p`,
		with(viewerArgs(u), "thread", threadID, "seq", seq)).Scan(&postID, &author, &locked, &removed)
	switch {
	case errors.Is(err, pgx.ErrNoRows), err == nil && removed:
		return 0, ErrNotFound
	case err != nil:
		return 0, err
	case author == nil || *author != u.ID:
		return 0, ErrForbidden
	case locked:
		return 0, ErrLocked
	}
	return postID, nil
}

// EditPost changes the text of u's own post; the post then shows as edited.
func (s *Store) EditPost(ctx context.Context, u *auth.User, threadID int64, seq int, body string) error {
	errs := validate.Errors{}
	body = checkBody(errs, body)
	if !errs.OK() {
		return errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	id, err := ownPost(ctx, tx, u, threadID, seq)
	if err != nil {
		return err
	}
	html, err := s.postHTML(ctx, tx, u, threadID, body)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE forum_posts SET body_md = $2, body_html = $3, edited_at = now() WHERE id = $1`, id, body, html); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// DeletePost removes u's own post: it keeps its place in the thread, shown as removed.
func (s *Store) DeletePost(ctx context.Context, u *auth.User, threadID int64, seq int) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	id, err := ownPost(ctx, tx, u, threadID, seq)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE forum_posts SET deleted_at = now() WHERE id = $1`, id); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
