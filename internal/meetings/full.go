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
	args := viewerArgs(u)
	args["meeting"] = id
	var f Full
	var found []Meeting
	var b pgx.Batch
	database.Collect(&b, &found, `SELECT `+meetingColumns+` WHERE m.id = @meeting AND `+groupVisible(`m.group_id`), args)
	database.Collect(&b, &f.Attendees, `SELECT `+attendeeColumns+` WHERE m.id = @meeting AND `+groupVisible(`m.group_id`)+attendeeOrder, args)
	queueAgenda(&b, args, &f.Cases, &f.Papers, &f.Actions)
	database.Collect(&b, &f.Approvals, `SELECT `+approvalColumns+` JOIN meetings m ON m.id = a.meeting_id
		WHERE a.meeting_id = @meeting AND `+groupVisible(`m.group_id`)+approvalOrder, args)
	if err := database.Send(ctx, s.pool, &b); err != nil {
		return Full{}, err
	}
	if len(found) == 0 {
		return Full{}, ErrNotFound
	}
	f.Meeting = found[0]
	return f, nil
}
