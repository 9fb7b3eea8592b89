package documents

import (
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// Brief is a document as a list of a company's activity shows it.
type Brief struct {
	ID        int64     `db:"id"`
	Title     string    `db:"title"`
	Kind      string    `db:"kind"`
	UpdatedAt time.Time `db:"updated_at"`
}

// QueueRecentOfCompany adds to b the company's most recently changed documents that u may see;
// after the batch they are in *dst.
func QueueRecentOfCompany(b *pgx.Batch, u *auth.User, company int64, limit int, dst *[]Brief) {
	limit = max(1, min(limit, 50))
	args := viewerArgs(u)
	args["company"] = company
	database.Collect(b, dst, `SELECT d.id, d.title, d.kind, d.updated_at FROM documents d
		WHERE d.company_id = @company AND d.deleted_at IS NULL AND `+visible+`
		ORDER BY d.updated_at DESC, d.id DESC LIMIT `+strconv.Itoa(limit), args)
}
