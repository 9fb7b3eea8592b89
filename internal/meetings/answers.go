package meetings

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// MyAnswers are a user's answers to the invitations of the meetings they answered, the newest
// meetings (by id) first: every meeting with an id of From or more (every meeting when
// Complete) is either in ByMeeting or not answered.
type MyAnswers struct {
	ByMeeting map[int64]string
	From      int64
	Complete  bool
}

// Covers reports whether a holds the answer, or its absence, to meeting id. The zero MyAnswers
// (not read) covers none.
func (a MyAnswers) Covers(id int64) bool {
	return a.Complete || (a.ByMeeting != nil && id >= a.From)
}

// myAnswersRead bounds the answers read by QueueMyAnswers. A director answers one or two dozen a
// year, so this is every answer of nearly anyone: a list's meetings are then never looked up in a
// second round trip, as they were for a director of many years when only the newest hundred were
// read (meeting ids do not follow the meetings' starts: a year's meetings are planned together).
const myAnswersRead = 500

// myAnswersSQL reads user $1's answers to the newest $2 meetings they answered.
const myAnswersSQL = `SELECT meeting_id, answer FROM meeting_attendance WHERE user_id = $1 ORDER BY meeting_id DESC LIMIT $2`

// QueueMyAnswers adds to b the read of user uid's answers to the newest meetings they answered;
// after the batch they are in *dst. They are read by meeting id from the index of the user's
// answers alone (migration 00420): ordered by the meetings' starts, every answer of the user was
// joined to its meeting and sorted (0.14 ms for a director's 121 answers on the scale data).
func QueueMyAnswers(b *pgx.Batch, uid int64, dst *MyAnswers) {
	b.Queue(myAnswersSQL, uid, myAnswersRead).Query(func(rows pgx.Rows) error {
		*dst = MyAnswers{ByMeeting: map[int64]string{}}
		n := 0
		for rows.Next() {
			var answer string
			if err := rows.Scan(&dst.From, &answer); err != nil {
				return err
			}
			dst.ByMeeting[dst.From] = answer
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
