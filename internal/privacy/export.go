package privacy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"klyngeportalen/internal/domain"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotFound is returned for a person who does not exist.
var ErrNotFound = domain.New(domain.NotFound, "privacy: no such person")

// part is one table's rows about a person in the export: the rows of Table whose Column is the
// person's id, without the columns in Drop (secrets: token hashes, encrypted secrets).
type part struct {
	Table, Column string
	Drop          []string
}

// parts are every reference to a person that the export includes. A test walks the schema's
// foreign keys to users: each must be here or in Excluded.
var parts = []part{
	{"companies", "contact_user_id", nil},
	{"group_members", "user_id", nil},
	{"user_tokens", "user_id", []string{"hash"}},
	{"audit_log", "actor_id", nil},
	{"forum_moderators", "user_id", nil},
	{"forum_threads", "author_id", nil},
	{"forum_posts", "author_id", nil},
	{"forum_posts", "hidden_by", nil},
	{"forum_reads", "user_id", nil},
	{"forum_thread_watches", "user_id", nil},
	{"forum_watches", "user_id", nil},
	{"notifications", "user_id", nil},
	{"notification_settings", "user_id", nil},
	{"events", "created_by", nil},
	{"registrations", "user_id", nil},
	{"registrations", "registered_by", []string{"answer"}}, // a colleague's answer is theirs
	{"calendar_tokens", "user_id", []string{"hash"}},
	{"activities", "responsible_user_id", nil},
	{"activities", "created_by", nil},
	{"indicator_reports", "updated_by", nil},
	{"indicator_reports", "submitted_by", nil},
	{"indicator_reminders", "sent_by", nil},
	{"consultations", "created_by", nil},
	{"consultation_inputs", "author_id", nil},
	{"consultation_comments", "author_id", nil},
	{"consultation_stances", "decided_by", nil},
	{"news", "author_id", nil},
	{"documents", "uploaded_by", nil},
	{"documents", "deleted_by", nil},
	{"document_versions", "uploaded_by", nil},
	{"user_totp", "user_id", []string{"secret_enc", "last_step"}},
	{"user_recovery_codes", "user_id", []string{"hash"}},
	{"sessions", "user_id", []string{"token", "data"}},
	{"identity_providers", "updated_by", []string{"client_secret"}},
	{"user_identities", "user_id", nil},
	// Added by the areas merged later (meetings, the leader's desk, events, partners).
	{"desk_reminders", "sent_by", nil},
	{"desk_settings", "updated_by", nil},
	{"desk_summaries", "user_id", nil},
	{"event_feedback", "user_id", nil},
	{"event_feedback_given", "user_id", nil},
	{"event_session_speakers", "user_id", nil},
	{"meeting_actions", "closed_by", nil},
	{"meeting_actions", "responsible_user_id", nil},
	{"meeting_approvals", "user_id", nil},
	{"meeting_attendance", "user_id", nil},
	{"meeting_cases", "responsible_id", nil},
	{"meetings", "created_by", nil},
	{"meetings", "leader_id", nil},
	{"projects", "created_by", nil},
	{"forum_drafts", "user_id", nil},
	{"forum_reactions", "user_id", nil},
	{"notification_choices", "user_id", nil},
	{"strategy_periods", "created_by", nil},
	{"strategy_revisions", "created_by", nil},
	{"user_avatars", "user_id", nil},
	// The owners' newsletter (issue 22): who said no, and which months were sent.
	{"owner_newsletter_optouts", "user_id", nil},
	{"owner_newsletter_sends", "user_id", []string{"unsubscribe_hash"}},
}

// Excluded are references to a person that the export leaves out, each with its reason.
var Excluded = map[string]string{
	"user_tokens.created_by": "invitations the person sent belong to the invited; the audit log (exported) records them",
}

// maxRows bounds each part of the export.
const maxRows = 20000

// Exported lists the table.column references the export includes.
func Exported() []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p.Table + "." + p.Column
	}
	return out
}

// Export returns everything the portal holds about the person: their own row (without the
// password hash) under "users", every row of every table that refers to them under
// "table.column", and the mails to their address under "mail_outbox.to_address".
func Export(ctx context.Context, pool *pgxpool.Pool, userID int64) (map[string]json.RawMessage, error) {
	var b pgx.Batch
	out := map[string]json.RawMessage{}
	var missing bool
	b.Queue(`SELECT to_jsonb(u) - 'password_hash' FROM users u WHERE id = $1`, userID).QueryRow(func(row pgx.Row) error {
		var v json.RawMessage
		err := row.Scan(&v)
		if errors.Is(err, pgx.ErrNoRows) {
			missing = true
			return nil
		}
		out["users"] = v
		return err
	})
	for _, p := range parts {
		drop := ""
		for _, d := range p.Drop {
			drop += " - '" + d + "'"
		}
		// Identifiers come from the fixed list above, never from input.
		sql := fmt.Sprintf(`SELECT coalesce(jsonb_agg(to_jsonb(t)%s), '[]') FROM (SELECT * FROM %s WHERE %s = $1 LIMIT %d) t`,
			drop, pgx.Identifier{p.Table}.Sanitize(), pgx.Identifier{p.Column}.Sanitize(), maxRows)
		key := p.Table + "." + p.Column
		b.Queue(sql, userID).QueryRow(func(row pgx.Row) error {
			var v json.RawMessage
			err := row.Scan(&v)
			out[key] = v
			return err
		})
	}
	b.Queue(`SELECT coalesce(jsonb_agg(jsonb_build_object('subject', subject, 'created_at', created_at, 'sent_at', sent_at, 'body', body)), '[]')
		FROM (SELECT * FROM mail_outbox WHERE lower(to_address) = (SELECT lower(email) FROM users WHERE id = $1) ORDER BY id DESC LIMIT 1000) m`, userID).
		QueryRow(func(row pgx.Row) error {
			var v json.RawMessage
			err := row.Scan(&v)
			out["mail_outbox.to_address"] = v
			return err
		})
	if err := pool.SendBatch(ctx, &b).Close(); err != nil {
		return nil, err
	}
	if missing {
		return nil, ErrNotFound
	}
	return out, nil
}

// References returns the table.column pairs of the database's foreign keys to users(id).
func References(ctx context.Context, pool *pgxpool.Pool) ([]string, error) {
	rows, err := pool.Query(ctx, `
		SELECT c.conrelid::regclass::text || '.' || a.attname
		FROM pg_constraint c
		CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(local, remote)
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.local
		JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = k.remote
		WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass AND r.attname = 'id'
		ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	refs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	for i, r := range refs {
		refs[i] = strings.TrimPrefix(r, "public.")
	}
	return refs, err
}
