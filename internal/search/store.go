package search

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// Store runs the search.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns the store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// CountCap bounds each count: beyond it the page says "over 50". Counting every post that
// holds a common word read most of the forum; counting to 500 took 55 ms on 200 000 posts.
const CountCap = 50

// PageSize is how many hits a page of one kind shows; PreviewSize how many of each kind the
// overview shows.
const (
	PageSize    = 20
	PreviewSize = 3
)

// Request is one search.
type Request struct {
	Query string // cleaned with CleanQuery
	Kind  Kind   // "" for the overview of every kind
	After *Cursor
}

// Group is the hits of one kind.
type Group struct {
	Kind  Kind
	Count int // up to CountCap+1
	Hits  []Hit
	Next  *Cursor // the next page's position, or nil
}

// Result is a search's answer: every kind with its count, and hits of the kinds shown.
type Result struct {
	Groups []Group // in the order of Kinds
	Total  int
}

// Search finds what matches r.Query among the things u may see: a count of every kind and
// either the first PreviewSize hits of each kind (r.Kind == "") or a page of PageSize hits of
// r.Kind after r.After. All of it is one round trip.
func (s *Store) Search(ctx context.Context, u *auth.User, r Request) (Result, error) {
	res := Result{Groups: make([]Group, len(Kinds))}
	if r.Query == "" || u == nil {
		for i, k := range Kinds {
			res.Groups[i].Kind = k
		}
		return res, nil
	}
	args := queryArgs(u, r.Query)
	// Two round trips: the counts first, then the hits of the kinds that have any, each
	// read the way its count suits (see hitsSQL).
	counts := &pgx.Batch{}
	queueSettings(counts)
	for i, k := range Kinds {
		g := &res.Groups[i]
		g.Kind = k
		counts.Queue(countSQL(k), args).QueryRow(func(row pgx.Row) error { return row.Scan(&g.Count) })
	}
	if err := database.Send(ctx, s.pool, counts); err != nil {
		return Result{}, err
	}
	hits := make([][]Hit, len(Kinds))
	b := &pgx.Batch{}
	queueSettings(b)
	for i, k := range Kinds {
		g := &res.Groups[i]
		res.Total += g.Count
		if g.Count == 0 || (r.Kind != "" && r.Kind != k) {
			continue
		}
		limit, a := PreviewSize, args
		if r.Kind == k {
			limit = PageSize
			if r.After != nil {
				a = with(args, r.After)
			}
		}
		database.Collect(b, &hits[i], hitsSQL(k, r.Kind == k && r.After != nil, g.Count <= CountCap, limit+1), a)
	}
	if b.Len() > 1 {
		if err := database.Send(ctx, s.pool, b); err != nil {
			return Result{}, err
		}
	}
	for i, k := range Kinds {
		g := &res.Groups[i]
		limit := PreviewSize
		if r.Kind == k {
			limit = PageSize
		}
		if len(hits[i]) > limit {
			hits[i] = hits[i][:limit]
			last := hits[i][limit-1]
			c := Cursor{ID: last.ID, Score: last.Score, Name: last.Title}
			if last.At != nil {
				c.At = *last.At
			}
			g.Next = &c
		}
		g.Hits = hits[i]
	}
	return res, nil
}

// queueSettings starts a batch with settings local to its implicit transaction: a plan for
// these very words (a cached generic plan cannot tell a rare word from a common one), a
// trigram threshold under which "Karri" still finds "Kari" (0.57), and no JIT compilation (a
// scan of many rows looks costly enough to compile, which took longer than the scan), and no
// sequential scans: every kind has an index for its match, and the planner costed a scan of
// every person computing word_similarity (23 ms for "Karri" on 5 000 people) about the same as
// the trigram index (1,5 ms).
func queueSettings(b *pgx.Batch) {
	b.Queue(`SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('pg_trgm.word_similarity_threshold', '0.5', true),
		set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true)`)
}

// countSQL counts the matches of k the viewer may see, up to CountCap+1: a common word stops
// after a few hundred rows, a rare one is counted from the GIN index.
func countSQL(k Kind) string {
	return `SELECT count(*) FROM (SELECT 1 ` + kinds[k].from + ` LIMIT ` + strconv.Itoa(CountCap+1) + `) m`
}

// hitsSQL selects limit hits of k, after @after_* when paged. With few matches (rare: the
// count is at most CountCap) all of them are found through the GIN index and sorted; with
// many, the newest rows are walked until enough match. Left to itself the planner walks the
// newest rows for a word it thinks common and reads the whole table when it is rare (3,9 s for
// a name in 200 000 posts).
func hitsSQL(k Kind, after, rare bool, limit int) string {
	d := kinds[k]
	var b strings.Builder
	if k.scored() {
		// The score is computed once per row in the inner query, the page is chosen by it, and
		// only the page's rows get their columns (highlights among them).
		b.WriteString(`WITH page AS (SELECT id, score, sort_name FROM (SELECT ` + d.id + ` AS id, ` +
			d.score + ` AS score, ` + d.name + ` AS sort_name ` + d.from + `) m`)
		if after {
			b.WriteString(` WHERE (m.score < @after_score OR (m.score = @after_score AND (m.sort_name COLLATE nb, m.id) > (@after_name::text COLLATE nb, @after_id::bigint)))`)
		}
		b.WriteString(` ORDER BY m.score DESC, m.sort_name COLLATE nb, m.id LIMIT ` + strconv.Itoa(limit) + `)
			SELECT page.id, x.title, x.url, x.context, NULL::timestamptz AS at, x.snippet, x.tags, page.score
			FROM page CROSS JOIN LATERAL (SELECT ` + d.columns + ` ` + d.byID + `) x
			ORDER BY page.score DESC, page.sort_name COLLATE nb, page.id`)
		return b.String()
	}
	keyset := ""
	if after {
		keyset = ` AND (` + d.at + `, ` + d.id + `) < (@after_at::timestamptz, @after_id::bigint)`
	}
	order := ` ORDER BY at DESC, id DESC LIMIT ` + strconv.Itoa(limit)
	if rare {
		b.WriteString(`WITH matches AS MATERIALIZED (SELECT ` + d.id + ` AS id, ` + d.at + ` AS at ` + d.from + keyset + `),
			page AS (SELECT id FROM matches` + order + `)`)
	} else {
		b.WriteString(`WITH page AS (SELECT ` + d.id + ` AS id, ` + d.at + ` AS at ` + d.from + keyset + order + `)`)
	}
	// Only the page's hits get their columns and highlights.
	b.WriteString(` SELECT ` + d.id + ` AS id, ` + d.columns + `, ` + d.at + ` AS at, 0 AS score ` + d.from + ` AND ` + d.id + ` IN (SELECT id FROM page)
		ORDER BY ` + d.at + ` DESC, ` + d.id + ` DESC`)
	return b.String()
}

// queryArgs are the named arguments every statement of a search takes.
func queryArgs(u *auth.User, q string) database.Named {
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
	return database.Named{
		"q": q, "contains": "%" + esc + "%", "prefix": esc + "%", "word": "% " + esc + "%",
		"tag": strings.ToLower(q), "uid": u.ID, "admin": u.IsClusterAdmin(),
	}
}

func with(args database.Named, c *Cursor) database.Named {
	out := database.Named{}
	for k, v := range args {
		out[k] = v
	}
	out["after_at"], out["after_id"], out["after_score"], out["after_name"] = c.At, c.ID, c.Score, c.Name
	if c.At.IsZero() {
		out["after_at"] = time.Unix(0, 0)
	}
	return out
}
