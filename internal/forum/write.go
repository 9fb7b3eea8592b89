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
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM forums f WHERE f.id = @forum AND `+visible+`)`, args).Scan(&ok); err != nil {
		return 0, err
	}
	if !ok {
		return 0, ErrNotFound
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
	html, err := s.postHTML(ctx, tx, u, threadID, body)
	if err != nil {
		return 0, err
	}
	postID, err := s.insertPost(ctx, tx, u, threadID, 1, body, html, key, false)
	if err != nil {
		return 0, err
	}
	if err := s.notify(ctx, tx, u, postID, nil, body, baseURL); err != nil {
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
	body = linkMentions(body, people)
	ids := markdown.DocumentRefs(body)
	if len(ids) == 0 {
		return s.md.HTML(body), nil
	}
	titles, err := documents.VisibleTitles(ctx, tx, u, ids)
	if err != nil {
		return "", err
	}
	return s.md.HTMLWithDocuments(body, titles), nil
}

// insertPost adds post seq (rendered as html) to the thread, and with it (bump) counts it in the
// thread; marks it read for its author, makes the author watch the thread unless they chose a
// level themselves, and removes the author's draft of the thread. Two round trips: they are
// made under the thread's lock.
func (s *Store) insertPost(ctx context.Context, tx pgx.Tx, u *auth.User, threadID int64, seq int, body, html, key string, bump bool) (int64, error) {
	sql := `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`
	if bump {
		sql = `WITH t AS (UPDATE forum_threads SET post_count = $2, last_post_at = now() WHERE id = $1) ` + sql
	}
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
	errs := validate.Errors{}
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
	// Rendered before the locks below are taken: they are held to the commit, and every reply
	// to the thread (and every submit of its author) waits for them. A thread that is not
	// there or not visible is found below.
	html, err := s.postHTML(ctx, tx, u, threadID, body)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	var locked bool
	var count int
	at := postPlace{threadID: threadID}
	// Locking the thread row numbers the posts one after the other.
	err = tx.QueryRow(ctx, `SELECT t.locked, t.post_count, t.forum_id, t.title, f.slug FROM forum_threads t JOIN forums f ON f.id = t.forum_id
		WHERE t.id = @thread AND `+visible+` FOR UPDATE OF t`, with(viewerArgs(u), "thread", threadID)).Scan(&locked, &count, &at.forumID, &at.title, &at.forumSlug)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	// A double submit of the form (its one-time key) finds the post the first one made.
	first, found, err := database.Resubmitted(ctx, tx, "forum.post", u.ID,
		`SELECT seq FROM forum_posts WHERE author_id = $1 AND submit_key = $2 AND thread_id = $3`, u.ID, key, threadID)
	if err != nil || found {
		return int(first), err
	}
	var seq int
	if locked {
		return 0, ErrLocked
	}
	seq = count + 1
	postID, err := s.insertPost(ctx, tx, u, threadID, seq, body, html, key, true)
	if database.IsUniqueViolation(err) { // the same key used in another thread: not a new post either
		return 0, validate.Errors{"body": "Skjemaet er allerede sendt. Last siden på nytt og prøv igjen."}
	}
	if err != nil {
		return 0, err
	}
	if err := attach(ctx, tx, postID, threadID, in.Attachments); err != nil {
		return 0, err
	}
	at.seq = seq
	if err := s.notify(ctx, tx, u, postID, &at, body, baseURL); err != nil {
		return 0, err
	}
	return seq, tx.Commit(ctx)
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
