// Package news owns the news items and success stories of the front page and /nyheter: their
// rules, their SQL and their images.
package news

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/domain"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/validate"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Errors of this package, mapped to HTTP once in web.
var (
	ErrNotFound  = domain.New(domain.NotFound, "news: not found")
	ErrForbidden = domain.New(domain.Forbidden, "news: not allowed")
)

// Store reads and writes news.
type Store struct {
	pool *pgxpool.Pool
	md   *markdown.Renderer
}

// NewStore returns the news store.
func NewStore(pool *pgxpool.Pool, md *markdown.Renderer) *Store { return &Store{pool: pool, md: md} }

// CanPublishNews: cluster admins and company admins publish news.
func CanPublishNews(u *auth.User) bool {
	return u != nil && (u.Role == auth.RoleClusterAdmin || u.Role == auth.RoleCompanyAdmin)
}

func (s *Store) html(src string) string {
	if src == "" {
		return ""
	}
	return s.md.HTML(src)
}

// audit records an administrative action of actor on the news item id with its title.
func audit(ctx context.Context, tx pgx.Tx, actor *auth.User, action, targetType string, targetID int64, title string) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
		actor.ID, actor.CompanyID, action, targetType, targetID, map[string]any{"title": title})
	return err
}

// News is a news item or success story.
type News struct {
	ID          int64     `db:"id"`
	AuthorID    *int64    `db:"author_id"`
	Kind        string    `db:"kind"`
	Title       string    `db:"title"`
	Ingress     string    `db:"ingress"`
	BodyMD      string    `db:"body_md"`
	BodyHTML    string    `db:"body_html"`
	AuthorName  *string   `db:"author_name"`
	CompanyName *string   `db:"company_name"`
	ImageAlt    string    `db:"image_alt"`
	HasImage    bool      `db:"has_image"`
	PublishedAt time.Time `db:"published_at"`
	OpenTo      []string  `db:"open_to"`
}

// News kinds.
const (
	KindNews  = "news"
	KindStory = "story"
)

// KindLabel is a news kind in Norwegian.
func KindLabel(kind string) string {
	if kind == KindStory {
		return "Suksesshistorie"
	}
	return "Nyhet"
}

// NewsForm is what an admin types to publish or edit news; Image is the prepared upload, or
// nil; RemoveImage removes the image an edited item has.
type NewsForm struct {
	Kind, Title, Ingress, Body, ImageAlt string
	Image                                *Image
	RemoveImage                          bool
	OpenTo                               []string // owner and/or partner: opened to them besides the members
}

// NewsCursor is the position after the last item of a page of news.
type NewsCursor struct {
	PublishedAt time.Time
	ID          int64
}

const newsColumns = `n.id, n.author_id, n.kind, n.title, n.ingress, n.body_md, n.body_html, u.name AS author_name, coalesce(nullif(c.short_name, ''), c.name) AS company_name,
	n.image_alt, EXISTS (SELECT 1 FROM news_images i WHERE i.news_id = n.id) AS has_image, n.published_at, n.open_to
	FROM news n LEFT JOIN users u ON u.id = n.author_id LEFT JOIN companies c ON c.id = n.company_id`

// QueueFirstNews adds the query of the newest limit news items to batch b; after the batch
// they are in *dst.
func QueueFirstNews(b *pgx.Batch, limit int, dst *[]News) {
	// The limit is written in (a bounded number): as a parameter PostgreSQL planned the
	// statement anew each time; so in the other queued dashboard queries.
	database.Collect(b, dst, `SELECT `+newsColumns+` ORDER BY n.published_at DESC, n.id DESC LIMIT `+strconv.Itoa(max(1, min(limit, 100))))
}

// LatestNews returns up to limit news items after cursor (nil: from the newest), and whether
// there are more. The dashboard calls it with a nil cursor.
func (s *Store) LatestNews(ctx context.Context, after *NewsCursor, limit int) ([]News, bool, error) {
	limit = max(1, min(limit, 100))
	var at *time.Time
	var id int64
	if after != nil {
		at, id = &after.PublishedAt, after.ID
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+newsColumns+`
		WHERE ($1::timestamptz IS NULL OR (n.published_at, n.id) < ($1::timestamptz, $2::bigint))
		ORDER BY n.published_at DESC, n.id DESC LIMIT $3`, at, id, limit+1)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[News])
	if err != nil {
		return nil, false, err
	}
	more := len(list) > limit
	if more {
		list = list[:limit]
	}
	return list, more, nil
}

// NewsItem returns the news item with id.
func (s *Store) NewsItem(ctx context.Context, id int64) (News, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+newsColumns+` WHERE n.id = $1`, id)
	n, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[News])
	if errors.Is(err, pgx.ErrNoRows) {
		return n, ErrNotFound
	}
	return n, err
}

// NewsImage returns the image of news item id.
func (s *Store) NewsImage(ctx context.Context, id int64) (Image, error) {
	var img Image
	err := s.pool.QueryRow(ctx, `SELECT content_type, data, width, height FROM news_images WHERE news_id = $1`, id).
		Scan(&img.ContentType, &img.Data, &img.Width, &img.Height)
	if errors.Is(err, pgx.ErrNoRows) {
		return img, ErrNotFound
	}
	return img, err
}

