package mail

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// recordTimeout bounds writing a result, which is done even when the pass's ctx has ended so
// that a delivered mail is not left looking unsent.
const recordTimeout = 10 * time.Second

// claim reserves up to batchSize due messages for one Lease, in one statement (and so one
// short transaction). Rows another sender is claiming at the same moment are skipped.
func (s *Sender) claim(ctx context.Context) ([]outgoing, error) {
	rows, err := s.pool.Query(ctx, `
		WITH due AS (
			SELECT id, next_attempt_at AS due_at FROM mail_outbox
			WHERE sent_at IS NULL AND next_attempt_at <= now()
			ORDER BY next_attempt_at, id
			LIMIT $1
			FOR UPDATE SKIP LOCKED
		)
		UPDATE mail_outbox m SET next_attempt_at = now() + $2::interval
		FROM due WHERE m.id = due.id
		RETURNING m.id, m.to_address, m.subject, m.body, m.calendar, m.unsubscribe_url, m.created_at, m.attempts,
			due.due_at, m.next_attempt_at`, batchSize, s.Lease)
	if err != nil {
		return nil, fmt.Errorf("mail: claim outbox: %w", err)
	}
	batch, err := pgx.CollectRows(rows, pgx.RowToStructByName[outgoing])
	if err != nil {
		return nil, fmt.Errorf("mail: claim outbox: %w", err)
	}
	slices.SortFunc(batch, func(a, b outgoing) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.ID, b.ID))
	})
	return batch, nil
}

// markSent records a delivery and forgets the body: a sent mail's links (resets, invitations,
// unsubscribe addresses) and excerpts (of posts in restricted forums) are not kept at rest. It
// does not ask for the lease: the mail has gone either way.
func (s *Sender) markSent(ctx context.Context, m outgoing) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if _, err := s.pool.Exec(ctx,
		"UPDATE mail_outbox SET sent_at = now(), body = '', calendar = '', unsubscribe_url = '' WHERE id = $1 AND sent_at IS NULL", m.ID); err != nil {
		return fmt.Errorf("mail: mark %d sent: %w", m.ID, err)
	}
	s.logger.Info("mail: sent", "mail_id", m.ID)
	return nil
}

// markFailed counts a failed attempt and sets the next one after the backoff, if this sender
// still holds the lease on m.
func (s *Sender) markFailed(ctx context.Context, m outgoing, cause error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	attempts := m.Attempts + 1
	wait := s.backoff(attempts)
	tag, err := s.pool.Exec(ctx, `
		UPDATE mail_outbox
		SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3::interval
		WHERE id = $1 AND sent_at IS NULL AND next_attempt_at = $4`,
		m.ID, lastError(cause), wait, m.LeaseEnd)
	if err != nil {
		return fmt.Errorf("mail: record failure of %d: %w", m.ID, err)
	}
	if tag.RowsAffected() == 0 {
		s.logger.Warn("mail: lease ran out before a failure was recorded", "mail_id", m.ID, "err", cause)
		return nil
	}
	s.logger.Warn("mail: delivery failed", "mail_id", m.ID, "attempts", attempts, "retry_in", wait, "err", cause)
	return nil
}

// release hands claimed messages back, due at once, without counting an attempt.
func (s *Sender) release(ctx context.Context, ms []outgoing) error {
	if len(ms) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	_, err := s.pool.Exec(ctx, `
		UPDATE mail_outbox SET next_attempt_at = now()
		WHERE id = ANY($1) AND sent_at IS NULL AND next_attempt_at = $2`, ids, ms[0].LeaseEnd)
	if err != nil {
		return fmt.Errorf("mail: release claimed mail: %w", err)
	}
	return nil
}

// backoff is the wait after the given number of failed attempts: BaseBackoff doubled after
// each failure but the first, at most MaxBackoff.
func (s *Sender) backoff(attempts int) time.Duration {
	d := s.BaseBackoff
	for i := 1; i < attempts && d < s.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, s.MaxBackoff)
}

// lastError is err's text as the last_error column takes it: valid UTF-8 without NUL, at
// most maxLastErrorLen characters.
func lastError(err error) string {
	msg := strings.ReplaceAll(strings.ToValidUTF8(err.Error(), "?"), "\x00", "")
	if utf8.RuneCountInString(msg) <= maxLastErrorLen {
		return msg
	}
	r := []rune(msg)
	return string(r[:maxLastErrorLen-1]) + "…"
}
