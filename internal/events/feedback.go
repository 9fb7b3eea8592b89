package events

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
)

// FeedbackInput is the evaluation form: overall and "faglig utbytte" from 1 to 5, free text,
// and whether the answer carries the writer's name (anonymous unless they choose so).
type FeedbackInput struct {
	Overall, Benefit, Comment string
	Named                     bool
}

// FeedbackOpen reports whether participants may give feedback on e at now: after it has ended.
func (e Event) FeedbackOpen(now time.Time) bool {
	return e.Status == StatusPublished && !now.Before(e.EndsAt)
}

func score(errs validate.Errors, field, v string) int16 {
	v = strings.TrimSpace(v)
	if len(v) != 1 || v[0] < '1' || v[0] > '5' {
		errs.Add(field, "Velg en verdi fra 1 til 5.")
		return 0
	}
	return int16(v[0] - '0')
}

// GiveFeedback records actor's feedback on event id, once, if they were a confirmed participant
// and the event is over. The fact that they answered is kept apart from the answer, so that an
// anonymous answer cannot be traced to them.
func (s *Store) GiveFeedback(ctx context.Context, actor *auth.User, eventID int64, in FeedbackInput) error {
	errs := validate.Errors{}
	overall := score(errs, "overall", in.Overall)
	benefit := score(errs, "benefit", in.Benefit)
	comment := errs.Text("comment", in.Comment, 0, 3000, true)
	if !errs.OK() {
		return errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	e, err := lockEvent(ctx, tx, ViewerOf(actor), eventID)
	if err != nil {
		return err
	}
	if !(Event{Status: e.status, EndsAt: e.endsAt}).FeedbackOpen(time.Now()) {
		return refuse("Du kan gi tilbakemelding når arrangementet er over.")
	}
	var participant bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = $1 AND user_id = $2 AND status = 'confirmed')`,
		e.id, actor.ID).Scan(&participant); err != nil {
		return err
	}
	if !participant {
		return refuse("Bare de som deltok, kan gi tilbakemelding.")
	}
	tag, err := tx.Exec(ctx, `INSERT INTO event_feedback_given (event_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, e.id, actor.ID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return refuse("Du har allerede gitt tilbakemelding på dette arrangementet. Takk!")
	}
	var who *int64
	if in.Named {
		who = &actor.ID
	}
	if _, err := tx.Exec(ctx, `INSERT INTO event_feedback (event_id, overall, benefit, comment, user_id) VALUES ($1, $2, $3, $4, $5)`,
		e.id, overall, benefit, comment, who); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Comment is a feedback's free text, with the writer's name when they gave it.
type Comment struct {
	Text string  `db:"comment"`
	Name *string `db:"name"`
}

// FeedbackSummary is what the organiser sees of an event's feedback.
type FeedbackSummary struct {
	Count         int
	Overall       float64 // average
	Benefit       float64
	OverallCounts [5]int // how many gave 1..5
	BenefitCounts [5]int
	Comments      []Comment
	Participants  int // confirmed participants who could answer
}

// Feedback summarises the feedback on event id. The caller has checked that the viewer is the organiser.
func (s *Store) Feedback(ctx context.Context, eventID int64) (FeedbackSummary, error) {
	var f FeedbackSummary
	rows, _ := s.pool.Query(ctx, `SELECT overall, benefit FROM event_feedback WHERE event_id = $1`, eventID)
	var o, b int16
	var so, sb int
	if _, err := pgx.ForEachRow(rows, []any{&o, &b}, func() error {
		f.Count++
		f.OverallCounts[o-1]++
		f.BenefitCounts[b-1]++
		so += int(o)
		sb += int(b)
		return nil
	}); err != nil {
		return f, err
	}
	if f.Count > 0 {
		f.Overall, f.Benefit = float64(so)/float64(f.Count), float64(sb)/float64(f.Count)
	}
	rows, _ = s.pool.Query(ctx, `SELECT f.comment, u.name FROM event_feedback f LEFT JOIN users u ON u.id = f.user_id
		WHERE f.event_id = $1 AND f.comment <> '' ORDER BY md5(f.id::text || f.comment) LIMIT 500`, eventID)
	var err error
	if f.Comments, err = pgx.CollectRows(rows, pgx.RowToStructByName[Comment]); err != nil {
		return f, err
	}
	err = s.pool.QueryRow(ctx, `SELECT count(*) FROM registrations WHERE event_id = $1 AND status = 'confirmed'`, eventID).Scan(&f.Participants)
	return f, err
}

// EventScore is one event's feedback figures, for the cluster admin's overview.
type EventScore struct {
	ID       int64     `db:"id"`
	Title    string    `db:"title"`
	StartsAt time.Time `db:"starts_at"`
	Answers  int       `db:"answers"`
	Overall  *float64  `db:"overall"`
	Benefit  *float64  `db:"benefit"`
}

// YearScore is a year's feedback figures over all its events.
type YearScore struct {
	Year    int      `db:"year"`
	Events  int      `db:"events"`
	Answers int      `db:"answers"`
	Overall *float64 `db:"overall"`
	Benefit *float64 `db:"benefit"`
}

// Scores returns the feedback figures of the events of year (in Norwegian time) that have
// any, and every year's totals.
func (s *Store) Scores(ctx context.Context, year int) ([]EventScore, []YearScore, error) {
	rows, _ := s.pool.Query(ctx, `SELECT e.id, e.title, e.starts_at, count(f.id)::int AS answers,
			avg(f.overall)::float8 AS overall, avg(f.benefit)::float8 AS benefit
		FROM events e JOIN event_feedback f ON f.event_id = e.id
		WHERE extract(year FROM e.starts_at AT TIME ZONE 'Europe/Oslo') = $1
		GROUP BY e.id ORDER BY e.starts_at, e.id`, year)
	events, err := pgx.CollectRows(rows, pgx.RowToStructByName[EventScore])
	if err != nil {
		return nil, nil, err
	}
	rows, _ = s.pool.Query(ctx, `SELECT extract(year FROM e.starts_at AT TIME ZONE 'Europe/Oslo')::int AS year,
			count(DISTINCT e.id)::int AS events, count(f.id)::int AS answers,
			avg(f.overall)::float8 AS overall, avg(f.benefit)::float8 AS benefit
		FROM events e JOIN event_feedback f ON f.event_id = e.id GROUP BY 1 ORDER BY 1 DESC LIMIT 50`)
	years, err := pgx.CollectRows(rows, pgx.RowToStructByName[YearScore])
	return events, years, err
}
