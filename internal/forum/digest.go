package forum

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/background"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/mail"
)

// DigestInterval is how often someone who chose a digest gets one at most.
const DigestInterval = 24 * time.Hour

// SendDigests writes one mail per person who chose a daily digest, whose last digest is at
// least a day older than now and who has notifications not yet mailed. A digest names only
// posts the person may still see at now; the rest are dropped. It returns the number of mails.
func (s *Store) SendDigests(ctx context.Context, now time.Time, baseURL string) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `
		SELECT s.user_id, u.email, u.name, u.role = 'cluster_admin' FROM notification_settings s JOIN users u ON u.id = s.user_id
		WHERE (s.last_digest_at IS NULL OR s.last_digest_at <= $1::timestamptz - $2::interval)
		  AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = s.user_id AND n.mailed_at IS NULL AND NOT n.mail_now)
		ORDER BY s.user_id
		FOR UPDATE OF s SKIP LOCKED`, now, fmt.Sprintf("%d seconds", int(DigestInterval.Seconds())))
	type person struct {
		id           int64
		email, name  string
		clusterAdmin bool
	}
	people, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (person, error) {
		var p person
		return p, row.Scan(&p.id, &p.email, &p.name, &p.clusterAdmin)
	})
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, p := range people {
		rows, _ := tx.Query(ctx, `SELECT n.kind, coalesce(f.slug, ''), coalesce(t.id, 0), coalesce(t.title, ''), coalesce(p.seq, 0),
			coalesce((SELECT name FROM users WHERE id = p.author_id), ''), n.title, n.url `+notificationFrom+`
			AND n.mailed_at IS NULL AND NOT n.mail_now ORDER BY n.id LIMIT 200`, database.Named{"uid": p.id, "admin": p.clusterAdmin})
		var b strings.Builder
		n := 0
		for rows.Next() {
			var kind, slug, title, author, about, url string
			var threadID int64
			var seq int
			if err := rows.Scan(&kind, &slug, &threadID, &title, &seq, &author, &about, &url); err != nil {
				return 0, err
			}
			if threadID == 0 {
				fmt.Fprintf(&b, "- %s\n  %s%s\n", about, baseURL, url)
				n++
				continue
			}
			what := "Nytt svar"
			if kind == "mention" {
				what = "Du ble nevnt"
			}
			fmt.Fprintf(&b, "- %s i «%s» av %s\n  %s\n", what, title, author, postLink(baseURL, slug, threadID, seq))
			n++
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `
			WITH m AS (UPDATE notifications SET mailed_at = $2 WHERE user_id = $1 AND mailed_at IS NULL AND NOT mail_now)
			UPDATE notification_settings SET last_digest_at = $2 WHERE user_id = $1`, p.id, now); err != nil {
			return 0, err
		}
		if n == 0 {
			continue
		}
		if err := mail.Enqueue(ctx, tx, mail.Message{To: p.email, Subject: fmt.Sprintf("Dagens nytt i Klyngeportalen: %d varsler", n), Body: fmt.Sprintf(
			"Hei %s,\n\nDette er nytt for deg siden sist:\n\n%s\nDu kan endre hvordan du får varsler på %s/meg.\n\nHilsen Klyngeportalen – Avfallsklynge Nord",
			p.name, b.String(), baseURL)}); err != nil {
			return 0, err
		}
		sent++
	}
	return sent, tx.Commit(ctx)
}

// RunDigests sends due digests every interval until ctx ends.
func (s *Store) RunDigests(ctx context.Context, interval time.Duration, baseURL string, log *slog.Logger) {
	background.Every(ctx, interval, log, "forum digests queued", func(ctx context.Context) (int64, error) {
		n, err := s.SendDigests(ctx, time.Now(), baseURL)
		return int64(n), err
	})
}
