package meetings

import (
	"context"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// Full is a meeting with everything its page shows.
type Full struct {
	Meeting
	Attendees []Attendee
	Cases     []Case
	Papers    []Paper
	Actions   []Action
	Approvals []Approval
}

// Full returns meeting id with its attendees, agenda and approvals if u may see it
// (ErrNotFound otherwise), in one round trip: each read applies the visibility rule itself, so
// none waits for the meeting's, and nothing is read of a meeting hidden from u.
func (s *Store) Full(ctx context.Context, u *auth.User, id int64) (Full, error) {
	var fr FullReads
	var b pgx.Batch
	QueueFull(&b, u, id, &fr)
	if err := database.Send(ctx, s.pool, &b); err != nil {
		return Full{}, err
	}
	return fr.Finish()
}

// FullReads is Full as read in a batch (QueueFull), for the ID it was read for.
type FullReads struct {
	ID    int64
	full  Full
	found []Meeting
}

// QueueFull adds Full's reads of meeting id for u to b; after the batch, fr.Finish gives it.
func QueueFull(b *pgx.Batch, u *auth.User, id int64, fr *FullReads) {
	args := viewerArgs(u)
	args["meeting"] = id
	fr.ID = id
	f := &fr.full
	database.Collect(b, &fr.found, `SELECT `+meetingColumns+` WHERE m.id = @meeting AND `+groupVisible(`m.group_id`), args)
	database.Collect(b, &f.Attendees, `SELECT `+attendeeColumns+` WHERE m.id = @meeting AND `+groupVisible(`m.group_id`)+attendeeOrder, args)
	queueAgenda(b, args, &f.Cases, &f.Papers, &f.Actions)
	database.Collect(b, &f.Approvals, `SELECT `+approvalColumns+` JOIN meetings m ON m.id = a.meeting_id
		WHERE a.meeting_id = @meeting AND `+groupVisible(`m.group_id`)+approvalOrder, args)
}

// Finish returns the meeting read, or ErrNotFound when u may not see it.
func (fr *FullReads) Finish() (Full, error) {
	if len(fr.found) == 0 {
		return Full{}, ErrNotFound
	}
	f := fr.full
	f.Meeting = fr.found[0]
	return f, nil
}
