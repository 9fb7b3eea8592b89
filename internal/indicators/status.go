package indicators

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/mail"
)

// Statuses returns every company's reporting status for year, with its last reminder, in one query.
func (s *Store) Statuses(ctx context.Context, year int) ([]CompanyStatus, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT c.id, c.slug, c.name, c.short_name, r.status, coalesce(r.demo, false) AS demo, r.updated_at, r.submitted_at,
		       (SELECT max(m.sent_at) FROM indicator_reminders m WHERE m.company_id = c.id AND m.year = $1) AS last_reminder,
		       (SELECT count(*)::int FROM users u WHERE u.company_id = c.id AND u.role = 'company_admin' AND u.active AND u.password_hash IS NOT NULL) AS admins
		FROM companies c LEFT JOIN indicator_reports r ON r.company_id = c.id AND r.year = $1
		ORDER BY c.name COLLATE nb`, year)
	return pgx.CollectRows(rows, pgx.RowToStructByName[CompanyStatus])
}

// Remind mails the active company admins of every company in companyIDs (every company, when
// empty) that has not submitted its report for year, through the outbox in the transaction
// that records the reminders. Only cluster admins remind. It returns how many companies were reminded.
func (s *Store) Remind(ctx context.Context, actor *auth.User, year int, companyIDs []int64, baseURL string) (int, error) {
	if !actor.IsClusterAdmin() {
		return 0, ErrNotFound
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `
		SELECT c.id, c.name, u.email, u.name
		FROM companies c JOIN users u ON u.company_id = c.id AND u.role = 'company_admin' AND u.active AND u.password_hash IS NOT NULL
		WHERE (coalesce(cardinality($2::bigint[]), 0) = 0 OR c.id = ANY($2))
		  AND NOT EXISTS (SELECT 1 FROM indicator_reports r WHERE r.company_id = c.id AND r.year = $1 AND r.status = 'submitted')
		ORDER BY c.id, u.id`, year, companyIDs)
	type recipient struct {
		companyID         int64
		company, to, name string
	}
	recipients, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (recipient, error) {
		var r recipient
		return r, row.Scan(&r.companyID, &r.company, &r.to, &r.name)
	})
	if err != nil {
		return 0, err
	}
	reminded := map[int64]bool{}
	for _, r := range recipients {
		if err := mail.Enqueue(ctx, tx, reminderMail(r.to, r.name, r.company, actor.Name, year, baseURL)); err != nil {
			return 0, err
		}
		if !reminded[r.companyID] {
			reminded[r.companyID] = true
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO indicator_reminders (company_id, year, sent_by) VALUES ($1, $2, $3) RETURNING id`,
				r.companyID, year, actor.ID).Scan(&id); err != nil {
				return 0, err
			}
			if err := audit(ctx, tx, actor, &r.companyID, "indicators.remind", "indicator_reminder", id, map[string]any{"year": year}); err != nil {
				return 0, err
			}
		}
	}
	return len(reminded), tx.Commit(ctx)
}

func reminderMail(to, name, company, sender string, year int, baseURL string) mail.Message {
	var b strings.Builder
	fmt.Fprintf(&b, "Hei %s,\n\n", name)
	fmt.Fprintf(&b, "%s har ikke sendt inn nøkkeltallene for %d ennå. Klyngen sammenligner tallene til alle medlemmene, så vi setter pris på om dere fyller dem ut og sender dem inn.\n\n", company, year)
	fmt.Fprintf(&b, "Rapporter her: %s/nokkeltall/rapporter\n\n", strings.TrimRight(baseURL, "/"))
	fmt.Fprintf(&b, "Hilsen %s\nAvfallsklynge Nord\n", sender)
	return mail.Message{To: to, Subject: fmt.Sprintf("Påminnelse: nøkkeltall for %d", year), Body: b.String()}
}
