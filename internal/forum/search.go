package forum

import (
	"context"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/highlight"
)

// MaxSearchPages bounds how deep search results can be paged.
const MaxSearchPages = 10

// SearchCandidates is how many of the newest matching posts (and thread titles) are ranked: the
// ten pages a person can open (MaxSearchPages) of twenty. A common word can match half of all
// posts; ranking them all cost a second on 200 000 posts, ranking the newest thousand 20 ms
// (make bench), the newest two hundred 5 ms.
const SearchCandidates = MaxSearchPages * 20

// searchQuery ranks the newest @candidates posts and thread titles matching @q in the forums
// the viewer may see. The planner picks the GIN index for rare words and a backward scan of the
// newest posts for common ones. Hits are known by thread and place in it (a title's hit is its
// first post): the posts are read for the shown page only (looking up the first post of every
// candidate title was 10 of 14 ms for a common word on the scale data), and their snippets are
// cut in Go.
var searchQuery = `
		WITH posts AS (
			SELECT p.thread_id, p.seq, ts_rank(p.search, websearch_to_tsquery('norwegian', @q)) AS rank
			FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id
			WHERE p.search @@ websearch_to_tsquery('norwegian', @q) AND p.deleted_at IS NULL AND p.hidden_at IS NULL
			  AND ` + visible + `
			ORDER BY p.id DESC LIMIT @candidates
		),
		titles AS (
			SELECT t.id AS thread_id, 1 AS seq, 2 * ts_rank(t.search, websearch_to_tsquery('norwegian', @q)) AS rank
			FROM forum_threads t JOIN forums f ON f.id = t.forum_id
			WHERE t.search @@ websearch_to_tsquery('norwegian', @q) AND ` + visible + `
			ORDER BY t.id DESC LIMIT @candidates
		),
		best AS (
			SELECT thread_id, seq, max(rank) AS rank FROM (SELECT * FROM posts UNION ALL SELECT * FROM titles) h
			GROUP BY thread_id, seq ORDER BY rank DESC, thread_id DESC, seq DESC OFFSET @offset LIMIT @limit
		)
		SELECT f.slug AS forum_slug, f.name AS forum_name, t.id AS thread_id, t.title AS thread_title, p.seq,
		       a.name AS author_name, p.created_at,
		       CASE WHEN p.deleted_at IS NULL AND p.hidden_at IS NULL THEN ` + highlight.SourceSQL(`p.body_html`) + ` ELSE '' END AS snippet,
		       ` + highlight.TreeSQL + ` AS tree
		FROM best JOIN forum_posts p ON p.thread_id = best.thread_id AND p.seq = best.seq JOIN forum_threads t ON t.id = p.thread_id
		JOIN forums f ON f.id = t.forum_id LEFT JOIN users a ON a.id = p.author_id
		WHERE ` + visible + `
		ORDER BY best.rank DESC, best.thread_id DESC, best.seq DESC`

// Search finds posts and thread titles matching q with the norwegian text search
// configuration (so inflected forms match), best first among the newest SearchCandidates
// matches, in the forums u may see. It returns
// page (from 0) of limit hits and whether there are more.
func (s *Store) Search(ctx context.Context, u *auth.User, q string, page, limit int) ([]Hit, bool, error) {
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	page = max(0, min(page, MaxSearchPages-1))
	// Planned for each search with its words (an unnamed statement): a cached generic plan
	// cannot know whether a word is rare (use the GIN index) or common (scan the newest posts).
	rows, _ := s.pool.Query(ctx, searchQuery, pgx.QueryExecModeExec, with(viewerArgs(u), "q", q, "offset", page*limit, "limit", limit+1, "candidates", SearchCandidates))
	found, err := pgx.CollectRows(rows, pgx.RowToStructByName[searchRow])
	if err != nil {
		return nil, false, err
	}
	list := make([]Hit, len(found))
	var words highlight.Query
	for i, h := range found {
		if i == 0 {
			words = highlight.Parse(h.Tree) // the same on every row
		}
		list[i] = h.Hit
		list[i].Snippet = words.Snippet(highlight.HTMLText(h.Snippet), snippetWords, 2)
	}
	more := len(list) > limit && page < MaxSearchPages-1
	if len(list) > limit {
		list = list[:limit]
	}
	return list, more, nil
}

// searchRow is a hit as the search reads it: the post's HTML as its snippet, and the
// database's parse of the search text, for marking the matches (internal/highlight).
type searchRow struct {
	Hit
	Tree string `db:"tree"`
}

// snippetWords is how many words of the post a hit shows, in up to two fragments.
const snippetWords = 35
