// Package guests is what owner representatives and partner people — people from outside the
// member companies — see: their front page of what is opened to their kind, the owners' key
// figures of the companies they own, and the owners' monthly newsletter. Every query takes its
// viewer through the one access rule (internal/access), which shows them nothing else.
package guests

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// Store reads what is opened to owners and partners.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// rule is the one access rule with the viewer as @uid and @admin.
var rule = access.Named()

// Event is a coming event opened to the viewer, with their registration.
type Event struct {
	ID        int64
	Title     string
	StartsAt  time.Time
	EndsAt    time.Time
	Place     string
	Status    string // the event's: published or cancelled
	MyStatus  string // confirmed, waitlisted or "" (not registered)
	SeatsLeft *int   // nil: no limit
}

// News is a news item opened to the viewer.
type News struct {
	ID          int64
	Title       string
	Ingress     string
	PublishedAt time.Time
}

// Document is a document in the kunnskapsbank shared with the viewer.
type Document struct {
	ID        int64
	Title     string
	Kind      string
	UpdatedAt time.Time
}

// Forum is a forum opened to the viewer, with its newest thread.
type Forum struct {
	Slug, Name, Description string
	Threads                 int
	NewestID                *int64
	NewestTitle             *string
	NewestAt                *time.Time
}

// Activity is an activity of the årshjul opened to owners.
type Activity struct {
	ID             int64
	Title          string
	StartsOn       time.Time
	EndsOn         time.Time
	Status         string
	FocusAreaName  string
	FocusAreaColor string
}

// Project is a FoU or development project the viewer's partner organisation takes part in.
type Project struct {
	ID       int64
	Title    string
	Status   string
	StartsOn *time.Time
	EndsOn   *time.Time
}

// Front is the front page of an owner representative or a partner person.
type Front struct {
	Events     []Event
	News       []News
	Documents  []Document
	Forums     []Forum
	Activities []Activity // the årshjul's activities opened to them (owners' meetings), from a month ago on
	Projects   []Project  // partners: their organisation's projects
	// Owners: the latest key figures of the companies their municipality owns (OwnedFigures).
	Figures []CompanyFigures
}

// Front reads everything opened to u in one round trip, with an owner's figures. A member or a user of another kind
// gets empty lists: the rule opens nothing to them here.
func (s *Store) Front(ctx context.Context, u *auth.User) (Front, error) {
	var f Front
	var b pgx.Batch
	QueueFront(&b, u, &f)
	return f, s.pool.SendBatch(ctx, &b).Close()
}

// QueueFront adds Front's reads to b; after the batch the front page is in *f.
func QueueFront(b *pgx.Batch, u *auth.User, f *Front) {
	args := database.Named{"uid": u.ID, "admin": false}
	queue(b, `SELECT e.id, e.title, e.starts_at, e.ends_at, e.place, e.status, coalesce(mr.status, ''),
			CASE WHEN e.capacity IS NULL THEN NULL ELSE greatest(e.capacity - coalesce(ec.confirmed, 0), 0) END
		FROM events e LEFT JOIN event_counts ec ON ec.event_id = e.id LEFT JOIN registrations mr ON mr.event_id = e.id AND mr.user_id = @uid AND mr.status <> 'cancelled'
		WHERE e.open_to <> '{}' AND e.ends_at > now() AND `+rule.Event("e")+`
		ORDER BY e.starts_at, e.id LIMIT 20`, args, &f.Events, func(r pgx.Row, e *Event) error {
		return r.Scan(&e.ID, &e.Title, &e.StartsAt, &e.EndsAt, &e.Place, &e.Status, &e.MyStatus, &e.SeatsLeft)
	})
	queue(b, `SELECT n.id, n.title, n.ingress, n.published_at FROM news n
		WHERE n.open_to <> '{}' AND `+rule.Opened("n.open_to", "NULL")+`
		ORDER BY n.published_at DESC, n.id DESC LIMIT 10`, args, &f.News, func(r pgx.Row, n *News) error {
		return r.Scan(&n.ID, &n.Title, &n.Ingress, &n.PublishedAt)
	})
	queue(b, `SELECT d.id, d.title, d.kind, d.updated_at FROM documents d
		WHERE d.open_to <> '{}' AND d.deleted_at IS NULL AND `+rule.Document("d")+`
		ORDER BY d.updated_at DESC, d.id DESC LIMIT 20`, args, &f.Documents, func(r pgx.Row, d *Document) error {
		return r.Scan(&d.ID, &d.Title, &d.Kind, &d.UpdatedAt)
	})
	queue(b, `SELECT f.slug, f.name, f.description, f.thread_count, nt.id, nt.title, nt.last_post_at FROM forums f
		LEFT JOIN LATERAL (SELECT t.id, t.title, t.last_post_at FROM forum_threads t WHERE t.forum_id = f.id
			ORDER BY t.last_post_at DESC, t.id DESC LIMIT 1) nt ON true
		WHERE f.open_to <> '{}' AND `+rule.Forum("f")+` ORDER BY f.position, f.name COLLATE nb LIMIT 10`, args, &f.Forums,
		func(r pgx.Row, x *Forum) error {
			return r.Scan(&x.Slug, &x.Name, &x.Description, &x.Threads, &x.NewestID, &x.NewestTitle, &x.NewestAt)
		})
	{
		queue(b, `SELECT a.id, a.title, a.starts_on, a.ends_on, a.status, fa.name, fa.colour FROM activities a
			JOIN focus_areas fa ON fa.id = a.focus_area_id
			WHERE a.open_to <> '{}' AND a.ends_on >= current_date - 31 AND `+rule.Opened("a.open_to", "NULL")+`
			ORDER BY a.starts_on, a.id LIMIT 20`, args, &f.Activities, func(r pgx.Row, a *Activity) error {
			return r.Scan(&a.ID, &a.Title, &a.StartsOn, &a.EndsOn, &a.Status, &a.FocusAreaName, &a.FocusAreaColor)
		})
	}
	queue(b, `SELECT p.id, p.title, p.status, p.starts_on, p.ends_on FROM projects p WHERE `+ownProject+`
		ORDER BY p.status = 'avsluttet', p.starts_on DESC NULLS LAST, p.id DESC LIMIT 50`, args, &f.Projects,
		func(r pgx.Row, p *Project) error { return r.Scan(&p.ID, &p.Title, &p.Status, &p.StartsOn, &p.EndsOn) })
	if u.IsOwner() {
		queueOwnedFigures(b, u.Municipality, &f.Figures)
	}
}

// ownProject is true when the viewer @uid is an active partner person of one of project p's
// partner organisations.
const ownProject = `EXISTS (SELECT 1 FROM users pu JOIN project_partners pp ON pp.organisation_id = pu.partner_id
	WHERE pu.id = @uid AND pu.active AND pu.kind = '` + access.KindPartner + `' AND pp.project_id = p.id)`

// queue adds a list query to b whose rows scan into *list.
func queue[T any](b *pgx.Batch, sql string, args database.Named, list *[]T, scan func(pgx.Row, *T) error) {
	b.Queue(sql, args).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var x T
			if err := scan(rows, &x); err != nil {
				return err
			}
			*list = append(*list, x)
		}
		return rows.Err()
	})
}
