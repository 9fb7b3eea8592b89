package events

import (
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
)

// Brief is an event as a list of a company's activity shows it.
type Brief struct {
	ID       int64     `db:"id"`
	Title    string    `db:"title"`
	StartsAt time.Time `db:"starts_at"`
	Place    string    `db:"place"`
	Status   string    `db:"status"`
}

// QueueArrangedBy adds to b the events company arranges that v may see, the latest start
// first; after the batch they are in *dst.
func QueueArrangedBy(b *pgx.Batch, v Viewer, company int64, limit int, dst *[]Brief) {
	limit = max(1, min(limit, 50))
	database.Collect(b, dst, `SELECT e.id, e.title, e.starts_at, e.place, e.status FROM events e
		WHERE e.organiser_company_id = $3 AND `+visible+`
		ORDER BY e.starts_at DESC, e.id DESC LIMIT `+strconv.Itoa(limit), v.ID, v.Admin, company)
}
