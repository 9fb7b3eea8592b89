package meetings

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// decisionColumns selects a Decision: adopted decisions are those of locked minutes.
var decisionColumns = `c.id, c.meeting_id, g.slug AS group_slug, g.name AS group_name, c.year, c.number, c.title,
	(SELECT name FROM focus_areas WHERE id = c.focus_area_id) AS focus_area_name, c.decision_html, c.decision_shared,
	m.starts_at, ` + groupVisible(`c.group_id`) + ` AS in_group
	FROM meeting_cases c JOIN meetings m ON m.id = c.meeting_id JOIN groups g ON g.id = c.group_id
	WHERE c.decision_md <> '' AND m.minutes_locked_at IS NOT NULL`

// decisionVisible: a decision shared with all members shows to every member, the rest only to the group.
var decisionVisible = `((c.decision_shared AND ` + sharedVisible() + `) OR ` + groupVisible(`c.group_id`) + `)`

// DecisionFilter narrows the decision register.
type DecisionFilter struct {
	Query     string          // words searched in title, proposal and decision
	Group     string          // group slug, "" for all
	Year      int             // 0 for all
	FocusArea int16           // 0 for all
	After     *DecisionCursor // the page after this decision; nil for the first page
}

// DecisionCursor is the position of a decision in the register's order: its meeting's start,
// its number and its case id.
type DecisionCursor struct {
	At     time.Time
	Number int
	ID     int64
}

// Cursor is the position after d, for the register's next page.
func (d Decision) Cursor() DecisionCursor {
	return DecisionCursor{At: d.MeetingAt, Number: d.Number, ID: d.CaseID}
}

// DecisionLimit is the number of decisions on one page of the register.
const DecisionLimit = 25

// queueDecisions queues the page of adopted decisions u may see that match f, newest first, at
// most DecisionLimit, and whether there are more after them. Only the filters in use are in
// the statement, so that each shape has one good plan, made once (database.QueuePlanOnce):
// with every filter optional in one statement the plan for unknown values read all the
// decisions, and planning anew each time cost three times the running.
func queueDecisions(b *pgx.Batch, u *auth.User, f DecisionFilter, dst *[]Decision, more *bool) {
	args := viewerArgs(u)
	args["limit"] = DecisionLimit + 1
	where := ` AND ` + decisionVisible
	if f.Group != "" {
		where += ` AND g.slug = @group`
		args["group"] = f.Group
	}
	if f.Year != 0 {
		where += ` AND c.year = @year`
		args["year"] = f.Year
	}
	if f.FocusArea != 0 {
		where += ` AND c.focus_area_id = @focus`
		args["focus"] = f.FocusArea
	}
	if f.Query != "" {
		where += ` AND c.search @@ websearch_to_tsquery('norwegian', @q)`
		args["q"] = f.Query
	}
	if f.After != nil {
		where += ` AND m.starts_at <= @after_at AND (m.starts_at, c.number, c.id) < (@after_at, @after_n::int, @after_id::bigint)`
		args["after_at"], args["after_n"], args["after_id"] = f.After.At, f.After.Number, f.After.ID
	}
	b.Queue(`SELECT `+decisionColumns+where+` ORDER BY m.starts_at DESC, c.number DESC, c.id DESC LIMIT @limit`, args).Query(func(rows pgx.Rows) error {
		list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Decision])
		if err != nil {
			return err
		}
		*more = len(list) > DecisionLimit
		*dst = list[:min(len(list), DecisionLimit)]
		return nil
	})
}

// Decisions lists a page of the adopted decisions u may see that match f (queueDecisions), and
// whether there are more.
func (s *Store) Decisions(ctx context.Context, u *auth.User, f DecisionFilter) ([]Decision, bool, error) {
	var list []Decision
	var more bool
	var b pgx.Batch
	database.QueuePlanOnce(&b)
	queueDecisions(&b, u, f, &list, &more)
	return list, more, database.Send(ctx, s.pool, &b)
}

// Register is a page of the decision register with its filters' choices.
type Register struct {
	Decisions            []Decision
	More                 bool // there are decisions after this page
	Groups, Years, Focus []Option
}

// Register reads a page of the decision register (Decisions) and its filters' choices
// (DecisionOptions) in one round trip.
func (s *Store) Register(ctx context.Context, u *auth.User, f DecisionFilter) (Register, error) {
	var r Register
	var b pgx.Batch
	database.QueuePlanOnce(&b)
	queueDecisions(&b, u, f, &r.Decisions, &r.More)
	queueDecisionOptions(&b, u, &r.Groups, &r.Years, &r.Focus)
	return r, database.Send(ctx, s.pool, &b)
}

// Decision returns the adopted decision of case id if u may see it.
func (s *Store) Decision(ctx context.Context, u *auth.User, id int64) (Decision, error) {
	args := viewerArgs(u)
	args["id"] = id
	rows, _ := s.pool.Query(ctx, `SELECT `+decisionColumns+` AND c.id = @id AND `+decisionVisible, args)
	d, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Decision])
	if errors.Is(err, pgx.ErrNoRows) {
		return d, ErrNotFound
	}
	return d, err
}

// Option is a choice of the register's filters.
type Option struct {
	Value string `db:"value"`
	Label string `db:"label"`
}

// DecisionOptions are the register's filter choices: groups with meetings, years with decisions
// u may see, and the focus areas.
func (s *Store) DecisionOptions(ctx context.Context, u *auth.User) (groups, years, focus []Option, err error) {
	var b pgx.Batch
	queueDecisionOptions(&b, u, &groups, &years, &focus)
	return groups, years, focus, database.Send(ctx, s.pool, &b)
}

func queueDecisionOptions(b *pgx.Batch, u *auth.User, groups, years, focus *[]Option) {
	database.Collect(b, groups, `SELECT g.slug AS value, g.name AS label FROM groups g
		WHERE EXISTS (SELECT 1 FROM meetings m WHERE m.group_id = g.id) ORDER BY g.name COLLATE nb LIMIT 50`)
	// The years from the newest decision to the oldest, each kept if u may see a decision of
	// it: a probe of the index of decisions per year, not a read of every decision.
	database.Collect(b, years, `SELECT y::text AS value, y::text AS label
		FROM generate_series((SELECT max(year) FROM meeting_cases WHERE decision_md <> ''),
		                     (SELECT min(year) FROM meeting_cases WHERE decision_md <> ''), -1) y
		WHERE EXISTS (SELECT 1 FROM meeting_cases c JOIN meetings m ON m.id = c.meeting_id
		              WHERE c.year = y AND c.decision_md <> '' AND m.minutes_locked_at IS NOT NULL AND `+decisionVisible+`)
		LIMIT 50`, viewerArgs(u))
	database.Collect(b, focus, `SELECT id::text AS value, name AS label FROM focus_areas ORDER BY position`)
}
