// Package privacy holds what the portal does for the people in it as data subjects: how long
// it keeps what (retention), everything it holds about a person (export), and forgetting a
// person (anonymisation). It works across the areas' tables on purpose: these rules must see
// every table that refers to a person.
package privacy

import (
	"context"
	"klyngeportalen/internal/background"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// A retention rule: what is removed, and the statement that removes it. The privacy statement
// (/personvern) says the same in Norwegian.
type rule struct {
	name string
	sql  string
}

// Rules are the retention rules, run by Retain.
var rules = []rule{
	// Mail: the body (links, excerpts of posts) goes when the mail is sent (mail.Sender) or, if
	// it could not be sent, after a day; the rest of the row after 30 days.
	{"outbox bodies of sent mail", `UPDATE mail_outbox SET body = '', calendar = '', unsubscribe_url = '' WHERE sent_at IS NOT NULL AND (body <> '' OR calendar <> '' OR unsubscribe_url <> '')`},
	{"outbox bodies of mail unsent after a day", `UPDATE mail_outbox SET body = '', calendar = '', unsubscribe_url = '', next_attempt_at = now() + interval '100 years', -- never again (a finite time: the outbox page reads it)
		last_error = 'Ikke sendt innen et døgn: innholdet er slettet.'
		WHERE sent_at IS NULL AND created_at < now() - interval '1 day' AND (body <> '' OR calendar <> '' OR unsubscribe_url <> '')`},
	{"outbox rows after 30 days", `DELETE FROM mail_outbox WHERE created_at < now() - interval '30 days'`},
	// Answers to an event's question (allergies are health data): 30 days after the event.
	{"registration answers 30 days after the event", `UPDATE registrations r SET answer = '' FROM events e
		WHERE e.id = r.event_id AND r.answer <> '' AND e.ends_at < now() - interval '30 days'`},
	{"registration form answers 30 days after the event", `DELETE FROM registration_answers a USING registrations r, events e
		WHERE r.id = a.registration_id AND e.id = r.event_id AND e.ends_at < now() - interval '30 days'`},
	{"notifications after a year", `DELETE FROM notifications WHERE created_at < now() - interval '1 year'`},
	{"audit log after five years", `DELETE FROM audit_log WHERE at < now() - interval '5 years'`},
}

// Retain applies every retention rule once and returns how many rows each touched.
func Retain(ctx context.Context, pool *pgxpool.Pool) (map[string]int64, error) {
	done := map[string]int64{}
	for _, r := range rules {
		tag, err := pool.Exec(ctx, r.sql)
		if err != nil {
			return done, err
		}
		done[r.name] = tag.RowsAffected()
	}
	return done, nil
}

// Run applies the retention rules at once and then every interval until ctx ends (in the one
// loop, internal/background); each rule that removed something is logged with its count.
func Run(ctx context.Context, pool *pgxpool.Pool, interval time.Duration, logger *slog.Logger) {
	background.Every(ctx, interval, logger, "retention", func(ctx context.Context) (int64, error) {
		done, err := Retain(ctx, pool)
		var total int64
		for name, n := range done {
			if n > 0 {
				logger.Info("retention rule", "rule", name, "rows", n)
			}
			total += n
		}
		return total, err
	})
}
