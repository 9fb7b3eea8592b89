package documents

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/markdown"
)

// Store reads and writes the area's tables; Markdown is rendered to safe HTML once, at save.
type Store struct {
	pool *pgxpool.Pool
	md   *markdown.Renderer
}

// NewStore returns a store on pool that renders Markdown with md.
func NewStore(pool *pgxpool.Pool, md *markdown.Renderer) *Store { return &Store{pool: pool, md: md} }

// documentColumns selects a Document; the query binds the viewer as @uid and @admin where visible is used.
const documentColumns = `d.id, d.title, d.description, d.description_html, d.focus_area_id, fa.name AS focus_area_name,
	fa.slug AS focus_area_slug, d.topic_id, tp.name AS topic_name, tp.slug AS topic_slug, d.tags, d.company_id,
	c.slug AS company_slug, coalesce(nullif(c.short_name, ''), c.name) AS company_name, d.group_id, d.open_to, g.slug AS group_slug, g.name AS group_name,
	d.uploaded_by, u.name AS uploader_name, d.kind, d.versions, d.created_at, d.updated_at, d.deleted_at,
	v.filename, v.mime, b.size, ev.id AS event_id, ev.title AS event_title, th.id AS thread_id, th.title AS thread_title,
	fo.slug AS forum_slug, k.id AS consultation_id, k.title AS consultation_title, pr.id AS project_id, pr.title AS project_title`

var documentFrom = ` FROM documents d
	JOIN companies c ON c.id = d.company_id
	JOIN document_versions v ON v.document_id = d.id AND v.number = d.versions
	JOIN document_blobs b ON b.id = v.blob_id
	LEFT JOIN focus_areas fa ON fa.id = d.focus_area_id
	LEFT JOIN topics tp ON tp.id = d.topic_id
	LEFT JOIN groups g ON g.id = d.group_id
	LEFT JOIN users u ON u.id = d.uploaded_by` + linkJoins

// visible is the access rule of every read: a document tied to a group is seen only by the
// group's members and cluster admins.
var visible = access.Named().Document("d")

func viewerArgs(u *auth.User) database.Named {
	return database.Named{"uid": u.ID, "admin": u.IsClusterAdmin()}
}

// Document returns document id if the viewer may see it and it is not deleted.
func (s *Store) Document(ctx context.Context, viewer *auth.User, id int64) (Document, error) {
	args := viewerArgs(viewer)
	args["id"] = id
	rows, _ := s.pool.Query(ctx, `SELECT `+documentColumns+`, '' AS sort_key`+documentFrom+`
		WHERE d.id = @id AND d.deleted_at IS NULL AND `+visible, args)
	d, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Document])
	if errors.Is(err, pgx.ErrNoRows) {
		return d, ErrNotFound
	}
	return d, err
}

// Versions lists the versions of a document the viewer may see, newest first.
func (s *Store) Versions(ctx context.Context, viewer *auth.User, id int64) ([]Version, error) {
	args := viewerArgs(viewer)
	args["id"] = id
	rows, _ := s.pool.Query(ctx, `
		SELECT v.id, v.number, v.filename, v.mime, v.note, b.size, b.sha256, u.name AS uploader_name, v.created_at
		FROM document_versions v
		JOIN documents d ON d.id = v.document_id
		JOIN document_blobs b ON b.id = v.blob_id
		LEFT JOIN users u ON u.id = v.uploaded_by
		WHERE v.document_id = @id AND d.deleted_at IS NULL AND `+visible+`
		ORDER BY v.number DESC`, args)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Version])
}

// Filter narrows and orders the list of documents.
type Filter struct {
	Query     string // words searched for in title, description and tags (norwegian full text)
	FocusArea string // focus area slug
	Topic     string // topic slug
	Tag       string
	Company   string // company slug
	Kind      string
	Year      int
	Source    string // one of Sources: only documents tied to an event, a thread or a consultation
	Event     int64  // only the materials of this event
	Sort      string // one of Sorts; relevance only with a query
	After     *Cursor
	Limit     int
}

// Cursor is the position after the last document of a page.
type Cursor struct {
	Key string
	ID  int64
}

// sortOrder is how one sort orders the list and continues after a cursor.
type sortOrder struct {
	label, key, order, after string
}

