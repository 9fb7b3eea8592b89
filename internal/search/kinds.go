package search

import (
	"strconv"
	"strings"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/highlight"
)

// The SQL of each kind. Every statement takes the named arguments
//
//	@q        the search text, for websearch_to_tsquery('norwegian', …) and pg_trgm
//	@contains the text as an ILIKE pattern matching anywhere, @prefix at the start of the
//	          name, @word at the start of a later word of the name
//	@tag      the text in lower case, an expertise tag
//	@uid      the viewer's id, @admin whether the viewer administers the cluster (for access)
//
// and the kind's from-clause carries its access rule, so the counts obey it as the hits do.

// postsPerPage is the forum's page of posts: a hit links to the page that holds the post.
var postsPerPage = strconv.Itoa(forum.PageSize)

// tsq is the search text as a Norwegian full-text query (stemmed; "og", "i" and such dropped),
// made once per statement: in a generic plan the function itself would be called, and the text
// parsed and stemmed, for every row it is matched against (10 µs a row).
const tsq = `(SELECT websearch_to_tsquery('norwegian', @q))`

// listed are the directory's people (active, invitation accepted), as the people indexes are.
const listed = `active AND password_hash IS NOT NULL`

// viewer is the access rule (internal/access) with the viewer passed as @uid and @admin, its
// facts read once (access.OnceCTE, the first of the statement's WITH): every kind's from-clause
// applies it, so a hit or a count never shows what the viewer may not see.
var viewer = access.Once()

// kind is the SQL of one kind. A scored kind (people, companies) has its rows in from, with the
// access rule; a dated kind has its parts apart, so that the search can walk its newest rows or
// look its matches up in the text index (see store.go): the table with its alias, the joins the
// access rule needs, the table's own conditions, the text match and the access rule.
type kind struct {
	from  string // scored kinds: FROM … WHERE <match and access rule>
	table string // dated kinds: the table and its alias
	joins string // dated kinds: the joins of the access rule and the columns
	base  string // dated kinds: conditions on the table's own rows (as its ordering index has them)
	match string // dated kinds: the text match
	rule  string // dated kinds: the access rule
	walk  bool   // dated kinds with many rows: the newest are walked by an index on (at, id)
	cols  string // walked kinds: the columns a walk reads (at, id, match and rule), so that an index can cover them
	at    string // dated kinds: the timestamp they are ordered by
	id    string
	score string // scored kinds: 0–100, how well the name matches
	name  string // scored kinds: the name they are ordered by after the score
	byID  string // scored kinds: FROM … WHERE the row is page.id (the access rule was applied by from)
	// title, url, context, snippet_text and snippet_html (the snippet's source), tags
	columns string
}

// matches is the from-clause of every match of a dated kind the viewer may see.
func (d kind) matches() string {
	return `FROM ` + d.table + d.joins + ` WHERE ` + d.match + ` AND ` + d.base + ` AND ` + d.rule
}

// alias is the table's alias in the kind's SQL.
func (d kind) alias() string { return d.table[strings.LastIndex(d.table, " ")+1:] }

// nameScore is how well a name column matches: its start or a word's start 100, anywhere in it
// 90, a near miss by trigrams up to 80, and 10 when only the other text matched.
func nameScore(col string) string {
	return `(CASE WHEN ` + col + ` ILIKE @prefix OR ` + col + ` ILIKE @word THEN 100
		WHEN ` + col + ` ILIKE @contains THEN 90
		WHEN @q <% ` + col + ` THEN (word_similarity(@q, ` + col + `) * 80)::int
		ELSE 10 END)`
}

