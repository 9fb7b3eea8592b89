package events

import (
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
// withEvent; it is read only if v may see it), its live registrations and its details. The
// caller shows nothing of them unless v may see the event (Finish says).
func QueuePage(b *pgx.Batch, v Viewer, id int64, withEvent bool, p *PageReads) {
	if withEvent {
		database.Collect(b, &p.event, `SELECT `+eventColumns+` WHERE e.id = $3 AND `+visible, v.ID, v.Admin, id)
	}
	database.Collect(b, &p.Attendees, attendeesSQL, id)
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
