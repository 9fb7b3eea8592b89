package forum

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/documents"
)

// A mention chosen in the composer's list is written @[Full Name](id): the id says which of
// two people with the same name is meant. A mention typed by hand, @Full Name, counts only
// when exactly one person who may see the forum has that name.

// mentionToken is a chosen mention: @[name](id).
var mentionToken = regexp.MustCompile(`@\[([^\[\]\n]{1,120})\]\(([0-9]{1,12})\)`)

// maxMentions bounds how many people one post can mention.
const maxMentions = 20

// Person is someone who may be mentioned.
type Person struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Company string `json:"company"`
}

// mayRead is true when the user u may see forum f (the forum's access rule, for someone else
// than the viewer): open forums for every active member, a group's forum for its members and
// cluster admins.
var mayRead = `(u.password_hash IS NOT NULL AND ` + access.Row("u", true).Forum("f") + `)`

// Mentionable lists up to limit people whose name starts with (or has a word starting with) q
// and who may see forum forumID, which the viewer u must see (ErrNotFound otherwise).
func (s *Store) Mentionable(ctx context.Context, u *auth.User, forumID int64, q string, limit int) ([]Person, error) {
	limit = max(1, min(limit, 20))
	q = strings.ToLower(strings.TrimSpace(q))
	rows, _ := s.pool.Query(ctx, `SELECT u.id, u.name, coalesce(c.name, '') FROM forums f
		JOIN users u ON `+mayRead+` LEFT JOIN companies c ON c.id = u.company_id
		WHERE f.id = @forum AND `+visible+` AND u.id <> @uid
		  AND (lower(u.name) LIKE @prefix OR lower(u.name) LIKE @word)
		ORDER BY u.name COLLATE nb, u.id LIMIT @limit`,
		with(viewerArgs(u), "forum", forumID, "prefix", likePrefix(q), "word", "% "+likePrefix(q), "limit", limit))
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Person, error) {
		var p Person
		return p, row.Scan(&p.ID, &p.Name, &p.Company)
	})
	return list, err
}

func likePrefix(q string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
}

// mentioned finds who body mentions among those who may see forum forumID: the chosen ones
// by id, and the typed full names that belong to exactly one such person.
func mentioned(ctx context.Context, q documents.Querier, forumID int64, body string) (map[int64]string, error) {
	text := mentionText(body)
	var ids []int64
	for _, m := range mentionToken.FindAllStringSubmatch(text, -1) {
		if id, err := strconv.ParseInt(m[2], 10, 64); err == nil && len(ids) < maxMentions {
			ids = append(ids, id)
		}
	}
	plain := mentionToken.ReplaceAllString(text, "")
	if !strings.Contains(plain, "@") {
		plain = ""
	}
	if len(ids) == 0 && plain == "" {
		return nil, nil
	}
	rows, _ := q.Query(ctx, `
		SELECT u.id, u.name FROM forums f JOIN users u ON `+mayRead+`
		WHERE f.id = @forum AND u.id = ANY(@ids::bigint[])
		UNION
		SELECT min(u.id), min(u.name) FROM forums f JOIN users u ON `+mayRead+`
		WHERE f.id = @forum AND @plain <> '' AND strpos(lower(@plain), '@' || lower(u.name)) > 0
		GROUP BY lower(u.name) HAVING count(*) = 1
		LIMIT `+strconv.Itoa(maxMentions), database.Named{"forum": forumID, "ids": ids, "plain": plain})
	out := map[int64]string{}
	var id int64
	var name string
	_, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error {
		out[id] = name
		return nil
	})
	return out, err
}

// linkMentions rewrites the chosen mentions of body as links to the people, among people;
// a mention of anyone else stays as plain text, without the id.
func linkMentions(body string, people map[int64]string) string {
	if len(people) == 0 && !strings.Contains(body, "@[") {
		return body
	}
	// Typed full names, outside the chosen mentions, become links too.
	var b strings.Builder
	last := 0
	for _, loc := range mentionToken.FindAllStringIndex(body, -1) {
		b.WriteString(linkTyped(body[last:loc[0]], people))
		b.WriteString(body[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(linkTyped(body[last:], people))
	body = b.String()
	return mentionToken.ReplaceAllStringFunc(body, func(tok string) string {
		m := mentionToken.FindStringSubmatch(tok)
		id, _ := strconv.ParseInt(m[2], 10, 64)
		if name, ok := people[id]; ok {
			return "[@" + escapeLinkText(name) + "](/personer/" + m[2] + ")"
		}
		return "@" + escapeLinkText(m[1])
	})
}

// linkTyped links each "@Full Name" in s of the people.
func linkTyped(s string, people map[int64]string) string {
	for id, name := range people {
		if strings.Contains(s, "@"+name) {
			s = strings.ReplaceAll(s, "@"+name, "[@"+escapeLinkText(name)+"](/personer/"+strconv.FormatInt(id, 10)+")")
		}
	}
	return s
}

// plainMentions writes the chosen mentions of body as @Name, for text outside the page (mails).
func plainMentions(body string) string { return mentionToken.ReplaceAllString(body, "@$1") }

func escapeLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `*`, `\*`, `_`, `\_`, "`", "\\`", `<`, `\<`).Replace(s)
}
