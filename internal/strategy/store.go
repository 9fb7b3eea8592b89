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
	rev, err := oneRevision(rows)
	if err != nil {
		return st, err
	}
	st.Revision = rev
	rows, _ = q.Query(ctx, goalColumns+` WHERE g.revision_id = $1`+goalOrder, rev.ID)
	goals, err := pgx.CollectRows(rows, pgx.RowToStructByName[Goal])
	st.Areas = areas(goals)
	return st, err
}

// QueueCurrent adds to batch b the reads of the strategy in force: its revision, and its goals
// (which find the current revision themselves, so that both go in one round trip); after the
// batch it is in *st, and a strategy-less database fails the batch with ErrNotFound. The two
// statements each see the commits made before they ran: a revision saved between them would
// show that one view the new goals under the old text.
func QueueCurrent(b *pgx.Batch, st *Strategy) {
	b.Queue(revisionColumns + currentRevision).Query(func(rows pgx.Rows) error {
		rev, err := oneRevision(rows)
		st.Revision = rev
		return err
	})
	b.Queue(goalColumns + ` WHERE g.revision_id = (SELECT r.id FROM strategy_revisions r
		JOIN strategy_periods p ON p.id = r.period_id` + currentRevision + `)` + goalOrder).Query(func(rows pgx.Rows) error {
		goals, err := pgx.CollectRows(rows, pgx.RowToStructByName[Goal])
		st.Areas = areas(goals)
		return err
	})
}

// goalColumns selects a revision's goals; goalOrder orders them by focus area, each area's own
// goal before its sub-goals.
const (
	goalColumns = `
		SELECT g.focus_area_id, g.topic_id, coalesce(t.slug, f.slug) AS slug, f.colour, g.name, g.description
		FROM strategy_goals g
		JOIN focus_areas f ON f.id = g.focus_area_id
		LEFT JOIN topics t ON t.id = g.topic_id`
	goalOrder = ` ORDER BY f.position, g.topic_id IS NOT NULL, t.position`
)

// oneRevision collects the one revision of rows: ErrNotFound without any.
func oneRevision(rows pgx.Rows) (Revision, error) {
	rev, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Revision])
	if errors.Is(err, pgx.ErrNoRows) {
		return rev, ErrNotFound
	}
	return rev, err
}

// areas groups goals, in goalOrder, into focus areas with their sub-goals.
func areas(goals []Goal) []Area {
	var out []Area
	for _, g := range goals {
		if g.TopicID == nil {
			out = append(out, Area{Goal: g})
		} else if n := len(out); n > 0 && out[n-1].FocusAreaID == g.FocusAreaID {
			out[n-1].SubGoals = append(out[n-1].SubGoals, g)
		}
	}
	return out
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
