package search

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/highlight"
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

// snippetWords is how many words of its text a hit shows, in up to two fragments.
const snippetWords = 30

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

// A big kind (threads, posts, events) is either walked newest first or looked up in its text
// index, as the word's density in its newest sampleRows rows says: a common word ("restavfall"
// is in half of 200 000 posts) has its count and newest hits among the first rows of the walk,
// while building the text index's bitmap of its 100 000 posts alone took 30–100 ms; a rare word
// is found in the index at once, where a walk would read every row. A walk reads at most
// walkRows rows; a word that proves rarer there is looked up in the index after all.
const (
	sampleRows = 64
	sampleHits = 4 // a density of 6 % or more is walked
	walkRows   = 2000
)

// Search finds what matches r.Query among the things u may see: a count of every kind and
// either the first PreviewSize hits of each kind (r.Kind == "") or a page of PageSize hits of
// r.Kind after r.After. All of it is one statement in one round trip, with a generic plan.
func (s *Store) Search(ctx context.Context, u *auth.User, r Request) (Result, error) {
	res := Result{Groups: make([]Group, len(Kinds))}
	for i, k := range Kinds {
		res.Groups[i].Kind = k
	}
	if r.Query == "" || u == nil {
		return res, nil
	}
	args := queryArgs(u, r.Query)
	if r.After != nil {
		args = with(args, r.After)
	}
	var rows []row
	var tree string
	b := &pgx.Batch{}
	queueSettings(b)
	database.Collect(b, &rows, searchSQL(r.Kind, r.After != nil), args)
	if err := database.Send(ctx, s.pool, b); err != nil {
		return Result{}, err
	}
	hits := make([][]Hit, len(Kinds))
	for _, rw := range rows {
		if rw.Kind == treeRow {
			tree = rw.Text
			continue
		}
		i := slices.Index(Kinds, Kind(rw.Kind))
		if i < 0 {
			continue
		}
		if rw.Count >= 0 {
			res.Groups[i].Count = rw.Count
			res.Total += rw.Count
			continue
		}
		h := rw.Hit
		h.Snippet = strings.TrimSpace(rw.Text + " " + highlight.HTMLText(rw.HTML)) // cut below, once shown
		hits[i] = append(hits[i], h)
	}
	words := highlight.Parse(tree)
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
		for j := range hits[i] {
			hits[i][j].Snippet = words.Snippet(hits[i][j].Snippet, snippetWords, 2)
		}
		g.Hits = hits[i]
	}
	return res, nil
}

// treeRow is the kind of the statement's row that holds the database's parse of the search
// text (highlight.TreeSQL) as its snippet_text, for marking the matches in the hits' snippets.
const treeRow = "tree"

// row is a row of the search's statement: a kind's count (Count ≥ 0) or one of its hits.
type row struct {
	Kind  string `db:"kind"`
	Count int    `db:"n"`
	Hit
	Text    string `db:"snippet_text"` // the snippet's source: plain text
	HTML    string `db:"snippet_html"` // and HTML
	KindPos int    `db:"kind_pos"`
	Ord     int64  `db:"ord"`
}

// queueSettings starts a batch with settings local to its implicit transaction: a generic plan
// (the statement is shaped so that one plan suits a rare word and a common one alike, and
// planning it for each search cost more than running it), a trigram threshold under which
// "Karri" still finds "Kari" (0.57) and no longer every Karl and Karin (0.5), no JIT compilation, and no sequential scans: every kind has
// an index for its match, and the walks of the newest rows must use their index.
func queueSettings(b *pgx.Batch) {
	b.Queue(`SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('pg_trgm.word_similarity_threshold', '0.55', true),
		set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true)`)
}

// statements are the search's statements by kind shown and whether paged, built once.
var statements sync.Map // statementKey → string

type statementKey struct {
	kind  Kind
	after bool
}

