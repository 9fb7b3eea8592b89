package documents

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/validate"
)

// eventVisible is the events area's access rule on ev, for the viewer @uid (@admin: a cluster
// admin): drafts only for cluster admins, a group's event only for its members.
var eventVisible = access.Named().Event("ev")

// forumVisible is the forum area's access rule on the forum fo of a thread.
var forumVisible = access.Named().Forum("fo")

// projectVisible: the project register is for members (internal/partners).
var projectVisible = access.Named().Member()

// linkJoins joins what a document is tied to, each only when the viewer may see it: a link to
// a thing the viewer may not see reads as no link at all.
var linkJoins = `
	LEFT JOIN events ev ON ev.id = d.event_id AND ` + eventVisible + `
	LEFT JOIN (forum_threads th JOIN forums fo ON fo.id = th.forum_id AND ` + forumVisible + `) ON th.id = d.thread_id
	LEFT JOIN consultations k ON k.id = d.consultation_id
	LEFT JOIN projects pr ON pr.id = d.project_id AND ` + projectVisible

// source narrows the list to the documents tied to one kind of thing.
type source struct{ label, where string }

// Sources are the list's "tied to" filters, by their value in the address.
var Sources = map[string]source{
	"arrangement": {"Materiell fra arrangementer", `ev.id IS NOT NULL`},
	"forum":       {"Knyttet til forumtråder", `th.id IS NOT NULL`},
	"horing":      {"Knyttet til høringer", `k.id IS NOT NULL`},
}

// SourceOrder lists the sources in the order the form shows them.
var SourceOrder = []string{"arrangement", "forum", "horing"}

// SourceLabel is the Norwegian name of source.
func SourceLabel(source string) string { return Sources[source].label }

// LinkKind names what documents can be tied to.
type LinkKind string

// The things a document can be tied to.
const (
	ToEvent        LinkKind = "event_id"
	ToThread       LinkKind = "thread_id"
	ToConsultation LinkKind = "consultation_id"
	ToProject      LinkKind = "project_id"
)

// LinkedLimit is how many documents an event, thread or consultation page lists.
const LinkedLimit = 20

// Linked returns the newest documents tied to the event, thread or consultation id that the
// viewer may see (at most LinkedLimit), and whether there are more. The caller has checked that
// the viewer may see the thing itself.
func (s *Store) Linked(ctx context.Context, viewer *auth.User, kind LinkKind, id int64) ([]Document, bool, error) {
	var l LinkedReads
	var b pgx.Batch
	QueueLinked(&b, viewer, kind, id, &l)
	if err := database.Send(ctx, s.pool, &b); err != nil {
		return nil, false, err
	}
	return l.Finish()
}

// LinkedReads is the read of Linked queued on a batch; Finish gives its result.
type LinkedReads struct {
	docs []Document
	bad  bool
}

// QueueLinked adds the read of Linked to b.
func QueueLinked(b *pgx.Batch, viewer *auth.User, kind LinkKind, id int64, l *LinkedReads) {
	switch kind {
	case ToEvent, ToThread, ToConsultation, ToProject:
	default:
		l.bad = true
		return
	}
	args := viewerArgs(viewer)
	args["id"], args["limit"] = id, LinkedLimit+1
	database.Collect(b, &l.docs, `SELECT `+documentColumns+`, '' AS sort_key`+documentFrom+`
		WHERE d.`+string(kind)+` = @id AND d.deleted_at IS NULL AND `+visible+`
		ORDER BY d.updated_at DESC, d.id DESC LIMIT @limit`, args)
}

// Finish returns the documents read and whether there are more.
func (l *LinkedReads) Finish() ([]Document, bool, error) {
	if l.bad {
		return nil, false, ErrNotFound
	}
	docs := l.docs
	more := len(docs) > LinkedLimit
	if more {
		docs = docs[:LinkedLimit]
	}
	return docs, more, nil
}

// Querier is a pool or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// VisibleTitles returns the titles of those of the documents ids that viewer may see, by id;
// other areas use it, inside their own transaction q, to link documents by reference.
func VisibleTitles(ctx context.Context, q Querier, viewer *auth.User, ids []int64) (map[int64]string, error) {
	titles := map[int64]string{}
	if len(ids) == 0 {
		return titles, nil
	}
	args := viewerArgs(viewer)
	args["ids"] = ids
	rows, err := q.Query(ctx, `SELECT d.id, d.title FROM documents d WHERE d.id = ANY(@ids::bigint[]) AND d.deleted_at IS NULL AND `+visible, args)
	if err != nil {
		return nil, err
	}
	var id int64
	var title string
	_, err = pgx.ForEachRow(rows, []any{&id, &title}, func() error {
		titles[id] = title
		return nil
	})
	return titles, err
}

