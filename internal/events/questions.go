package events

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
)

// Question kinds, with their Norwegian names.
var QuestionKinds = []struct{ Value, Label string }{
	{"short", "Kort tekst"},
	{"long", "Lang tekst"},
	{"one", "Ett valg"},
	{"many", "Flere valg"},
	{"yesno", "Ja eller nei"},
	{"number", "Tall"},
}

// QuestionKindLabel is the Norwegian name of a question kind.
func QuestionKindLabel(kind string) string {
	for _, k := range QuestionKinds {
		if k.Value == kind {
			return k.Label
		}
	}
	return kind
}

// Limits of a registration form.
const (
	maxQuestions = 50
	maxChoices   = 30
)

// Question is one question of an event's registration form.
type Question struct {
	ID       int64    `db:"id"`
	Position int      `db:"position"`
	Kind     string   `db:"kind"`
	Label    string   `db:"label"`
	Help     string   `db:"help"`
	Required bool     `db:"required"`
	Choices  []string `db:"choices"`
	Answered int      `db:"answered"` // how many registrations have answered it
}

// Field is the form field name of the question.
func (q Question) Field() string { return "q" + strconv.FormatInt(q.ID, 10) }

// Answers are a registration's answers: question id → the values given.
type Answers map[int64][]string

// Form is a submitted form's values by field name (url.Values converts to it).
type Form map[string][]string

const questionColumns = `q.id, q.position, q.kind, q.label, q.help, q.required, q.choices,
	(SELECT count(*) FROM registration_answers a WHERE a.question_id = q.id)::int AS answered`

// Questions lists the questions of event id in order. The caller has checked that the viewer may see it.
func (s *Store) Questions(ctx context.Context, eventID int64) ([]Question, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+questionColumns+` FROM event_questions q WHERE q.event_id = $1 ORDER BY q.position, q.id`, eventID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Question])
}

func questionsTx(ctx context.Context, tx pgx.Tx, eventID int64) ([]Question, error) {
	rows, _ := tx.Query(ctx, `SELECT `+questionColumns+` FROM event_questions q WHERE q.event_id = $1 ORDER BY q.position, q.id`, eventID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Question])
}

// QuestionInput is the organiser's form for one question; choices one per line.
type QuestionInput struct {
	Label, Kind, Help, Choices string
	Required                   bool
}

// InputOfQuestion fills the form from q.
func InputOfQuestion(q Question) QuestionInput {
	return QuestionInput{Label: q.Label, Kind: q.Kind, Help: q.Help, Choices: strings.Join(q.Choices, "\n"), Required: q.Required}
}

func checkQuestion(in QuestionInput) (QuestionInput, []string, error) {
	errs := validate.Errors{}
	in.Label = errs.Text("label", in.Label, 1, 300, false)
	in.Help = errs.Text("help", in.Help, 0, 500, false)
	if QuestionKindLabel(in.Kind) == in.Kind {
		errs.Add("kind", "Velg hva slags svar spørsmålet skal ha.")
	}
	choices := []string{}
	if in.Kind == "one" || in.Kind == "many" {
		text := errs.Text("choices", in.Choices, 0, 5000, true)
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l != "" && !slices.Contains(choices, l) {
				if len([]rune(l)) > 200 {
					errs.Add("choices", "Et valg kan ha høyst 200 tegn.")
				}
				choices = append(choices, l)
			}
		}
		switch {
		case len(choices) < 2:
			errs.Add("choices", "Skriv minst to valg, ett på hver linje.")
		case len(choices) > maxChoices:
			errs.Add("choices", "Skriv høyst 30 valg.")
		}
	}
	return in, choices, errs.Err()
}

