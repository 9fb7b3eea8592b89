package forum

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
)

// Moderation actions on a thread.
const (
	ActionPin    = "pin"
	ActionUnpin  = "unpin"
	ActionLock   = "lock"
	ActionUnlock = "unlock"
	ActionMove   = "move"
)

// moderatedThread locks thread id for a moderator's change; u must see and moderate its forum.
func moderatedThread(ctx context.Context, tx pgx.Tx, u *auth.User, threadID int64) (forumID int64, err error) {
	var can bool
	err = tx.QueryRow(ctx, `SELECT t.forum_id, `+moderates+` FROM forum_threads t JOIN forums f ON f.id = t.forum_id
		WHERE t.id = @thread AND `+visible+` FOR UPDATE OF t`, with(viewerArgs(u), "thread", threadID)).Scan(&forumID, &can)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err == nil && !can {
		return 0, ErrForbidden
	}
	return forumID, err
}

// Moderate pins, unpins, locks, unlocks or moves (to forum toSlug) thread id, and writes the
// action to the audit log. Cluster admins may, and a forum's moderators in their forum.
func (s *Store) Moderate(ctx context.Context, u *auth.User, threadID int64, action, toSlug string) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	forumID, err := moderatedThread(ctx, tx, u, threadID)
	if err != nil {
		return err
	}
	details := map[string]any{}
	switch action {
	case ActionPin, ActionUnpin:
		_, err = tx.Exec(ctx, `UPDATE forum_threads SET pinned = $2 WHERE id = $1`, threadID, action == ActionPin)
	case ActionLock, ActionUnlock:
		_, err = tx.Exec(ctx, `UPDATE forum_threads SET locked = $2 WHERE id = $1`, threadID, action == ActionLock)
	case ActionMove:
		var to int64
		var can bool
		err = tx.QueryRow(ctx, `SELECT f.id, `+moderates+` FROM forums f WHERE f.slug = @slug AND `+visible,
			with(viewerArgs(u), "slug", toSlug)).Scan(&to, &can)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && !can) {
			return validate.Errors{"til": "Velg et forum du kan flytte tråden til."}
		}
		if err != nil {
			return err
		}
		details["from_forum_id"], details["to_forum_id"] = forumID, to
		_, err = tx.Exec(ctx, `UPDATE forum_threads SET forum_id = $2 WHERE id = $1`, threadID, to)
	default:
		return ErrForbidden
	}
	if err != nil {
		return err
	}
	if err := audit(ctx, tx, u, "forum.thread."+action, "forum_thread", threadID, details); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// HidePost hides post seq of thread id with a reason shown in its place, and writes it to the audit log.
func (s *Store) HidePost(ctx context.Context, u *auth.User, threadID int64, seq int, reason string) error {
	errs := validate.Errors{}
	reason = errs.Text("reason", reason, 3, MaxReason, false)
	if !errs.OK() {
		return errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := moderatedThread(ctx, tx, u, threadID); err != nil {
		return err
	}
	var postID int64
	err = tx.QueryRow(ctx, `UPDATE forum_posts SET hidden_at = now(), hidden_by = $3, hidden_reason = $4
		WHERE thread_id = $1 AND seq = $2 RETURNING id`, threadID, seq, u.ID, reason).Scan(&postID)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := audit(ctx, tx, u, "forum.post.hide", "forum_post", postID, map[string]any{"thread_id": threadID, "seq": seq, "reason": reason}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// audit records a moderator's action in tx.
func audit(ctx context.Context, tx pgx.Tx, actor *auth.User, action, targetType string, targetID int64, details map[string]any) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
		actor.ID, actor.CompanyID, action, targetType, targetID, details)
	return err
}
