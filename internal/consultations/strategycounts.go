package consultations

import (
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
)

// SentCount is how many joint responses in a focus area were sent in a year.
type SentCount struct {
	FocusAreaID int16 `db:"focus_area_id"`
	Sent        int   `db:"sent"`
}

// QueueSentInYear adds to batch b the count of the consultation responses sent in year, per
// focus area; after the batch they are in *dst.
func QueueSentInYear(b *pgx.Batch, year int, dst *[]SentCount) {
	database.Collect(b, dst, `
		SELECT focus_area_id, count(*)::int AS sent FROM consultations
		WHERE status = 'sent' AND sent_on >= make_date($1, 1, 1) AND sent_on < make_date($1 + 1, 1, 1)
		GROUP BY focus_area_id`, year)
}