// searchSQL is the one statement of a search: a row with the count of every kind, then the
// hits of each kind shown (kind: every kind's preview; else that kind's page, after
// @after_* when after), in order.
func searchSQL(shown Kind, after bool) string {
	key := statementKey{shown, after}
	if v, ok := statements.Load(key); ok {
		return v.(string)
	}
	ctes, counts, hits := []string{access.OnceCTE()}, []string{}, []string{}
	for i, k := range Kinds {
		d, name := kinds[k], string(k)
		pos := strconv.Itoa(i)
		if d.walk {
			ctes = append(ctes, d.walkCTEs(name, "", CountCap+1)...)
		}
		if k.scored() {
			// Every match with its score, computed once per row.
			ctes = append(ctes, name+`_scored AS MATERIALIZED (SELECT `+d.id+` AS id, `+d.score+` AS score, `+d.name+` AS sort_name `+d.from+`)`)
		}
		// A kind shown without a keyset counts what its page reads from the text index (<name>_all).
		all := !k.scored() && (shown == "" || shown == k && !after)
		counts = append(counts, `SELECT '`+name+`' AS kind, `+countSQL(k, all)+` AS n, ''::text AS tree`)
		if shown != "" && shown != k {
			continue
		}
		limit := PreviewSize
		if shown == k {
			limit = PageSize
		}
		c, h := hitsSQL(k, after && shown == k, limit+1)
		ctes = append(ctes, c...)
		hits = append(hits, `SELECT '`+name+`' AS kind, -1 AS n, h.id, h.title, h.url, h.context, h.at, h.snippet_text, h.snippet_html, h.tags, h.score, `+pos+` AS kind_pos, h.ord FROM (`+h+`) h`)
	}
	var b strings.Builder
	b.WriteString(`WITH ` + strings.Join(ctes, ",\n") + `
		SELECT kind, n, 0::bigint AS id, ''::text AS title, ''::text AS url, ''::text AS context, NULL::timestamptz AS at,
			tree AS snippet_text, ''::text AS snippet_html, '{}'::text[] AS tags, 0 AS score, -1 AS kind_pos, 0::bigint AS ord
		FROM (` + strings.Join(counts, "\n UNION ALL ") + `
			UNION ALL SELECT '` + treeRow + `', -1, ` + highlight.TreeSQL + `) c`)
	for _, h := range hits {
		b.WriteString("\n UNION ALL " + h)
	}
	b.WriteString("\n ORDER BY kind_pos, ord")
	sql := b.String()
	statements.Store(key, sql)
	return sql
}

// walkCTEs are the common table expressions of a walk of kind d after keyset (a condition on
// the table's rows, or ""): <name>_sample says whether the word is dense among the newest
// sampleRows rows, <name>_walk holds the newest need matches the viewer may see among the
// newest walkRows rows (read only when dense). The inner queries keep each walk on the ordering
// index: the match is applied to the rows they return.
func (d kind) walkCTEs(name, keyset string, need int) []string {
	a := d.alias()
	newest := func(n int) string {
		return `(SELECT ` + d.cols + ` FROM ` + d.table + ` WHERE ` + d.base + keyset + ` ORDER BY ` + d.at + ` DESC, ` + d.id + ` DESC LIMIT ` + strconv.Itoa(n) + `) ` + a
	}
	return []string{
		name + `_sample AS MATERIALIZED (SELECT count(*) >= ` + strconv.Itoa(sampleHits) + ` AS dense FROM ` + newest(sampleRows) + ` WHERE ` + d.match + `)`,
		name + `_walk AS MATERIALIZED (SELECT ` + d.id + ` AS id, ` + d.at + ` AS at FROM ` + newest(walkRows) + d.joins + ` WHERE ` + d.match + ` AND ` + d.rule +
			` ORDER BY ` + d.at + ` DESC, ` + d.id + ` DESC LIMIT ` + strconv.Itoa(need) + `)`,
	}
}

// walked is the condition that the walk of name holds at least n matches: the word is dense
// and the walk found them (the walk is read only when the word is dense).
func walked(name string, n int) string {
	return `CASE WHEN (SELECT dense FROM ` + name + `_sample) THEN (SELECT count(*) FROM ` + name + `_walk) >= ` + strconv.Itoa(n) + ` ELSE false END`
}

