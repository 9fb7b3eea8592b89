package meetings

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// MyAnswers are a user's answers to the invitations of the newest meetings they answered:
// every meeting that starts after From (every meeting when Complete) is either in
// ByMeeting or not answered. (Meetings that start at From itself may have more answers than
// were read: they are not covered.)
type MyAnswers struct {
	ByMeeting map[int64]string
	From      time.Time
	Complete  bool
}

// Covers reports whether a holds the answer, or its absence, to a meeting that starts at. The
// zero MyAnswers (not read) covers none.
func (a MyAnswers) Covers(startsAt time.Time) bool {
	return a.Complete || (a.ByMeeting != nil && startsAt.After(a.From))
}

// myAnswersRead bounds the answers read by QueueMyAnswers (a director answers about a dozen a year).
const myAnswersRead = 100

// QueueMyAnswers adds to b the read of user uid's answers to the newest meetings they answered;
// after the batch they are in *dst.
func QueueMyAnswers(b *pgx.Batch, uid int64, dst *MyAnswers) {
	b.Queue(`SELECT a.meeting_id, a.answer, m.starts_at FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
		WHERE a.user_id = $1 ORDER BY m.starts_at DESC LIMIT $2`, uid, myAnswersRead).Query(func(rows pgx.Rows) error {
		*dst = MyAnswers{ByMeeting: map[int64]string{}}
		n := 0
		for rows.Next() {
			var id int64
			var answer string
			if err := rows.Scan(&id, &answer, &dst.From); err != nil {
				return err
			}
			dst.ByMeeting[id] = answer
			n++
		}
		dst.Complete = n < myAnswersRead
		return rows.Err()
	})
}

// AnswersAt returns user uid's answers to the meetings ids.
func (s *Store) AnswersAt(ctx context.Context, uid int64, ids []int64) (map[int64]string, error) {
	rows, _ := s.pool.Query(ctx, `SELECT meeting_id, answer FROM meeting_attendance WHERE user_id = $1 AND meeting_id = ANY ($2)`, uid, ids)
	m := map[int64]string{}
	var id int64
	var answer string
	_, err := pgx.ForEachRow(rows, []any{&id, &answer}, func() error {
		m[id] = answer
		return nil
	})
	return m, err
}
