package events

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
)

// checkAnswers reads the answers to qs from form (field "q<id>"), checked against each
// question's kind and choices. With required, a required question left empty is an error
// (a company admin signing up a colleague leaves the answers to the colleague).
func checkAnswers(qs []Question, form Form, required bool) (Answers, validate.Errors) {
	errs := validate.Errors{}
	out := Answers{}
	for _, q := range qs {
		f := q.Field()
		var vals []string
		for _, v := range form[f] {
			if v = strings.TrimSpace(v); v != "" {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			if required && q.Required {
				errs.Add(f, "Svar på spørsmålet «"+q.Label+"».")
			}
			continue
		}
		if q.Kind != "many" && len(vals) > 1 {
			errs.Add(f, "Gi ett svar.")
			continue
		}
		v := vals[0]
		switch q.Kind {
		case "short":
			v = errs.Text(f, v, 0, 300, false)
		case "long":
			v = errs.Text(f, v, 0, 3000, true)
		case "one":
			if !slices.Contains(q.Choices, v) {
				errs.Add(f, "Velg et av valgene.")
			}
		case "many":
			seen := map[string]bool{}
			for _, c := range vals {
				if !slices.Contains(q.Choices, c) || seen[c] {
					errs.Add(f, "Velg blant valgene.")
				}
				seen[c] = true
			}
			out[q.ID] = vals
			continue
		case "yesno":
			switch v {
			case "ja":
				v = "Ja"
			case "nei":
				v = "Nei"
			default:
				errs.Add(f, "Svar ja eller nei.")
			}
		case "number":
			n, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
			if err != nil || len(v) > 20 || n != n {
				errs.Add(f, "Skriv et tall, for eksempel 2 eller 1,5.")
			}
		}
		out[q.ID] = []string{v}
	}
	return out, errs
}

// saveAnswers replaces the answers of registration regID with a.
func saveAnswers(ctx context.Context, tx pgx.Tx, regID int64, qs []Question, a Answers) error {
	ids := make([]int64, 0, len(qs))
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM registration_answers WHERE registration_id = $1 AND question_id = ANY($2)`, regID, ids); err != nil {
		return err
	}
	for _, q := range qs {
		if v, ok := a[q.ID]; ok {
			if _, err := tx.Exec(ctx, `INSERT INTO registration_answers (registration_id, question_id, answer) VALUES ($1, $2, $3)`, regID, q.ID, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// AnswerDeadline is when answers can no longer be changed: the registration deadline, or the start.
func (e Event) AnswerDeadline() time.Time {
	if e.RegistrationClosesAt != nil && e.RegistrationClosesAt.Before(e.StartsAt) {
		return *e.RegistrationClosesAt
	}
	return e.StartsAt
}

// CanChangeAnswers reports whether a live registration's answers may still be changed at now.
func (e Event) CanChangeAnswers(now time.Time) bool {
	return e.Status == StatusPublished && now.Before(e.AnswerDeadline())
}

// UpdateAnswers changes the viewer's own answers to event id's questions (and the single
// free-text question) until the deadline; a required question cannot be left empty.
func (s *Store) UpdateAnswers(ctx context.Context, actor *auth.User, eventID int64, legacy string, form Form) error {
	errs := validate.Errors{}
	legacy = errs.Text("answer", legacy, 0, 1000, true)
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	e, err := lockEvent(ctx, tx, ViewerOf(actor), eventID)
	if err != nil {
		return err
	}
	var regID int64
	err = tx.QueryRow(ctx, `SELECT id FROM registrations WHERE event_id = $1 AND user_id = $2 AND status <> 'cancelled'`, e.id, actor.ID).Scan(&regID)
	if errors.Is(err, pgx.ErrNoRows) {
		return refuse("Du er ikke påmeldt dette arrangementet.")
	}
	if err != nil {
		return err
	}
	ev := Event{Status: e.status, StartsAt: e.startsAt, RegistrationClosesAt: e.closesAt}
	if !ev.CanChangeAnswers(time.Now()) {
		return refuse("Fristen for å endre svarene er ute.")
	}
	qs, err := questionsTx(ctx, tx, e.id)
	if err != nil {
		return err
	}
	a, qerrs := checkAnswers(qs, form, true)
	for k, v := range qerrs {
		errs.Add(k, v)
	}
	if !errs.OK() {
		return errs
	}
	if e.question != "" {
		if _, err := tx.Exec(ctx, `UPDATE registrations SET answer = $2 WHERE id = $1`, regID, legacy); err != nil {
			return err
		}
	}
	if err := saveAnswers(ctx, tx, regID, qs, a); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// MyAnswers returns userID's answers to event id's questions, and their answer to the single
// free-text question.
func (s *Store) MyAnswers(ctx context.Context, eventID, userID int64) (Answers, string, error) {
	a := Answers{}
	var legacy string
	err := s.pool.QueryRow(ctx, `SELECT answer FROM registrations WHERE event_id = $1 AND user_id = $2 AND status <> 'cancelled'`, eventID, userID).Scan(&legacy)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	rows, _ := s.pool.Query(ctx, `SELECT a.question_id, a.answer FROM registration_answers a JOIN registrations r ON r.id = a.registration_id
		WHERE r.event_id = $1 AND r.user_id = $2 AND r.status <> 'cancelled'`, eventID, userID)
	var qid int64
	var v []string
	_, err = pgx.ForEachRow(rows, []any{&qid, &v}, func() error { a[qid] = v; return nil })
	return a, legacy, err
}

// AnswerTable returns the answers of every live registration of event id: registration id →
// its answers. The caller has checked that the viewer is the organiser.
func (s *Store) AnswerTable(ctx context.Context, eventID int64) (map[int64]Answers, error) {
	rows, _ := s.pool.Query(ctx, `SELECT a.registration_id, a.question_id, a.answer FROM registration_answers a
		JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = $1 AND r.status <> 'cancelled'`, eventID)
	out := map[int64]Answers{}
	var reg, qid int64
	var v []string
	_, err := pgx.ForEachRow(rows, []any{&reg, &qid, &v}, func() error {
		if out[reg] == nil {
			out[reg] = Answers{}
		}
		out[reg][qid] = v
		return nil
	})
	return out, err
}

// Text writes an answer for a table or a CSV cell: the values joined by "; ".
func (a Answers) Text(qid int64) string { return strings.Join(a[qid], "; ") }

// ValuesOf reads the values of a sent form back as answers, to show the form again as it was sent.
func ValuesOf(qs []Question, form Form) Answers {
	a := Answers{}
	for _, q := range qs {
		for _, v := range form[q.Field()] {
			switch {
			case q.Kind == "yesno" && v == "ja":
				v = "Ja"
			case q.Kind == "yesno" && v == "nei":
				v = "Nei"
			}
			a[q.ID] = append(a[q.ID], v)
		}
	}
	return a
}
