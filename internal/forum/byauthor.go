package forum

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// RecentPostsBy lists the newest posts of author that the viewer u may see (not deleted or
// hidden, in forums open to u), newest first; the snippet is the post's clean text, cut.
func (s *Store) RecentPostsBy(ctx context.Context, u *auth.User, author int64, limit int) ([]Hit, error) {
	limit = max(1, min(limit, 50))
	rows, _ := s.pool.Query(ctx, `
		SELECT f.slug AS forum_slug, f.name AS forum_name, t.id AS thread_id, t.title AS thread_title, p.seq,
		       NULL::text AS author_name, p.created_at,
		       left(btrim(regexp_replace(search_plain(p.body_html), '\s+', ' ', 'g')), 200) AS snippet
		FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id
		WHERE p.author_id = @author AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND `+visible+`
		ORDER BY p.created_at DESC, p.id DESC LIMIT `+strconv.Itoa(limit), with(viewerArgs(u), "author", author))
	return pgx.CollectRows(rows, pgx.RowToStructByName[Hit])
}

// QueueRecentPostsOfCompany adds to b the newest posts by people of company that u may see;
// after the batch they are in *dst (author_name set).
func QueueRecentPostsOfCompany(b *pgx.Batch, u *auth.User, company int64, limit int, dst *[]Hit) {
	limit = max(1, min(limit, 50))
	database.Collect(b, dst, `
		SELECT f.slug AS forum_slug, f.name AS forum_name, t.id AS thread_id, t.title AS thread_title, p.seq,
		       a.name AS author_name, p.created_at, '' AS snippet
		FROM forum_posts p JOIN users a ON a.id = p.author_id JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id
		WHERE a.company_id = @company AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND `+visible+`
		ORDER BY p.created_at DESC, p.id DESC LIMIT `+strconv.Itoa(limit), with(viewerArgs(u), "company", company))
}