// Sorts are the orders the list offers, by their value in the address.
var Sorts = map[string]sortOrder{
	"nyeste":   {"Sist endret", `(extract(epoch FROM d.updated_at) * 1000000)::bigint::text`, `d.updated_at DESC, d.id DESC`, `(d.updated_at, d.id) < ('epoch'::timestamptz + @key::bigint * interval '1 microsecond', @kid)`},
	"eldste":   {"Eldste først", `(extract(epoch FROM d.created_at) * 1000000)::bigint::text`, `d.created_at, d.id`, `(d.created_at, d.id) > ('epoch'::timestamptz + @key::bigint * interval '1 microsecond', @kid)`},
	"tittel":   {"Tittel", `d.title`, `d.title COLLATE nb, d.id`, `(d.title COLLATE nb, d.id) > (@key::text COLLATE nb, @kid)`},
	"relevans": {"Beste treff", `ts_rank(d.search, websearch_to_tsquery('norwegian', @q))::text`, `ts_rank(d.search, websearch_to_tsquery('norwegian', @q)) DESC, d.id DESC`, `(ts_rank(d.search, websearch_to_tsquery('norwegian', @q)), d.id) < (@key::real, @kid)`},
}

// ValidCursor reports whether key can be a position in the list sorted by sort.
func ValidCursor(sort, key string) bool {
	switch sort {
	case "nyeste", "eldste":
		_, err := strconv.ParseInt(key, 10, 64)
		return err == nil
	case "relevans":
		_, err := strconv.ParseFloat(key, 32)
		return err == nil
	}
	return true
}

// SortOrder lists the sorts in the order the form shows them.
var SortOrder = []string{"nyeste", "eldste", "tittel", "relevans"}

// SortLabel is the Norwegian name of sort.
func SortLabel(sort string) string { return Sorts[sort].label }

// List returns a page of the documents the viewer may see that match f, and whether there are more.
func (s *Store) List(ctx context.Context, viewer *auth.User, f Filter) ([]Document, bool, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 25
	}
	so, ok := Sorts[f.Sort]
	if !ok || (f.Sort == "relevans" && strings.TrimSpace(f.Query) == "") {
		so = Sorts["nyeste"]
	}
	args := viewerArgs(viewer)
	for k, v := range map[string]any{"q": f.Query, "fokus": f.FocusArea, "tema": f.Topic, "tag": strings.ToLower(f.Tag),
		"selskap": f.Company, "kind": f.Kind, "year": f.Year, "limit": f.Limit + 1, "event": f.Event} {
		args[k] = v
	}
	where := []string{`d.deleted_at IS NULL`, visible,
		`(@q = '' OR d.search @@ websearch_to_tsquery('norwegian', @q))`,
		`(@fokus = '' OR fa.slug = @fokus)`,
		`(@tema = '' OR tp.slug = @tema)`,
		`(@tag = '' OR d.tags @> ARRAY[@tag::text])`,
		`(@selskap = '' OR c.slug = @selskap)`,
		`(@kind = '' OR d.kind = @kind)`,
		`(@event::bigint = 0 OR (d.event_id = @event AND ev.id IS NOT NULL))`,
		`(@year::int = 0 OR (d.created_at >= make_timestamptz(@year::int, 1, 1, 0, 0, 0, 'Europe/Oslo')
		                 AND d.created_at < make_timestamptz(@year::int + 1, 1, 1, 0, 0, 0, 'Europe/Oslo')))`,
	}
	if src, ok := Sources[f.Source]; ok {
		where = append(where, src.where)
	}
	if f.After != nil {
		args["key"], args["kid"] = f.After.Key, f.After.ID
		where = append(where, so.after)
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+documentColumns+`, `+so.key+` AS sort_key`+documentFrom+`
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY `+so.order+` LIMIT @limit`, args)
	docs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Document])
	if err != nil {
		return nil, false, err
	}
	more := len(docs) > f.Limit
	if more {
		docs = docs[:f.Limit]
	}
	return docs, more, nil
}

// Deleted lists the documents deleted within the restore period, newest first (cluster admins).
func (s *Store) Deleted(ctx context.Context, viewer *auth.User) ([]Document, error) {
	if !viewer.IsClusterAdmin() {
		return nil, ErrForbidden
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+documentColumns+`, '' AS sort_key`+documentFrom+`
		WHERE d.deleted_at > now() - make_interval(days => `+strconv.Itoa(RestoreDays)+`) AND `+visible+`
		ORDER BY d.deleted_at DESC, d.id DESC LIMIT 200`, viewerArgs(viewer))
	return pgx.CollectRows(rows, pgx.RowToStructByName[Document])
}
