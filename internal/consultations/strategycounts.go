package consultations

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// SentCount is how many joint responses in a focus area were sent in a year.
type SentCount struct {
	FocusAreaID int16 `db:"focus_area_id"`
	Sent        int   `db:"sent"`
}

// SentInYear counts the consultation responses sent in year, per focus area, in one query.
func (s *Store) SentInYear(ctx context.Context, year int) ([]SentCount, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT focus_area_id, count(*)::int AS sent FROM consultations
		WHERE status = 'sent' AND sent_on >= make_date($1, 1, 1) AND sent_on < make_date($1 + 1, 1, 1)
		GROUP BY focus_area_id`, year)
	return pgx.CollectRows(rows, pgx.RowToStructByName[SentCount])
}
