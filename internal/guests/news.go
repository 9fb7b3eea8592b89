package guests

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/domain"
)

// ErrNotFound is what does not exist or is not opened to the viewer.
var ErrNotFound = domain.New(domain.NotFound, "guests: not found")

// Article is a news item in full, as an owner or a partner reads it.
type Article struct {
	ID          int64
	Title       string
	Ingress     string
	BodyHTML    string // sanitised when it was written (internal/markdown)
	PublishedAt time.Time
}

// NewsItem returns news item id if it is opened to u's kind.
func (s *Store) NewsItem(ctx context.Context, u *auth.User, id int64) (Article, error) {
	var a Article
	err := s.pool.QueryRow(ctx, `SELECT n.id, n.title, n.ingress, n.body_html, n.published_at FROM news n
		WHERE n.id = @id AND `+rule.Opened("n.open_to", "NULL"), database.Named{"uid": u.ID, "admin": false, "id": id}).
		Scan(&a.ID, &a.Title, &a.Ingress, &a.BodyHTML, &a.PublishedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, ErrNotFound
	}
	return a, err
}