// countSQL counts the matches of k the viewer may see, up to CountCap+1: a common word by its
// newest rows, a rare one from the text index, or from k's every match (<k>_all, hitsSQL) when
// all: the page's reads are then not written, planned and started twice.
func countSQL(k Kind, all bool) string {
	d, cap := kinds[k], strconv.Itoa(CountCap+1)
	from := d.matches()
	switch {
	case k.scored():
		from = `FROM ` + string(k) + `_scored`
	case all:
		from = `FROM ` + string(k) + `_all`
	}
	indexed := `(SELECT count(*) FROM (SELECT 1 ` + from + ` LIMIT ` + cap + `) m)::int`
	if !d.walk {
		return indexed
	}
	return `CASE WHEN ` + walked(string(k), CountCap+1) + ` THEN ` + cap + ` ELSE ` + indexed + ` END`
}

// hitsSQL selects limit hits of k (with an ord column, their order), after @after_* when after,
// with the common table expressions it needs. Only the page's hits get their columns (the
// snippets' text among them, cut in Go).
func hitsSQL(k Kind, after bool, limit int) (ctes []string, sql string) {
	d, name, lim := kinds[k], string(k), strconv.Itoa(limit)
	if k.scored() {
		// The matches with their scores (<name>_scored, shared with the count), the page chosen
		// by the score.
		page := `SELECT id, score, sort_name FROM ` + name + `_scored m`
		if after {
			page += ` WHERE (m.score < @after_score OR (m.score = @after_score AND (m.sort_name COLLATE nb, m.id) > (@after_name::text COLLATE nb, @after_id::bigint)))`
		}
		page += ` ORDER BY m.score DESC, m.sort_name COLLATE nb, m.id LIMIT ` + lim
		ctes = append(ctes, name+`_page AS MATERIALIZED (`+page+`)`)
		return ctes, `SELECT page.id, x.title, x.url, x.context, NULL::timestamptz AS at, x.snippet_text, x.snippet_html, x.tags, page.score,
			row_number() OVER (ORDER BY page.score DESC, page.sort_name COLLATE nb, page.id) AS ord
			FROM ` + name + `_page page CROSS JOIN LATERAL (SELECT ` + d.columns + ` ` + d.byID + `) x`
	}
	keyset := ""
	if after {
		keyset = ` AND (` + d.at + `, ` + d.id + `) < (@after_at::timestamptz, @after_id::bigint)`
	}
	order := ` ORDER BY at DESC, id DESC LIMIT ` + lim
	// Every match through the text index, sorted: for a rare word (or a small kind).
	ctes = append(ctes, name+`_all AS MATERIALIZED (SELECT `+d.id+` AS id, `+d.at+` AS at `+d.matches()+keyset+`)`)
	page := `SELECT id, at FROM ` + name + `_all` + order
	if d.walk {
		// A common word has the page among the newest rows (from the keyset); the index is read
		// only when they hold too few.
		walk := name
		if after {
			walk = name + `_after`
			ctes = append(ctes, d.walkCTEs(walk, keyset, limit)...)
		}
		page = `(SELECT id, at FROM ` + walk + `_walk WHERE ` + walked(walk, limit) + order + `)
			UNION ALL (SELECT id, at FROM ` + name + `_all WHERE NOT (` + walked(walk, limit) + `)` + order + `)`
	}
	ctes = append(ctes, name+`_page AS MATERIALIZED (`+page+`)`)
	return ctes, `SELECT page.id, x.title, x.url, x.context, page.at, x.snippet_text, x.snippet_html, x.tags, 0 AS score,
		row_number() OVER (ORDER BY page.at DESC, page.id DESC) AS ord
		FROM ` + name + `_page page CROSS JOIN LATERAL (SELECT ` + d.columns + ` FROM ` + d.table + d.joins + ` WHERE ` + d.id + ` = page.id) x`
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
