package events

import (
	"context"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
)

// PageReads is what the event page reads of one event, queued on the page's batch by
// QueuePage; after the batch, Finish gives the event and its details.
type PageReads struct {
	event     []Event
	Attendees []Attendee
	details   detailRows
}

// detailRows are the rows of Details as the batch returns them.
type detailRows struct {
	questions []Question
	mine      []answerRow
	legacy    []legacyRow
	given     []givenRow
	sees      []givenRow
	sessions  []Session
}

// QueuePage adds to b the reads of the page of event id for viewer v: the event itself (when
// withEvent; it is read only if v may see it), its live registrations (when withAttendees)
// and its details. The caller shows nothing of them unless v may see the event (Finish says).
func QueuePage(b *pgx.Batch, v Viewer, id int64, withEvent, withAttendees bool, p *PageReads) {
	if withEvent {
		database.Collect(b, &p.event, `SELECT `+eventColumns+` WHERE e.id = $3 AND `+visible, v.ID, v.Admin, id)
	}
	if withAttendees {
		database.Collect(b, &p.Attendees, attendeesSQL, id)
	}
	queueDetails(b, v, id, &p.details)
}

// Finish returns the event read by QueuePage (ErrNotFound when v may not see it; the zero
// Event when it was not asked for) and its details.
func (p *PageReads) Finish() (Event, Details, error) {
	d, err := p.details.finish()
	if err != nil {
		return Event{}, d, err
	}
	if p.event == nil {
		return Event{}, d, nil
	}
	if len(p.event) != 1 {
		return Event{}, Details{}, ErrNotFound
	}
	return p.event[0], d, nil
}

// Mine is the viewer's live registration at an event, for a list shown to every viewer alike.
type Mine struct {
	EventID  int64  `db:"event_id"`
	Status   string `db:"status"`
	Position *int   `db:"position"` // the place on the waitlist
}

const mineColumns = `r.event_id, r.status, CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*) FROM registrations w
		WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.id <= r.id)::int END AS position`

// QueueMineComing adds to b the read of user's live registrations at events that have not
// ended (the coming events' list); after the batch they are in *dst.
func QueueMineComing(b *pgx.Batch, user int64, dst *[]Mine) {
	database.Collect(b, dst, mineComingSQL, user)
}

// mineComingSQL is QueueMineComing's statement: each registration's event is looked up by its
// key. Joined, the plan hashed every coming event for the few the user is registered at.
const mineComingSQL = `SELECT ` + mineColumns + ` FROM registrations r
	WHERE r.user_id = $1 AND r.status <> 'cancelled' AND (SELECT e.ends_at FROM events e WHERE e.id = r.event_id) > now()`

// MineAt returns user's live registrations at the events ids.
func (s *Store) MineAt(ctx context.Context, user int64, ids []int64) ([]Mine, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+mineColumns+` FROM registrations r
		WHERE r.user_id = $1 AND r.status <> 'cancelled' AND r.event_id = ANY ($2)`, user, ids)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Mine])
}

// Apply sets e's status of the viewer from mine (none when mine has no registration at e).
func Apply(e *Event, mine map[int64]Mine) {
	e.MyStatus, e.MyPosition = nil, nil
	if m, ok := mine[e.ID]; ok {
		e.MyStatus, e.MyPosition = &m.Status, m.Position
	}
}
