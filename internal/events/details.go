package events

import (
	"context"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
)

// Details is what the event page shows beside the event itself, read in one round trip: the
// registration form with the viewer's answers, and the programme.
type Details struct {
	Questions     []Question
	Mine          Answers // the viewer's answers
	MyAnswer      string  // the viewer's answer to the single free-text question
	Sessions      []Session
	FeedbackGiven bool // the viewer has given feedback
}

type answerRow struct {
	QuestionID int64    `db:"question_id"`
	Answer     []string `db:"answer"`
}

type legacyRow struct {
	Answer string `db:"answer"`
}

type givenRow struct { // a yes or no
	Given bool `db:"given"`
}

// Details reads the details of event id for viewer v; ErrNotFound when v may not see the event.
func (s *Store) Details(ctx context.Context, v Viewer, eventID int64) (Details, error) {
	var b pgx.Batch
	var rows detailRows
	queueDetails(&b, v, eventID, &rows)
	if err := database.Send(ctx, s.pool, &b); err != nil {
		return Details{}, err
	}
	return rows.finish()
}

// queueDetails adds the reads of Details to b; after the batch, rows.finish gives them.
func queueDetails(b *pgx.Batch, v Viewer, eventID int64, rows *detailRows) {
	database.Collect(b, &rows.questions, `SELECT `+questionColumns+` FROM event_questions q
		WHERE q.event_id = $3 AND EXISTS (SELECT 1 FROM events e WHERE e.id = q.event_id AND `+visible+`) ORDER BY q.position, q.id`, v.ID, v.Admin, eventID)
	database.Collect(b, &rows.mine, `SELECT a.question_id, a.answer FROM registration_answers a JOIN registrations r ON r.id = a.registration_id
		WHERE r.event_id = $1 AND r.user_id = $2 AND r.status <> 'cancelled'`, eventID, v.ID)
	database.Collect(b, &rows.legacy, `SELECT answer FROM registrations WHERE event_id = $1 AND user_id = $2 AND status <> 'cancelled'`, eventID, v.ID)
	database.Collect(b, &rows.given, `SELECT EXISTS (SELECT 1 FROM event_feedback_given WHERE event_id = $1 AND user_id = $2) AS given`, eventID, v.ID)
	database.Collect(b, &rows.sees, `SELECT EXISTS (SELECT 1 FROM events e WHERE e.id = $3 AND `+visible+`) AS given`, v.ID, v.Admin, eventID)
	queueSessions(b, v, eventID, &rows.sessions)
}

// finish makes the Details of the rows read; ErrNotFound when the viewer may not see the event.
func (rows *detailRows) finish() (Details, error) {
	if len(rows.sees) == 0 || !rows.sees[0].Given {
		return Details{}, ErrNotFound
	}
	d := Details{Questions: rows.questions, Sessions: rows.sessions, Mine: Answers{}}
	for _, a := range rows.mine {
		d.Mine[a.QuestionID] = a.Answer
	}
	if len(rows.legacy) > 0 {
		d.MyAnswer = rows.legacy[0].Answer
	}
	d.FeedbackGiven = len(rows.given) > 0 && rows.given[0].Given
	return d, nil
}