// Choice is an event or consultation the document form offers.
type Choice struct {
	ID    int64     `db:"id"`
	Title string    `db:"title"`
	When  time.Time `db:"at"`
}

// choiceLimit bounds the choices of the form; the current choice is always among them.
const choiceLimit = 100

// EventChoices lists the events viewer may see that materials can be tied to, the latest first,
// with the event current (0: none) among them when visible.
func (s *Store) EventChoices(ctx context.Context, viewer *auth.User, current int64) ([]Choice, error) {
	args := viewerArgs(viewer)
	args["current"], args["limit"] = current, choiceLimit
	rows, _ := s.pool.Query(ctx, `SELECT id, title, at FROM (
		(SELECT ev.id, ev.title, ev.starts_at AS at FROM events ev WHERE `+eventVisible+` ORDER BY ev.starts_at DESC, ev.id DESC LIMIT @limit)
		UNION
		(SELECT ev.id, ev.title, ev.starts_at FROM events ev WHERE ev.id = @current AND `+eventVisible+`)) e
		ORDER BY at DESC, id DESC`, args)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Choice])
}

// ConsultationChoices lists the consultations documents can be tied to, the latest deadline
// first, with current (0: none) among them.
func (s *Store) ConsultationChoices(ctx context.Context, current int64) ([]Choice, error) {
	rows, _ := s.pool.Query(ctx, `SELECT id, title, at FROM (
		(SELECT id, title, input_deadline AS at FROM consultations ORDER BY input_deadline DESC, id DESC LIMIT $2)
		UNION
		(SELECT id, title, input_deadline FROM consultations WHERE id = $1)) k
		ORDER BY at DESC, id DESC`, current, choiceLimit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Choice])
}

// ProjectChoices lists the projects documents can be tied to, the newest first, with current
// (0: none) among them.
func (s *Store) ProjectChoices(ctx context.Context, current int64) ([]Choice, error) {
	rows, _ := s.pool.Query(ctx, `SELECT id, title, at FROM (
		(SELECT id, title, created_at AS at FROM projects ORDER BY created_at DESC, id DESC LIMIT $2)
		UNION
		(SELECT id, title, created_at FROM projects WHERE id = $1)) p
		ORDER BY at DESC, id DESC`, current, choiceLimit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Choice])
}

// threadAddress is the path of a thread: /forum/{forum}/{thread}, perhaps with more after it.
var threadAddress = regexp.MustCompile(`^/forum/[^/]+/([0-9]{1,12})(?:/.*)?$`)

// ThreadID reads a thread's id from what a member pasted: the id itself, or the thread's
// address with or without the host. ok is false when it is neither.
func ThreadID(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		return id, id > 0 && id <= 1<<53
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		return 0, false
	}
	m := threadAddress.FindStringSubmatch(u.Path)
	if m == nil {
		return 0, false
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	return id, err == nil && id > 0
}

// links are the checked ties of a document; nil is no tie.
type links struct {
	event, thread, consultation, project *int64
}

// checkLinks validates the ties in for actor: each must exist and be visible to them. A lookup's
// error goes to found (which keeps it as the check's failure), not to the form.
func checkLinks(ctx context.Context, tx pgx.Tx, actor *auth.User, in Input, errs validate.Errors, found func(error) bool) links {
	var l links
	args := viewerArgs(actor)
	exists := func(field, query string, id int64, message string) *int64 {
		args["id"] = id
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (`+query+`)`, args).Scan(&ok); !found(err) || !ok {
			errs.Add(field, message)
			return nil
		}
		return &id
	}
	if v, ok := optionalID(errs, "event", in.Event); ok && v != 0 {
		l.event = exists("event", `SELECT 1 FROM events ev WHERE ev.id = @id AND `+eventVisible, v, "Velg et av arrangementene i listen.")
	}
	threadMessage := "Lim inn adressen til en forumtråd du har tilgang til, for eksempel /forum/generelt/12, eller trådens nummer."
	if t := errs.Text("thread", in.Thread, 0, 500, false); t != "" {
		if id, ok := ThreadID(t); !ok {
			errs.Add("thread", threadMessage)
		} else {
			l.thread = exists("thread", `SELECT 1 FROM forum_threads th JOIN forums fo ON fo.id = th.forum_id WHERE th.id = @id AND `+forumVisible, id, threadMessage)
		}
	}
	if v, ok := optionalID(errs, "consultation", in.Consultation); ok && v != 0 {
		l.consultation = exists("consultation", `SELECT 1 FROM consultations WHERE id = @id`, v, "Velg en av høringene i listen.")
	}
	if v, ok := optionalID(errs, "project", in.Project); ok && v != 0 {
		l.project = exists("project", `SELECT 1 FROM projects WHERE id = @id AND `+projectVisible, v, "Velg et av prosjektene i listen.")
	}
	return l
}