var kinds = map[Kind]kind{
	People: {
		// One index per way of matching, each its own branch: as one OR the planner walked
		// everyone. The branches give the name the score needs: joined back to users, the
		// planner hashed all 5 000 people for 300 near misses of "Karri".
		from: `FROM (
				SELECT id, name FROM users WHERE name ILIKE @contains AND ` + listed + `
				UNION SELECT id, name FROM users WHERE @q <% name AND ` + listed + `
				UNION SELECT id, name FROM users WHERE search @@ ` + tsq + ` AND ` + listed + `
				UNION SELECT id, name FROM users WHERE expertise @> ARRAY[@tag::text] AND ` + listed + `) u
			WHERE ` + viewer.Member(),
		id: `u.id`, score: nameScore(`u.name`), name: `u.name`,
		byID: `FROM users u JOIN companies c ON c.id = u.company_id WHERE u.id = page.id`,
		columns: `u.name AS title, '/personer/' || u.id AS url,
			concat_ws(' · ', nullif(u.title, ''), coalesce(nullif(c.short_name, ''), c.name)) AS context,
			CASE WHEN u.about <> '' AND u.search @@ ` + tsq + ` THEN ` + highlight.SourceSQL(`u.about`) + ` ELSE '' END AS snippet_text, '' AS snippet_html,
			u.expertise AS tags`,
	},
	Companies: {
		// One index per way of matching (migration 00380), as for people.
		from: `FROM (
				SELECT id, name FROM companies WHERE name ILIKE @contains
				UNION SELECT id, name FROM companies WHERE short_name ILIKE @contains
				UNION SELECT id, name FROM companies WHERE @q <% name
				UNION SELECT id, name FROM companies WHERE search @@ ` + tsq + `) c
			WHERE ` + viewer.Member(),
		id: `c.id`, score: nameScore(`c.name`), name: `c.name`, byID: `FROM companies c WHERE c.id = page.id`,
		columns: `c.name AS title, '/medlemmer/' || c.slug AS url,
			array_to_string(c.municipalities, ', ') AS context,
			` + highlight.SourceSQL(`c.description`) + ` AS snippet_text, '' AS snippet_html, '{}'::text[] AS tags`,
	},
	Threads: {
		table: `forum_threads t`, joins: ` JOIN forums f ON f.id = t.forum_id`, base: `true`,
		match: `t.search @@ ` + tsq, rule: viewer.Forum("f"), walk: true,
		cols: `t.id, t.created_at, t.forum_id, t.search`, at: `t.created_at`, id: `t.id`, // forum_threads_walk_idx covers the walk
		columns: `t.title, '/forum/' || f.slug || '/' || t.id AS url, f.name AS context,
			'' AS snippet_text, coalesce((SELECT ` + highlight.SourceSQL(`fp.body_html`) + ` FROM forum_posts fp
				WHERE fp.thread_id = t.id AND fp.seq = 1 AND fp.deleted_at IS NULL AND fp.hidden_at IS NULL), '') AS snippet_html,
			'{}'::text[] AS tags`,
	},
	Posts: {
		table: `forum_posts p`, joins: ` JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id`,
		base: `p.deleted_at IS NULL AND p.hidden_at IS NULL`, match: `p.search @@ ` + tsq, rule: viewer.Forum("f"), walk: true,
		cols: `p.id, p.created_at, p.thread_id, p.search`, at: `p.created_at`, id: `p.id`,
		columns: `t.title, '/forum/' || f.slug || '/' || t.id || '?fra=' || ((p.seq - 1) / ` + postsPerPage + ` * ` + postsPerPage + ` + 1) || '#innlegg-' || p.seq AS url,
			concat_ws(' · ', f.name, (SELECT name FROM users WHERE id = p.author_id)) AS context,
			'' AS snippet_text, ` + highlight.SourceSQL(`p.body_html`) + ` AS snippet_html, '{}'::text[] AS tags`,
	},
	Documents: {
		table: `documents d`, base: `d.deleted_at IS NULL`, match: `d.search @@ ` + tsq, rule: viewer.Document("d"),
		at: `d.updated_at`, id: `d.id`,
		columns: `d.title, '/dokumenter/' || d.id AS url, (SELECT name FROM companies WHERE id = d.company_id) AS context,
			'' AS snippet_text, ` + highlight.SourceSQL(`d.description_html`) + ` AS snippet_html, d.tags`,
	},
	Events: {
		table: `events e`, base: `true`, match: `e.search @@ ` + tsq, rule: viewer.Event("e"), walk: true,
		cols: `e.id, e.starts_at, e.search, e.status, e.open_to, e.group_id`, at: `e.starts_at`, id: `e.id`,
		columns: `e.title, '/arrangementer/' || e.id AS url,
			concat_ws(' · ', nullif(e.place, ''), CASE WHEN e.status = 'cancelled' THEN 'Avlyst' END) AS context,
			'' AS snippet_text, ` + highlight.SourceSQL(`e.description_html`) + ` AS snippet_html, '{}'::text[] AS tags`,
	},
	News: {
		table: `news n`, base: `true`, match: `n.search @@ ` + tsq, rule: viewer.Member(),
		at: `n.published_at`, id: `n.id`,
		columns: `n.title, '/nyheter/' || n.id AS url, CASE n.kind WHEN 'story' THEN 'Suksesshistorie' ELSE 'Nyhet' END AS context,
			` + highlight.SourceSQL(`n.ingress`) + ` AS snippet_text, ` + highlight.SourceSQL(`n.body_html`) + ` AS snippet_html, '{}'::text[] AS tags`,
	},
	Consultations: {
		table: `consultations h`, base: `true`, match: `h.search @@ ` + tsq, rule: viewer.Member(),
		at: `h.created_at`, id: `h.id`,
		columns: `h.title, '/horinger/' || h.id AS url, h.authority AS context,
			` + highlight.SourceSQL(`h.summary`) + ` AS snippet_text, ` + highlight.SourceSQL(`h.final_html || ' ' || h.draft_html`) + ` AS snippet_html, '{}'::text[] AS tags`,
	},
	Activities: {
		table: `activities a`, base: `true`, match: `a.search @@ ` + tsq, rule: viewer.Member(),
		at: `a.starts_on::timestamptz`, id: `a.id`,
		columns: `a.title, '/arshjul/aktivitet/' || a.id AS url, (SELECT name FROM focus_areas WHERE id = a.focus_area_id) AS context,
			'' AS snippet_text, ` + highlight.SourceSQL(`a.description_html`) + ` AS snippet_html, '{}'::text[] AS tags`,
	},
}
