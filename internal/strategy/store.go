package strategy

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store reads and writes the strategy's tables.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// revisionColumns selects a Revision with its period; latest says whether no later one exists.
const revisionColumns = `
	SELECT r.id, r.period_id, r.number, r.purpose, r.ambition, r.note, r.created_at, u.name AS author_name,
	       NOT EXISTS (SELECT 1 FROM strategy_revisions n WHERE n.period_id = r.period_id AND n.number > r.number) AS latest,
	       p.name AS period_name, p.first_year, p.last_year
	FROM strategy_revisions r
	JOIN strategy_periods p ON p.id = r.period_id
	LEFT JOIN users u ON u.id = r.created_by`

// currentRevision orders the revisions so that the first is the strategy in force: the newest
// revision of the newest period.
const currentRevision = ` ORDER BY p.first_year DESC, p.id DESC, r.number DESC LIMIT 1`

// Current returns the strategy in force, in two queries.
func (s *Store) Current(ctx context.Context) (Strategy, error) {
	return load(ctx, s.pool, revisionColumns+currentRevision)
}

// Revision returns revision id with its period and goals, in two queries.
func (s *Store) Revision(ctx context.Context, id int64) (Strategy, error) {
	return load(ctx, s.pool, revisionColumns+` WHERE r.id = $1`, id)
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// load reads the revision sql selects, then its goals, grouped into focus areas.
func load(ctx context.Context, q querier, sql string, args ...any) (Strategy, error) {
	var st Strategy
	rows, _ := q.Query(ctx, sql, args...)
	rev, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Revision])
	if errors.Is(err, pgx.ErrNoRows) {
		return st, ErrNotFound
	}
	if err != nil {
		return st, err
	}
	st.Revision = rev
	rows, _ = q.Query(ctx, `
		SELECT g.focus_area_id, g.topic_id, coalesce(t.slug, f.slug) AS slug, f.colour, g.name, g.description
		FROM strategy_goals g
		JOIN focus_areas f ON f.id = g.focus_area_id
		LEFT JOIN topics t ON t.id = g.topic_id
		WHERE g.revision_id = $1
		ORDER BY f.position, g.topic_id IS NOT NULL, t.position`, rev.ID)
	goals, err := pgx.CollectRows(rows, pgx.RowToStructByName[Goal])
	if err != nil {
		return st, err
	}
	for _, g := range goals {
		if g.TopicID == nil {
			st.Areas = append(st.Areas, Area{Goal: g})
		} else if n := len(st.Areas); n > 0 && st.Areas[n-1].FocusAreaID == g.FocusAreaID {
			st.Areas[n-1].SubGoals = append(st.Areas[n-1].SubGoals, g)
		}
	}
	return st, nil
}

// MaxPeriods bounds the history page.
const MaxPeriods = 50

// History lists the periods, newest first, each with its revisions, newest first, in one query.
func (s *Store) History(ctx context.Context) ([]PeriodHistory, error) {
	rows, _ := s.pool.Query(ctx, revisionColumns+`
		WHERE p.id IN (SELECT id FROM strategy_periods ORDER BY first_year DESC, id DESC LIMIT $1)
		ORDER BY p.first_year DESC, p.id DESC, r.number DESC`, MaxPeriods)
	revs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Revision])
	if err != nil {
		return nil, err
	}
	var out []PeriodHistory
	for _, r := range revs {
		if n := len(out); n == 0 || out[n-1].ID != r.PeriodID {
			out = append(out, PeriodHistory{Period: Period{ID: r.PeriodID, Name: r.PeriodName, FirstYear: r.FirstYear, LastYear: r.LastYear}})
		}
		out[len(out)-1].Revisions = append(out[len(out)-1].Revisions, r)
	}
	return out, nil
}
