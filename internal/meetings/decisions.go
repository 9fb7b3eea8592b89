package meetings

import (
	"context"
	"errors"

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
	Query     string // words searched in title, proposal and decision
	Group     string // group slug, "" for all
	Year      int    // 0 for all
	FocusArea int16  // 0 for all
}

// DecisionLimit bounds the register's list.
const DecisionLimit = 100

// Decisions lists the adopted decisions u may see that match f, newest first, at most
// DecisionLimit, and whether there are more.
func (s *Store) Decisions(ctx context.Context, u *auth.User, f DecisionFilter) ([]Decision, bool, error) {
	args := viewerArgs(u)
	args["q"], args["group"], args["year"], args["focus"], args["limit"] = f.Query, f.Group, f.Year, f.FocusArea, DecisionLimit+1
	rows, _ := s.pool.Query(ctx, `SELECT `+decisionColumns+` AND `+decisionVisible+`
		AND (@group = '' OR g.slug = @group) AND (@year::int = 0 OR c.year = @year)
		AND (@focus::smallint = 0 OR c.focus_area_id = @focus)
		AND (@q = '' OR c.search @@ websearch_to_tsquery('norwegian', @q))
		ORDER BY m.starts_at DESC, c.number DESC LIMIT @limit`, args)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Decision])
	if err != nil {
		return nil, false, err
	}
	more := len(list) > DecisionLimit
	if more {
		list = list[:DecisionLimit]
	}
	return list, more, nil
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
	database.Collect(&b, &groups, `SELECT g.slug AS value, g.name AS label FROM groups g
		WHERE EXISTS (SELECT 1 FROM meetings m WHERE m.group_id = g.id) ORDER BY g.name COLLATE nb LIMIT 50`)
	database.Collect(&b, &years, `SELECT DISTINCT c.year::text AS value, c.year::text AS label
		FROM meeting_cases c JOIN meetings m ON m.id = c.meeting_id
		WHERE c.decision_md <> '' AND m.minutes_locked_at IS NOT NULL AND `+decisionVisible+` ORDER BY 1 DESC LIMIT 50`, viewerArgs(u))
	database.Collect(&b, &focus, `SELECT id::text AS value, name AS label FROM focus_areas ORDER BY position`)
	return groups, years, focus, database.Send(ctx, s.pool, &b)
}
