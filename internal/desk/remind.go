package desk

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Kinds of reminder sent from the desk.
const (
	KindIndicators   = "indicators"   // ref: the year
	KindConsultation = "consultation" // ref: the consultation's id
)

// Claim records today's reminder of kind and ref for each of companyIDs and returns those not
// reminded today already: a double click, or two admins at once, mail a company once a day.
func (s *Store) Claim(ctx context.Context, kind string, ref int64, companyIDs []int64, by int64) ([]int64, error) {
	rows, _ := s.pool.Query(ctx, `
		INSERT INTO desk_reminders (kind, ref, company_id, sent_by)
		SELECT $1, $2, c.id, $4 FROM companies c WHERE c.id = ANY($3)
		ON CONFLICT DO NOTHING RETURNING company_id`, kind, ref, companyIDs, by)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// Release forgets today's claims, when the reminder could not be sent after all.
func (s *Store) Release(ctx context.Context, kind string, ref int64, companyIDs []int64) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM desk_reminders WHERE kind = $1 AND ref = $2 AND company_id = ANY($3) AND day = current_date`,
		kind, ref, companyIDs)
	return err
}
