package plan

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// Viewer is who reads the plan: their id and whether they administer the cluster. Linked
// events and threads, and events on the wheel, are shown only to those who may see them.
type Viewer struct {
	ID    int64
	Admin bool
}

// ViewerOf is the viewer of the signed-in user u.
func ViewerOf(u *auth.User) Viewer {
	if u == nil {
		return Viewer{}
	}
	return Viewer{ID: u.ID, Admin: u.IsClusterAdmin()}
}

// eventVisible is the access rule of events (as in internal/events) for event alias e:
// $1 is the viewer's id, $2 whether they are a cluster admin. Drafts are for cluster admins;
// a group's event is for its members and cluster admins.
var eventVisible = access.Positional().Event("e")

// forumVisible is the access rule of forums (as in internal/forum) for forum alias fo: open
// forums for every member, a group's forum for its members and cluster admins.
var forumVisible = access.Positional().Forum("fo")

// memberOnly: the viewer $1 may see member content at all (the plan is open to every member).
var memberOnly = access.Positional().Member()

// MaxThreadRef is the longest thread reference (an address or an id) the form accepts.
const MaxThreadRef = 300

// threadRef reads a forum thread's id from its id or its address, with or without the
// portal's host ("/forum/innsamling/42", "https://…/forum/innsamling/42?fra=21#innlegg-25").
var threadRef = regexp.MustCompile(`^(?:https?://[^/\s]+)?/forum/[a-z0-9]+(?:-[a-z0-9]+)*/([0-9]{1,18})(?:[?#/][^\s]*)?$`)

// ThreadID returns the id of the thread that ref names, by id or by address.
func ThreadID(ref string) (int64, bool) {
	ref = strings.TrimSpace(ref)
	if m := threadRef.FindStringSubmatch(ref); m != nil {
		ref = m[1]
	}
	id, err := strconv.ParseInt(ref, 10, 64)
	return id, err == nil && id > 0
}

// EventChoice is an event the editor may link an activity to.
type EventChoice struct {
	ID       int64     `db:"id"`
	Title    string    `db:"title"`
	StartsAt time.Time `db:"starts_at"`
}

// MaxEventChoices bounds the event select of the activity form.
const MaxEventChoices = 300

// EventChoices lists the events v may see, the selected one first, then the latest by start,
// at most MaxEventChoices; cancelled events only when selected.
func (s *Store) EventChoices(ctx context.Context, v Viewer, selected int64) ([]EventChoice, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT e.id, e.title, e.starts_at
		FROM events e
		WHERE `+eventVisible+` AND (e.status <> 'cancelled' OR e.id = $3)
		ORDER BY e.id = $3 DESC, e.starts_at DESC, e.id DESC
		LIMIT $4`, v.ID, v.Admin, selected, MaxEventChoices)
	return pgx.CollectRows(rows, pgx.RowToStructByName[EventChoice])
}

// PlanLink is an activity as an event's page lists it.
type PlanLink struct {
	ID       int64     `db:"id"`
	Title    string    `db:"title"`
	StartsOn time.Time `db:"starts_on"`
	EndsOn   time.Time `db:"ends_on"`
	Status   Status    `db:"status"`
}

// MaxLinkedActivities bounds the activities an event's page lists.
const MaxLinkedActivities = 20

// LinkedToEvent lists the activities that link to event id, by start date, at most
// MaxLinkedActivities. The caller has checked that the viewer may see the event.
func (s *Store) LinkedToEvent(ctx context.Context, eventID int64) ([]PlanLink, error) {
	rows, _ := s.pool.Query(ctx, linkedToEventSQL, eventID, MaxLinkedActivities)
	return pgx.CollectRows(rows, pgx.RowToStructByName[PlanLink])
}

// QueueLinkedToEvent adds the read of LinkedToEvent to b; after the batch the list is in *dst.
func QueueLinkedToEvent(b *pgx.Batch, eventID int64, dst *[]PlanLink) {
	database.Collect(b, dst, linkedToEventSQL, eventID, MaxLinkedActivities)
}

const linkedToEventSQL = `SELECT id, title, starts_on, ends_on, status
	FROM activities WHERE event_id = $1 ORDER BY starts_on, id LIMIT $2`

// MaxProjectActivities bounds the activities a project's page lists.
const MaxProjectActivities = 50

// LinkedToProject lists the activities of project id, by start date, at most
// MaxProjectActivities. The caller has checked that the viewer may see the project.
func (s *Store) LinkedToProject(ctx context.Context, projectID int64) ([]PlanLink, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT id, title, starts_on, ends_on, status
		FROM activities WHERE project_id = $1 ORDER BY starts_on, id LIMIT $2`, projectID, MaxProjectActivities)
	return pgx.CollectRows(rows, pgx.RowToStructByName[PlanLink])
}
