package consultations

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/background"
	"klyngeportalen/internal/mail"
)

// ReminderWindow is how long before the internal deadline companies without input are reminded.
const ReminderWindow = 3 * 24 * time.Hour

// RemindDue writes a reminder to the outbox for every company that has not given its input to
// an open consultation whose internal deadline is within window, addressed to the company's
// admins and directors. A company is reminded once per consultation, also with several portal
// instances: the reminder row and its mails are written in one transaction, and the row's
// primary key lets only one instance claim it. It returns how many companies were reminded.
func (s *Store) RemindDue(ctx context.Context, window time.Duration, baseURL string) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `
		INSERT INTO consultation_reminders (consultation_id, company_id)
		SELECT k.id, c.id FROM consultations k CROSS JOIN companies c
		WHERE k.status = 'open' AND k.input_deadline > now() AND k.input_deadline <= now() + $1::interval
		  AND NOT EXISTS (SELECT 1 FROM consultation_inputs i WHERE i.consultation_id = k.id AND i.company_id = c.id)
		ON CONFLICT DO NOTHING
		RETURNING consultation_id, company_id`, fmt.Sprintf("%d seconds", int64(window.Seconds())))
	var consultationIDs, companyIDs []int64
	var k, c int64
	if _, err := pgx.ForEachRow(rows, []any{&k, &c}, func() error {
		consultationIDs, companyIDs = append(consultationIDs, k), append(companyIDs, c)
		return nil
	}); err != nil {
		return 0, err
	}
	if len(companyIDs) == 0 {
		return 0, tx.Commit(ctx)
	}
	if err := mailReminders(ctx, tx, consultationIDs, companyIDs, baseURL); err != nil {
		return 0, err
	}
	return len(companyIDs), tx.Commit(ctx)
}

// RemindCompanies mails the admins and directors of those of companyIDs that have given no
// input to consultation id yet (the desk's button; it throttles), and returns how many
// companies were reminded.
func (s *Store) RemindCompanies(ctx context.Context, id int64, companyIDs []int64, baseURL string) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `
		SELECT c.id FROM companies c JOIN consultations k ON k.id = $1 AND k.status IN ('open', 'in_progress')
		WHERE c.id = ANY($2) AND NOT EXISTS (SELECT 1 FROM consultation_inputs i WHERE i.consultation_id = k.id AND i.company_id = c.id)`,
		id, companyIDs)
	due, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(due) == 0 {
		return 0, err
	}
	ids := make([]int64, len(due))
	for i := range ids {
		ids[i] = id
	}
	if err := mailReminders(ctx, tx, ids, due, baseURL); err != nil {
		return 0, err
	}
	return len(due), tx.Commit(ctx)
}

// mailReminders queues the reminder to the admins and directors of each (consultation, company).
func mailReminders(ctx context.Context, tx pgx.Tx, consultationIDs, companyIDs []int64, baseURL string) error {
	rows, _ := tx.Query(ctx, `
		SELECT k.id, k.title, k.authority, k.input_deadline, u.email, u.name
		FROM unnest($1::bigint[], $2::bigint[]) AS due (consultation_id, company_id)
		JOIN consultations k ON k.id = due.consultation_id
		JOIN users u ON u.company_id = due.company_id AND u.active AND u.password_hash IS NOT NULL
		WHERE u.role = 'company_admin'
		   OR u.id IN (SELECT gm.user_id FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE g.slug = 'direktorforum')
		ORDER BY k.id, u.id`, consultationIDs, companyIDs)
	type recipient struct {
		ID            int64
		Title         string
		Authority     string
		InputDeadline time.Time
		Email, Name   string
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[recipient])
	if err != nil {
		return err
	}
	for _, r := range list {
		if err := mail.Enqueue(ctx, tx, reminder(r.Email, r.Name, r.Title, r.Authority, r.InputDeadline, fmt.Sprintf("%s/horinger/%d", strings.TrimRight(baseURL, "/"), r.ID))); err != nil {
			return err
		}
	}
	return nil
}

// reminder is the mail asking name's company for its input before deadline.
func reminder(to, name, title, authority string, deadline time.Time, link string) mail.Message {
	one := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	d := deadline.In(oslo())
	var b strings.Builder
	b.WriteString("Hei " + one(name) + ",\n\n")
	b.WriteString("Selskapet ditt har ennå ikke gitt innspill til klyngens høringssvar:\n\n")
	b.WriteString(one(title) + " (" + one(authority) + ")\n\n")
	fmt.Fprintf(&b, "Fristen for innspill er %d.%02d.%d kl. %02d.%02d.\n\n", d.Day(), d.Month(), d.Year(), d.Hour(), d.Minute())
	b.WriteString("Alle i selskapet kan skrive innspillet her:\n\n" + link + "\n\n")
	b.WriteString("Hilsen Klyngeportalen – Avfallsklynge Nord\n")
	subject := "Påminnelse: innspill til høring – " + one(title)
	if r := []rune(subject); len(r) > 300 {
		subject = string(r[:300])
	}
	return mail.Message{To: to, Subject: subject, Body: b.String()}
}

// Remind runs RemindDue every interval until ctx ends.
func (s *Store) Remind(ctx context.Context, interval time.Duration, baseURL string, logger *slog.Logger) {
	background.Every(ctx, interval, logger, "consultation reminders written to the outbox", func(ctx context.Context) (int64, error) {
		n, err := s.RemindDue(ctx, ReminderWindow, baseURL)
		return int64(n), err
	})
}
