package forum

import (
	"context"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/highlight"
)

// MaxSearchPages bounds how deep search results can be paged; past them the one search
// (/sok, every post by keyset, newest first) goes on.
const MaxSearchPages = 5

// SearchCandidates is how many of the newest matching posts (and thread titles) are ranked: the
// five pages a person can open (MaxSearchPages) of twenty. A common word can match half of all
// posts; ranking them all cost a second on 200 000 posts, ranking the newest thousand 20 ms
// (make bench), the newest two hundred 3.4 ms of the database's time and the newest hundred
// 2.2 ms (pgbench, one client, on the scale data: the titles' walk is half of it).
const SearchCandidates = MaxSearchPages * 20

// A search ranks the newest @candidates posts and thread titles matching @q in the forums the
// viewer may see. Hits are known by thread and place in it (a title's hit is its first post):
// the posts are read for the shown page only (looking up the first post of every candidate title
// was 10 of 14 ms for a common word on the scale data), and their snippets are cut in Go.
//
// Which statement finds the candidates depends on the word. A word in denseHits or more of the
// newest sampleRows posts is common: its candidates are the matches among the newest walkRows
// posts, found by commonQuery with one generic plan (planning each search cost 2 ms on the scale
// data, as much as running it; make bench: forum search 321 → 457 req/s). Any other word is
// found by plannedQuery, planned for its words: the planner knows whether to look a rare word up
// in the text index or to walk back to the older posts a once-common word is in (a generic plan
// that read its 40 000 matches from the index took twice as long).
const (
	sampleRows = "64"
	denseHits  = "4"
	walkRows   = "4000"
)

// tsq is the search text as a text query, made once per statement.
const tsq = `(SELECT websearch_to_tsquery('norwegian', @q))`

// denseQuery says whether @q is common among the newest posts.
const denseQuery = `SELECT count(*) >= ` + denseHits + ` FROM (SELECT p.search FROM forum_posts p
	WHERE p.deleted_at IS NULL AND p.hidden_at IS NULL ORDER BY p.id DESC LIMIT ` + sampleRows + `) p WHERE p.search @@ ` + tsq

// commonQuery ranks the candidates of a common word (and finds none for another: each part
// waits on the same sample as denseQuery): the posts among the newest walkRows, and
// the titles walked the same way when the word is common among the newest titles too, else
// looked up in the text index. Each way keeps its index: a walk's inner query orders by its index
// alone (the posts by id; the titles by forum_threads_walk_idx, which holds all the walk reads, so
// that the threads' pages are not read), the lookup has no order.
var commonQuery = `
		WITH posts_dense AS MATERIALIZED (SELECT (` + denseQuery + `) AS dense),
		titles_dense AS MATERIALIZED (
			SELECT count(*) >= ` + denseHits + ` AS dense FROM (SELECT t.search FROM forum_threads t ORDER BY t.created_at DESC, t.id DESC LIMIT ` + sampleRows + `) t
			WHERE t.search @@ ` + tsq + `),
		titles_walked AS MATERIALIZED (
			SELECT t.id, t.search FROM (
				SELECT t.id, t.created_at, t.forum_id, t.search FROM forum_threads t ORDER BY t.created_at DESC, t.id DESC LIMIT ` + walkRows + `) t
			JOIN forums f ON f.id = t.forum_id
			WHERE t.search @@ ` + tsq + ` AND ` + visible + ` ORDER BY t.created_at DESC, t.id DESC LIMIT @candidates),
		titles_indexed AS MATERIALIZED (
			SELECT t.id, t.search FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE t.search @@ ` + tsq + ` AND ` + visible + `),
		posts AS (
			SELECT p.thread_id, p.seq, ts_rank(p.search, ` + tsq + `) AS rank
			FROM (SELECT p.id, p.thread_id, p.seq, p.search FROM forum_posts p WHERE p.deleted_at IS NULL AND p.hidden_at IS NULL
			      ORDER BY p.id DESC LIMIT ` + walkRows + `) p
			JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id
			WHERE p.search @@ ` + tsq + ` AND ` + visible + ` AND (SELECT dense FROM posts_dense)
			ORDER BY p.id DESC LIMIT @candidates
		),
		titles AS (
			SELECT id AS thread_id, 1 AS seq, 2 * ts_rank(search, ` + tsq + `) AS rank FROM (
				(SELECT * FROM titles_walked WHERE (SELECT dense FROM titles_dense))
				UNION ALL
				(SELECT * FROM titles_indexed WHERE NOT (SELECT dense FROM titles_dense) ORDER BY id DESC LIMIT @candidates)) c
			WHERE (SELECT dense FROM posts_dense)
		),` + rankedHits

// plannedQuery ranks the candidates of any word, as the planner finds them best for its words.
var plannedQuery = `
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
		),` + rankedHits

// rankedHits ends both statements: the page of the best candidates (posts and titles, from the
// expressions before it), with the posts' columns.
var rankedHits = `
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
	args := with(viewerArgs(u), "q", q, "offset", page*limit, "limit", limit+1, "candidates", SearchCandidates)
	var found []searchRow
	var common bool
	var b pgx.Batch
	database.QueueGenericPlan(&b)
	b.Queue(denseQuery, args).QueryRow(func(r pgx.Row) error { return r.Scan(&common) })
	database.Collect(&b, &found, commonQuery, args) // no rows unless the word is common
	if err := database.Send(ctx, s.pool, &b); err != nil {
		return nil, false, err
	}
	if !common { // planned for its words (an unnamed statement)
		rows, _ := s.pool.Query(ctx, plannedQuery, pgx.QueryExecModeExec, args)
		var err error
		if found, err = pgx.CollectRows(rows, pgx.RowToStructByName[searchRow]); err != nil {
			return nil, false, err
		}
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
