package forum

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
)

// Reaction kinds.
const (
	Thanks = "takk"
	Like   = "lik"
)

// ReactionKinds are the reactions in the order the page shows them.
var ReactionKinds = []string{Thanks, Like}

// ValidReaction reports whether kind is a reaction.
func ValidReaction(kind string) bool { return kind == Thanks || kind == Like }

// Reactions is how a post was received: per kind, the count, the first names and the viewer's own.
type Reactions struct {
	Kind  string
	Count int
	Names []string // the first people who reacted, oldest first (at most maxReactionNames)
	Mine  bool
}

// maxReactionNames is how many names a post shows per reaction; the rest are counted.
const maxReactionNames = 10

// livePost locks nothing; it finds post seq of thread id, not removed, that u may see, with its author.
func livePost(ctx context.Context, q pgx.Tx, u *auth.User, threadID int64, seq int) (postID int64, author *int64, err error) {
	err = q.QueryRow(ctx, `SELECT p.id, p.author_id FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id
		WHERE p.thread_id = @thread AND p.seq = @seq AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND `+visible,
		with(viewerArgs(u), "thread", threadID, "seq", seq)).Scan(&postID, &author)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, ErrNotFound
	}
	return postID, author, err
}

// React sets (on) or takes back u's reaction kind to post seq of thread id. Setting twice or
// taking back twice changes nothing. One does not react to one's own posts (ErrForbidden).
func (s *Store) React(ctx context.Context, u *auth.User, threadID int64, seq int, kind string, on bool) error {
	if !ValidReaction(kind) {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	postID, author, err := livePost(ctx, tx, u, threadID, seq)
	if err != nil {
		return err
	}
	if author != nil && *author == u.ID {
		return ErrForbidden
	}
	if on {
		_, err = tx.Exec(ctx, `INSERT INTO forum_reactions (post_id, user_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, postID, u.ID, kind)
	} else {
		_, err = tx.Exec(ctx, `DELETE FROM forum_reactions WHERE post_id = $1 AND user_id = $2 AND kind = $3`, postID, u.ID, kind)
	}
	if err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// SetQuestion marks thread id as a question or not; its asker or a moderator may.
func (s *Store) SetQuestion(ctx context.Context, u *auth.User, threadID int64, question bool) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := askerOrModerator(ctx, tx, u, threadID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE forum_threads SET question = $2, solution_seq = CASE WHEN $2 THEN solution_seq END WHERE id = $1`, threadID, question); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// MarkSolution marks reply seq of question thread id as its answer (or, with seq 0, unmarks
// it); its asker or a moderator may. Marking the same reply twice changes nothing.
func (s *Store) MarkSolution(ctx context.Context, u *auth.User, threadID int64, seq int) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := askerOrModerator(ctx, tx, u, threadID); err != nil {
		return err
	}
	var solution *int
	if seq > 0 {
		if seq == 1 {
			return ErrForbidden
		}
		if _, _, err := livePost(ctx, tx, u, threadID, seq); err != nil {
			return err
		}
		solution = &seq
	}
	tag, err := tx.Exec(ctx, `UPDATE forum_threads SET solution_seq = $2 WHERE id = $1 AND question`, threadID, solution)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrForbidden
	}
	return tx.Commit(ctx)
}

// askerOrModerator locks thread id for a change by its asker or a moderator of its forum.
func askerOrModerator(ctx context.Context, tx pgx.Tx, u *auth.User, threadID int64) error {
	var author *int64
	var can bool
	err := tx.QueryRow(ctx, `SELECT t.author_id, `+moderates+` FROM forum_threads t JOIN forums f ON f.id = t.forum_id
		WHERE t.id = @thread AND `+visible+` FOR UPDATE OF t`, with(viewerArgs(u), "thread", threadID)).Scan(&author, &can)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if !can && (author == nil || *author != u.ID) {
		return ErrForbidden
	}
	return nil
}
