package meetings

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// FeedLimit bounds the meetings of a calendar feed.
const FeedLimit = 200

// Feed returns the meetings of the groups the owner of the calendar token plain belongs to,
// from 90 days back, for their calendar subscription; ErrNotFound for an unknown or revoked
// token. A cluster admin's feed also holds only their own groups' meetings.
func (s *Store) Feed(ctx context.Context, plain string) ([]Meeting, error) {
	if len(plain) > 100 {
		return nil, ErrNotFound
	}
	var u auth.User
	err := s.pool.QueryRow(ctx, `SELECT u.id FROM calendar_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = $1 AND u.active`, auth.HashToken(plain)).Scan(&u.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	args := viewerArgs(&u) // as a member, not as an admin
	args["limit"] = FeedLimit
	rows, _ := s.pool.Query(ctx, `SELECT `+meetingColumns+` WHERE `+groupVisible(`m.group_id`)+`
		AND m.ends_at > now() - interval '90 days' ORDER BY m.starts_at, m.id LIMIT @limit`, args)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Meeting])
}

// QueueUpcoming adds to batch b the query of the coming meetings of u's own groups (at most
// limit), for the dashboard; after the batch they are in *dst.
func QueueUpcoming(b *pgx.Batch, u *auth.User, limit int, dst *[]Meeting) {
	args := viewerArgs(&auth.User{ID: u.ID}) // one's own groups, also for a cluster admin
	args["limit"] = max(1, min(limit, 10))
	database.Collect(b, dst, `SELECT `+meetingColumns+` WHERE `+groupVisible(`m.group_id`)+` AND m.ends_at > now()
		ORDER BY m.starts_at, m.id LIMIT @limit`, args)
}