// AddQuestion adds a question at the end of event id's form.
func (s *Store) AddQuestion(ctx context.Context, actor *auth.User, eventID int64, in QuestionInput) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	in, choices, err := checkQuestion(in)
	if err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := lockEvent(ctx, tx, ViewerOf(actor), eventID); err != nil {
		return err
	}
	var n, last int
	if err := tx.QueryRow(ctx, `SELECT count(*), coalesce(max(position), 0) FROM event_questions WHERE event_id = $1`, eventID).Scan(&n, &last); err != nil {
		return err
	}
	if n >= maxQuestions {
		return refuse("Et skjema kan ha høyst 50 spørsmål.")
	}
	if _, err := tx.Exec(ctx, `INSERT INTO event_questions (event_id, position, kind, label, help, required, choices)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, eventID, last+1, in.Kind, in.Label, in.Help, in.Required, choices); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// lockQuestion locks question qid of event eventID (ErrNotFound when it is not one of its).
func lockQuestion(ctx context.Context, tx pgx.Tx, eventID, qid int64) (Question, error) {
	rows, _ := tx.Query(ctx, `SELECT `+questionColumns+` FROM event_questions q WHERE q.id = $1 AND q.event_id = $2 FOR UPDATE`, qid, eventID)
	q, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Question])
	if errors.Is(err, pgx.ErrNoRows) {
		return q, ErrNotFound
	}
	return q, err
}

// UpdateQuestion changes question qid of event id. Once answered, its kind stays, and a choice
// someone has chosen cannot be removed; the given answers keep their words.
func (s *Store) UpdateQuestion(ctx context.Context, actor *auth.User, eventID, qid int64, in QuestionInput) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	in, choices, err := checkQuestion(in)
	if err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := lockEvent(ctx, tx, ViewerOf(actor), eventID); err != nil {
		return err
	}
	q, err := lockQuestion(ctx, tx, eventID, qid)
	if err != nil {
		return err
	}
	if q.Answered > 0 {
		if in.Kind != q.Kind {
			return validate.Errors{"kind": "Spørsmålet er besvart, så svartypen kan ikke endres. Lag heller et nytt spørsmål."}
		}
		if q.Kind == "one" || q.Kind == "many" {
			var chosen []string
			if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(DISTINCT v), '{}') FROM registration_answers a, unnest(a.answer) v
				WHERE a.question_id = $1`, qid).Scan(&chosen); err != nil {
				return err
			}
			for _, c := range chosen {
				if !slices.Contains(choices, c) {
					return validate.Errors{"choices": "«" + c + "» er valgt av noen av de påmeldte og kan ikke fjernes."}
				}
			}
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE event_questions SET kind = $2, label = $3, help = $4, required = $5, choices = $6 WHERE id = $1`,
		qid, in.Kind, in.Label, in.Help, in.Required, choices); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// DeleteQuestion removes question qid of event id while nobody has answered it.
func (s *Store) DeleteQuestion(ctx context.Context, actor *auth.User, eventID, qid int64) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := lockEvent(ctx, tx, ViewerOf(actor), eventID); err != nil {
		return err
	}
	q, err := lockQuestion(ctx, tx, eventID, qid)
	if err != nil {
		return err
	}
	if q.Answered > 0 {
		return refuse("Spørsmålet er besvart av " + strconv.Itoa(q.Answered) + " og kan ikke slettes. Gjør det heller valgfritt.")
	}
	if _, err := tx.Exec(ctx, `DELETE FROM event_questions WHERE id = $1`, qid); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// MoveQuestion swaps question qid with its neighbour above (up) or below.
func (s *Store) MoveQuestion(ctx context.Context, actor *auth.User, eventID, qid int64, up bool) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := lockEvent(ctx, tx, ViewerOf(actor), eventID); err != nil {
		return err
	}
	list, err := questionsTx(ctx, tx, eventID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(list, func(q Question) bool { return q.ID == qid })
	if i < 0 {
		return ErrNotFound
	}
	j := i + 1
	if up {
		j = i - 1
	}
	if j < 0 || j >= len(list) {
		return tx.Commit(ctx)
	}
	list[i], list[j] = list[j], list[i]
	for k, q := range list {
		if _, err := tx.Exec(ctx, `UPDATE event_questions SET position = $2 WHERE id = $1`, q.ID, k+1); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}
