package forum

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
)

// Draft is a reply kept on the server while its author writes it.
type Draft struct {
	Body      string
	UpdatedAt time.Time
}

// Attachment is a document of the kunnskapsbank attached to a post.
type Attachment struct {
	PostID     int64
	DocumentID int64
	Title      string
	Filename   string
	Size       int64
}

// MaxAttachments is how many files one post may carry.
const MaxAttachments = 5

// visibleThread is a thread @thread the viewer may see.
var visibleThread = `SELECT 1 FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE t.id = @thread AND ` + visible

// SaveDraft keeps body as u's draft reply in thread id, which u must be able to see (ErrNotFound
// otherwise); an empty body removes the draft.
func (s *Store) SaveDraft(ctx context.Context, u *auth.User, threadID int64, body string) error {
	errs := validate.Errors{}
	body = errs.Text("body", body, 0, maxBody, true)
	if !errs.OK() {
		return errs
	}
	args := with(viewerArgs(u), "thread", threadID, "body", body)
	var ok bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (`+visibleThread+`)`, args).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return ErrNotFound
	}
	if body == "" {
		_, err := s.pool.Exec(ctx, `DELETE FROM forum_drafts WHERE user_id = @uid AND thread_id = @thread`, args)
		return err
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO forum_drafts (user_id, thread_id, body) VALUES (@uid, @thread, @body)
		ON CONFLICT (user_id, thread_id) DO UPDATE SET body = excluded.body, updated_at = now()`, args)
	return err
}

// Preview renders body the way a reply by u in thread id would be saved, and keeps it as u's
// draft. The thread must be one u may see.
func (s *Store) Preview(ctx context.Context, u *auth.User, threadID int64, body string) (string, error) {
	errs := validate.Errors{}
	body = checkBody(errs, body)
	if !errs.OK() {
		return "", errs
	}
	if err := s.SaveDraft(ctx, u, threadID, body); err != nil {
		return "", err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback(ctx)
	return s.postHTML(ctx, tx, u, threadID, body)
}

// CheckReply validates a reply's text before anything else of the submit is stored.
func CheckReply(in Reply) error {
	errs := validate.Errors{}
	checkBody(errs, in.Body)
	if !errs.OK() {
		return errs
	}
	_, err := checkKey(in.Key)
	return err
}

// ReplySubmitted finds the post u already made in thread id with the form's key (a second
// submit of the same form), and false when there is none.
func (s *Store) ReplySubmitted(ctx context.Context, u *auth.User, threadID int64, key string) (int, bool, error) {
	var seq int
	err := s.pool.QueryRow(ctx, `SELECT seq FROM forum_posts WHERE author_id = $1 AND submit_key = $2 AND thread_id = $3`, u.ID, key, threadID).Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return seq, err == nil, err
}
