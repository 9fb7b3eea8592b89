package privacy

import (
	"context"
	"errors"
	"klyngeportalen/internal/domain"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// FormerMember is the name of an anonymised person: their posts and inputs stay, under it.
const FormerMember = "Tidligere medlem"

// Refusals of Anonymise.
var (
	ErrSelf        = domain.New(domain.Forbidden, "privacy: cannot anonymise oneself")
	ErrStillActive = domain.New(domain.Conflict, "privacy: deactivate the person first")
)

// Anonymise forgets a deactivated person for good, in one transaction: their name, e-mail address, title
// and phone are replaced, they cannot log in (no password, deactivated, sessions ended), and
// what only concerns them goes — group memberships, links, reading history, watches,
// notifications and their settings, calendar token, second factor, sessions, answers to
// events (and named evaluations become anonymous), photo, drafts, reactions, mails to their
// address, and the details of audit entries about them. What they wrote
// (posts, consultation inputs, comments) stays, shown as written by "Tidligere medlem". The
// anonymisation itself is recorded in the audit log with the person's id only.
func Anonymise(ctx context.Context, pool *pgxpool.Pool, userID, actorID int64) error {
	if userID == actorID {
		return ErrSelf
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var email string
	var active bool
	err = tx.QueryRow(ctx, `SELECT email, active FROM users WHERE id = $1 FOR UPDATE`, userID).Scan(&email, &active)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if active {
		return ErrStillActive
	}
	for _, q := range []string{
		`UPDATE users SET name = '` + FormerMember + `', email = 'anonymisert-' || id || '@anonymisert.invalid', title = '', phone = '',
			mobile = '', department = '', about = '', expertise = '{}',
			password_hash = NULL, active = false, role = 'member', sessions_valid_after = now(), last_login_at = NULL, updated_at = now()
			WHERE id = $1`,
		`UPDATE companies SET contact_user_id = NULL WHERE contact_user_id = $1`,
		`DELETE FROM group_members WHERE user_id = $1`,
		`DELETE FROM user_tokens WHERE user_id = $1`,
		`DELETE FROM forum_moderators WHERE user_id = $1`,
		`DELETE FROM forum_reads WHERE user_id = $1`,
		`DELETE FROM forum_thread_watches WHERE user_id = $1`,
		`DELETE FROM forum_watches WHERE user_id = $1`,
		`DELETE FROM notifications WHERE user_id = $1`,
		`DELETE FROM notification_settings WHERE user_id = $1`,
		`DELETE FROM calendar_tokens WHERE user_id = $1`,
		`DELETE FROM user_totp WHERE user_id = $1`,
		`DELETE FROM user_recovery_codes WHERE user_id = $1`,
		`DELETE FROM sessions WHERE user_id = $1`,
		`DELETE FROM user_identities WHERE user_id = $1`, // the link to the company's account
		`UPDATE registrations SET answer = '' WHERE user_id = $1`,
		`DELETE FROM registration_answers WHERE registration_id IN (SELECT id FROM registrations WHERE user_id = $1)`,
		`UPDATE event_feedback SET user_id = NULL WHERE user_id = $1`, // a named evaluation becomes anonymous
		`DELETE FROM user_avatars WHERE user_id = $1`,
		`DELETE FROM forum_drafts WHERE user_id = $1`,
		`DELETE FROM forum_reactions WHERE user_id = $1`,
		`DELETE FROM notification_choices WHERE user_id = $1`,
		`DELETE FROM owner_newsletter_sends WHERE user_id = $1`, // and with them the unsubscribe tokens
		`DELETE FROM owner_newsletter_optouts WHERE user_id = $1`,
		`UPDATE activities SET responsible_user_id = NULL WHERE responsible_user_id = $1`,
		`UPDATE audit_log SET details = '{}' WHERE target_type = 'user' AND target_id = $1`,
		`UPDATE audit_log SET actor_id = NULL WHERE actor_id = $1`,
	} {
		if _, err := tx.Exec(ctx, q, userID); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM mail_outbox WHERE lower(to_address) = lower($1)`, email); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details)
		SELECT $1, company_id, 'user.anonymised', 'user', id, '{}' FROM users WHERE id = $2`, actorID, userID); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
