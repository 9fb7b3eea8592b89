package strategy

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
)

// Limits of the strategy's texts, in characters.
const (
	MaxPurpose     = 4000
	MaxAmbition    = 500
	MaxNote        = 500
	MaxGoalName    = 120
	MaxDescription = 2000
)

// GoalInput is the text of one focus area or sub-goal as typed.
type GoalInput struct{ Name, Description string }

// Input is the revision form as typed: the whole text, goals by Goal.Key.
type Input struct {
	Purpose, Ambition, Note string
	Goals                   map[string]GoalInput
}

// InputOf is the text of st as a form fills it in, for a revision from it.
func InputOf(st Strategy) Input {
	in := Input{Purpose: st.Purpose, Ambition: st.Ambition, Goals: map[string]GoalInput{}}
	for _, a := range st.Areas {
		in.Goals[a.Key()] = GoalInput{a.Name, a.Description}
		for _, g := range a.SubGoals {
			in.Goals[g.Key()] = GoalInput{g.Name, g.Description}
		}
	}
	return in
}

// check validates in against the goals of the revision base: every goal of base must be
// worded, none other. It returns the goals with their new text, in base's order.
func (in Input) check(base Strategy) (Input, []Goal, validate.Errors) {
	errs := validate.Errors{}
	var c Input
	c.Purpose = errs.Text("purpose", in.Purpose, 1, MaxPurpose, true)
	c.Ambition = errs.Text("ambition", in.Ambition, 1, MaxAmbition, false)
	c.Note = errs.Text("note", in.Note, 1, MaxNote, false)
	var goals []Goal
	word := func(g Goal) {
		gi := in.Goals[g.Key()]
		g.Name = errs.Text(g.Key()+"-navn", gi.Name, 1, MaxGoalName, false)
		g.Description = errs.Text(g.Key()+"-tekst", gi.Description, 0, MaxDescription, true)
		goals = append(goals, g)
	}
	for _, a := range base.Areas {
		word(a.Goal)
		for _, g := range a.SubGoals {
			word(g)
		}
	}
	if len(in.Goals) > len(goals) {
		errs.Add("purpose", "Skjemaet har felt som ikke hører til strategien. Last siden på nytt.")
	}
	return c, goals, errs
}

// Revise saves in as a new revision of the period of revision baseID, which must be its
// newest (ErrConflict when someone revised it since the form was made). Only cluster admins
// and the steering group may. It returns the new revision's id.
func (s *Store) Revise(ctx context.Context, actor *auth.User, baseID int64, in Input) (int64, error) {
	if !CanEdit(actor) {
		return 0, ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	// Revisions of one period are serialised by a lock on the period.
	var periodID int64
	if err := tx.QueryRow(ctx, `SELECT p.id FROM strategy_periods p JOIN strategy_revisions r ON r.period_id = p.id
		WHERE r.id = $1 FOR UPDATE OF p`, baseID).Scan(&periodID); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, ErrNotFound
		}
		return 0, err
	}
	base, err := load(ctx, tx, revisionColumns+` WHERE r.id = $1`, baseID)
	if err != nil {
		return 0, err
	}
	c, goals, errs := in.check(base)
	if !errs.OK() {
		return 0, errs
	}
	if !base.Latest {
		return 0, ErrConflict
	}
	id, err := insertRevision(ctx, tx, actor, periodID, base.Number+1, c, goals)
	if err != nil {
		return 0, err
	}
	return id, tx.Commit(ctx)
}

func insertRevision(ctx context.Context, tx pgx.Tx, actor *auth.User, periodID int64, number int, c Input, goals []Goal) (int64, error) {
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO strategy_revisions (period_id, number, purpose, ambition, note, created_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, periodID, number, c.Purpose, c.Ambition, c.Note, actor.ID).Scan(&id); err != nil {
		return 0, err
	}
	rows := make([][]any, len(goals))
	for i, g := range goals {
		rows[i] = []any{id, g.FocusAreaID, g.TopicID, g.Name, g.Description}
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"strategy_goals"}, []string{"revision_id", "focus_area_id", "topic_id", "name", "description"}, pgx.CopyFromRows(rows))
	return id, err
}

// PeriodInput is the form of a new period as typed.
type PeriodInput struct{ Name, FirstYear, LastYear string }

// NewPeriod starts a period from a copy of the text of revision fromID, as its first
// revision. Only cluster admins and the steering group may. It returns the new revision's id.
func (s *Store) NewPeriod(ctx context.Context, actor *auth.User, fromID int64, in PeriodInput) (int64, error) {
	if !CanEdit(actor) {
		return 0, ErrForbidden
	}
	errs := validate.Errors{}
	name := errs.Text("name", in.Name, 1, 120, false)
	first := year(errs, "first_year", in.FirstYear)
	last := year(errs, "last_year", in.LastYear)
	if errs.OK() && (last < first || last-first > 10) {
		errs.Add("last_year", "Siste år må være samme år som det første eller inntil ti år senere.")
	}
	if !errs.OK() {
		return 0, errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	from, err := load(ctx, tx, revisionColumns+` WHERE r.id = $1`, fromID)
	if err != nil {
		return 0, err
	}
	var periodID int64
	if err := tx.QueryRow(ctx, `INSERT INTO strategy_periods (name, first_year, last_year, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
		name, first, last, actor.ID).Scan(&periodID); err != nil {
		return 0, err
	}
	var goals []Goal
	for _, a := range from.Areas {
		goals = append(goals, a.Goal)
		goals = append(goals, a.SubGoals...)
	}
	c := Input{Purpose: from.Purpose, Ambition: from.Ambition,
		Note: "Kopiert fra " + from.PeriodName + ", versjon " + strconv.Itoa(from.Number) + "."}
	id, err := insertRevision(ctx, tx, actor, periodID, 1, c, goals)
	if err != nil {
		return 0, err
	}
	return id, tx.Commit(ctx)
}

func year(errs validate.Errors, field, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 2000 || n > 2100 {
		errs.Add(field, "Skriv et årstall mellom 2000 og 2100.")
	}
	return n
}
