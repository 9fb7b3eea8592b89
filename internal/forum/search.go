package forum

import (
	"context"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
)

// MaxSearchPages bounds how deep search results can be paged.
const MaxSearchPages = 20

// searchQuery ranks posts and thread titles matching @q through their GIN indexes.
const searchQuery = `
		WITH hits AS (
			SELECT p.id AS post_id, ts_rank(p.search, websearch_to_tsquery('norwegian', @q)) AS rank FROM forum_posts p
			WHERE p.search @@ websearch_to_tsquery('norwegian', @q) AND p.deleted_at IS NULL AND p.hidden_at IS NULL
			UNION ALL
			SELECT p.id, 2 * ts_rank(t.search, websearch_to_tsquery('norwegian', @q)) FROM forum_threads t JOIN forum_posts p ON p.thread_id = t.id AND p.seq = 1
			WHERE t.search @@ websearch_to_tsquery('norwegian', @q)
		),
		best AS (SELECT post_id, max(rank) AS rank FROM hits GROUP BY post_id)
		SELECT f.slug AS forum_slug, f.name AS forum_name, t.id AS thread_id, t.title AS thread_title, p.seq,
		       a.name AS author_name, p.created_at,
		       CASE WHEN p.deleted_at IS NULL AND p.hidden_at IS NULL
		            THEN ts_headline('norwegian', p.body_md, websearch_to_tsquery('norwegian', @q), 'StartSel=` + HighlightStart + `, StopSel=` + HighlightEnd + `, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')
		            ELSE '' END AS snippet
		FROM best JOIN forum_posts p ON p.id = best.post_id JOIN forum_threads t ON t.id = p.thread_id
		JOIN forums f ON f.id = t.forum_id LEFT JOIN users a ON a.id = p.author_id
		WHERE ` + visible + `
		ORDER BY best.rank DESC, p.id DESC
		OFFSET @offset LIMIT @limit`

// Search finds posts and thread titles matching q with the norwegian text search
// configuration (so inflected forms match), best first, in the forums u may see. It returns
// page (from 0) of limit hits and whether there are more.
func (s *Store) Search(ctx context.Context, u *auth.User, q string, page, limit int) ([]Hit, bool, error) {
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	page = max(0, min(page, MaxSearchPages-1))
	rows, _ := s.pool.Query(ctx, searchQuery, with(viewerArgs(u), "q", q, "offset", page*limit, "limit", limit+1))
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Hit])
	if err != nil {
		return nil, false, err
	}
	more := len(list) > limit && page < MaxSearchPages-1
	if len(list) > limit {
		list = list[:limit]
	}
	return list, more, nil
}
