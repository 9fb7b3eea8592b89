package search

import (
	"strconv"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/forum"
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

// tsq is the search text as a Norwegian full-text query (stemmed; "og", "i" and such dropped).
const tsq = `websearch_to_tsquery('norwegian', @q)`

// listed are the directory's people (active, invitation accepted), as the people indexes are.
const listed = `active AND password_hash IS NOT NULL`

// headline marks the matched words of the clean text doc.
func headline(doc string) string {
	return `ts_headline('norwegian', ` + doc + `, ` + tsq + `, 'StartSel=` + HighlightStart + `, StopSel=` + HighlightEnd +
		`, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')`
}

// viewer is the access rule (internal/access) with the viewer passed as @uid and @admin: every
// kind's from-clause applies it, so a hit or a count never shows what the viewer may not see.
var viewer = access.Named()

// kind is the SQL of one kind: the rows it searches (with the access rule), the column it is
// ordered by (dated kinds, newest first) or its score (people and companies), and the columns of
// a Hit.
type kind struct {
	from    string // FROM … WHERE <match and access rule>
	at      string // dated kinds: the timestamp they are ordered by
	id      string
	score   string // scored kinds: 0–100, how well the name matches
	name    string // scored kinds: the name they are ordered by after the score
	byID    string // scored kinds: FROM … WHERE the row is page.id (the access rule was applied by from)
	columns string // title, url, context, snippet, tags
}

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
			CASE WHEN u.about <> '' AND u.search @@ ` + tsq + ` THEN ` + headline(`u.about`) + ` ELSE '' END AS snippet,
			u.expertise AS tags`,
	},
	Companies: {
		from: `FROM companies c
			WHERE ` + viewer.Member() + ` AND (c.name ILIKE @contains OR c.short_name ILIKE @contains OR @q <% c.name
			   OR to_tsvector('norwegian', c.name || ' ' || c.description || ' ' || array_to_string(c.municipalities, ' ')) @@ ` + tsq + `)`,
		id: `c.id`, score: nameScore(`c.name`), name: `c.name`, byID: `FROM companies c WHERE c.id = page.id`,
		columns: `c.name AS title, '/medlemmer/' || c.slug AS url,
			array_to_string(c.municipalities, ', ') AS context,
			` + headline(`c.description`) + ` AS snippet, '{}'::text[] AS tags`,
	},
	Threads: {
		from: `FROM forum_threads t JOIN forums f ON f.id = t.forum_id
			WHERE t.search @@ ` + tsq + ` AND ` + viewer.Forum("f"),
		at: `t.created_at`, id: `t.id`,
		columns: `t.title, '/forum/' || f.slug || '/' || t.id AS url, f.name AS context,
			coalesce((SELECT ` + headline(`search_plain(fp.body_html)`) + ` FROM forum_posts fp
				WHERE fp.thread_id = t.id AND fp.seq = 1 AND fp.deleted_at IS NULL AND fp.hidden_at IS NULL), '') AS snippet,
			'{}'::text[] AS tags`,
	},
	Posts: {
		from: `FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id
			WHERE p.search @@ ` + tsq + ` AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND ` + viewer.Forum("f"),
		at: `p.created_at`, id: `p.id`,
		columns: `t.title, '/forum/' || f.slug || '/' || t.id || '?fra=' || ((p.seq - 1) / ` + postsPerPage + ` * ` + postsPerPage + ` + 1) || '#innlegg-' || p.seq AS url,
			concat_ws(' · ', f.name, (SELECT name FROM users WHERE id = p.author_id)) AS context,
			` + headline(`search_plain(p.body_html)`) + ` AS snippet, '{}'::text[] AS tags`,
	},
	Documents: {
		from: `FROM documents d
			WHERE d.search @@ ` + tsq + ` AND d.deleted_at IS NULL AND ` + viewer.Document("d"),
		at: `d.updated_at`, id: `d.id`,
		columns: `d.title, '/dokumenter/' || d.id AS url, (SELECT name FROM companies WHERE id = d.company_id) AS context,
			` + headline(`search_plain(d.description_html)`) + ` AS snippet, d.tags`,
	},
	Events: {
		from: `FROM events e
			WHERE e.search @@ ` + tsq + ` AND ` + viewer.Event("e"),
		at: `e.starts_at`, id: `e.id`,
		columns: `e.title, '/arrangementer/' || e.id AS url,
			concat_ws(' · ', nullif(e.place, ''), CASE WHEN e.status = 'cancelled' THEN 'Avlyst' END) AS context,
			` + headline(`search_plain(e.description_html)`) + ` AS snippet, '{}'::text[] AS tags`,
	},
	News: {
		from: `FROM news n WHERE n.search @@ ` + tsq + ` AND ` + viewer.Member(),
		at:   `n.published_at`, id: `n.id`,
		columns: `n.title, '/nyheter/' || n.id AS url, CASE n.kind WHEN 'story' THEN 'Suksesshistorie' ELSE 'Nyhet' END AS context,
			` + headline(`n.ingress || ' ' || search_plain(n.body_html)`) + ` AS snippet, '{}'::text[] AS tags`,
	},
	Consultations: {
		from: `FROM consultations h WHERE h.search @@ ` + tsq + ` AND ` + viewer.Member(),
		at:   `h.created_at`, id: `h.id`,
		columns: `h.title, '/horinger/' || h.id AS url, h.authority AS context,
			` + headline(`h.summary || ' ' || search_plain(h.final_html) || ' ' || search_plain(h.draft_html)`) + ` AS snippet, '{}'::text[] AS tags`,
	},
	Activities: {
		from: `FROM activities a WHERE a.search @@ ` + tsq + ` AND ` + viewer.Member(),
		at:   `a.starts_on::timestamptz`, id: `a.id`,
		columns: `a.title, '/arshjul/aktivitet/' || a.id AS url, (SELECT name FROM focus_areas WHERE id = a.focus_area_id) AS context,
			` + headline(`search_plain(a.description_html)`) + ` AS snippet, '{}'::text[] AS tags`,
	},
}