// CheckNews validates f, recording problems per field in e, and returns it cleaned. hadImage
// tells whether the item already has an image (when editing).
func CheckNews(e validate.Errors, f NewsForm, hadImage bool) NewsForm {
	if f.Kind != KindNews && f.Kind != KindStory {
		e.Add("kind", "Velg om dette er en nyhet eller en suksesshistorie.")
	}
	f.Title = e.Text("title", f.Title, 3, 200, false)
	f.Ingress = e.Text("ingress", f.Ingress, 10, 600, true)
	f.Body = e.Text("body", f.Body, 0, 50000, true)
	f.ImageAlt = e.Text("image_alt", f.ImageAlt, 0, 300, false)
	if (f.Image != nil || (hadImage && !f.RemoveImage)) && f.ImageAlt == "" {
		e.Add("image_alt", "Beskriv hva bildet viser, for dem som ikke ser det.")
	}
	var ok bool
	if f.OpenTo, ok = access.CleanOpenTo(f.OpenTo); !ok {
		e.Add("open_to", "Velg eierrepresentanter, samarbeidspartnere eller ingen av dem.")
	}
	return f
}

// PublishNews publishes f as actor (a cluster admin or company admin) and returns its id.
// An image, when given, must already be prepared by PrepareImage. The same item sent again within
// ten minutes by its author is not published twice: the first one's id is returned.
func (s *Store) PublishNews(ctx context.Context, actor *auth.User, f NewsForm) (int64, error) {
	if !CanPublishNews(actor) {
		return 0, ErrForbidden
	}
	e := validate.Errors{}
	f = CheckNews(e, f, false)
	if err := e.Err(); err != nil {
		return 0, err
	}
	if f.Image == nil {
		f.ImageAlt = ""
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	// The same item sent twice (a double click, a resent form) is published once: the author's
	// publishing is serialised, and an identical item of the last minutes is the answer.
	id, found, err := database.Resubmitted(ctx, tx, "news.publish", actor.ID, `SELECT id FROM news WHERE published_at > now() - interval '10 minutes' AND author_id = $1
		AND kind = $2 AND title = $3 AND ingress = $4 AND body_md = $5 ORDER BY id LIMIT 1`, actor.ID, f.Kind, f.Title, f.Ingress, f.Body)
	if err != nil || found {
		return id, err
	}
	err = tx.QueryRow(ctx, `
		INSERT INTO news (kind, title, ingress, body_md, body_html, author_id, company_id, image_alt, open_to)
		VALUES ($1, $2, $3, $4, $5, $6, NULLIF($7, 0), $8, $9) RETURNING id`,
		f.Kind, f.Title, f.Ingress, f.Body, s.html(f.Body), actor.ID, actor.CompanyID, f.ImageAlt, f.OpenTo).Scan(&id)
	if err != nil {
		return 0, err
	}
	if f.Image != nil {
		if _, err := tx.Exec(ctx, `INSERT INTO news_images (news_id, content_type, data, width, height) VALUES ($1, $2, $3, $4, $5)`,
			id, f.Image.ContentType, f.Image.Data, f.Image.Width, f.Image.Height); err != nil {
			return 0, err
		}
	}
	return id, tx.Commit(ctx)
}

// CanEditNews reports whether u may edit or delete news item n: its author (while still allowed
// to publish) and cluster admins.
func CanEditNews(u *auth.User, n News) bool {
	return u.IsClusterAdmin() || (u != nil && n.AuthorID != nil && *n.AuthorID == u.ID && CanPublishNews(u))
}

// DeleteNews deletes news item id with its image, if actor may.
func (s *Store) DeleteNews(ctx context.Context, actor *auth.User, id int64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `SELECT `+newsColumns+` WHERE n.id = $1 FOR UPDATE OF n`, id)
	n, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[News])
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if !CanEditNews(actor, n) {
		return ErrForbidden
	}
	if _, err := tx.Exec(ctx, `DELETE FROM news WHERE id = $1`, id); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor, "news.delete", "news", id, n.Title); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// UpdateNews changes news item id as actor (its author or a cluster admin): the texts, and the
// image replaced by a new upload or removed.
func (s *Store) UpdateNews(ctx context.Context, actor *auth.User, id int64, f NewsForm) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `SELECT `+newsColumns+` WHERE n.id = $1 FOR UPDATE OF n`, id)
	n, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[News])
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if !CanEditNews(actor, n) {
		return ErrForbidden
	}
	e := validate.Errors{}
	f = CheckNews(e, f, n.HasImage)
	if err := e.Err(); err != nil {
		return err
	}
	switch {
	case f.Image != nil:
		_, err = tx.Exec(ctx, `
			INSERT INTO news_images (news_id, content_type, data, width, height) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (news_id) DO UPDATE SET content_type = EXCLUDED.content_type, data = EXCLUDED.data, width = EXCLUDED.width, height = EXCLUDED.height`,
			id, f.Image.ContentType, f.Image.Data, f.Image.Width, f.Image.Height)
	case f.RemoveImage || !n.HasImage:
		f.ImageAlt = ""
		_, err = tx.Exec(ctx, `DELETE FROM news_images WHERE news_id = $1`, id)
	}
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE news SET kind = $2, title = $3, ingress = $4, body_md = $5, body_html = $6, image_alt = $7, open_to = $8 WHERE id = $1`,
		id, f.Kind, f.Title, f.Ingress, f.Body, s.html(f.Body), f.ImageAlt, f.OpenTo); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor, "news.update", "news", id, f.Title); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
