package events

import (
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
)

// HeldCount is how many open events of a focus area and topic were held in a year, how many
// took part in them and what they answered in the feedback: a measure of the strategy's
// sub-goals.
type HeldCount struct {
	FocusAreaID int16  `db:"focus_area_id"`
	TopicID     *int16 `db:"topic_id"`
	Held        int    `db:"held"`
	Attendees   int    `db:"attendees"`
	Answers     int    `db:"answers"` // feedback answers on these events
	// Overall and Benefit are the averages of all answers (nil without any).
	Overall *float64 `db:"overall"`
	Benefit *float64 `db:"benefit"`
}

// MinAnswersForAverage is the fewest feedback answers whose averages are shown to every
// member: with fewer, an anonymous answer could be read off the average.
const MinAnswersForAverage = 3

// QueueHeldInYear adds to batch b the count of the published events open to every member (no
// group) with a focus area that began in year (Oslo time) and had ended by now, per focus area
// and topic, with their attendees and feedback answers and averages; after the batch they are
// in *dst. Events of a group are left out, so that the figures tell nothing of them.
func QueueHeldInYear(b *pgx.Batch, year int, now time.Time, dst *[]HeldCount) {
	database.Collect(b, dst, heldSQL, year, now)
}

// heldSQL counts the events and their attendees, and apart from them the feedback answers,
// each by focus area and topic, as plain joins the planner can reach through indexes
// (events_wheel_idx, then each event's counts and answers). The attendees are the events'
// confirmed counts, kept by trigger in event_counts (migration 00270), not their registrations
// counted again. Before, each event's registrations and its answers were counted in subqueries
// of their own, two aggregates run again for every event: on the scale data (186 events in the
// year) pgbench with 4 clients ran it ~1 000 times a second, this ~3 000 (~1 200 and ~1 500
// with seven answers an event), and under make bench its mean fell from 2.2 to 1.4 ms.
const heldSQL = `
	SELECT g.focus_area_id, g.topic_id, g.held, g.attendees, coalesce(f.n, 0)::int AS answers,
	       (f.overall::numeric / nullif(f.n, 0))::float8 AS overall,
	       (f.benefit::numeric / nullif(f.n, 0))::float8 AS benefit
	FROM (SELECT e.focus_area_id, e.topic_id, count(*)::int AS held, coalesce(sum(c.confirmed), 0)::int AS attendees
	      FROM events e JOIN event_counts c ON c.event_id = e.id
	      WHERE ` + heldWhere + `
	      GROUP BY e.focus_area_id, e.topic_id) g
	LEFT JOIN (SELECT e.focus_area_id, e.topic_id, count(*) AS n, sum(fb.overall) AS overall, sum(fb.benefit) AS benefit
	           FROM events e JOIN event_feedback fb ON fb.event_id = e.id
	           WHERE ` + heldWhere + `
	           GROUP BY e.focus_area_id, e.topic_id) f
	  ON f.focus_area_id = g.focus_area_id AND f.topic_id IS NOT DISTINCT FROM g.topic_id`

// heldWhere selects the events of heldSQL: $1 the year, $2 now.
const heldWhere = `e.ends_at <= $2 AND ` + inYear

// inYear are the events of the strategy's figures: open events with a focus area that began in
// year $1 (Oslo time).
const inYear = `e.status = 'published' AND e.group_id IS NULL AND e.focus_area_id IS NOT NULL
	        AND e.starts_at >= make_date($1, 1, 1)::timestamp AT TIME ZONE 'Europe/Oslo'
	        AND e.starts_at < make_date($1 + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Oslo'`

// QueueNextHeldEnd adds to batch b the read of when the next of the events QueueHeldInYear
// counts ends after now (its figures change then); after the batch it is in *dst, nil if none.
func QueueNextHeldEnd(b *pgx.Batch, year int, now time.Time, dst **time.Time) {
	b.Queue(`SELECT min(e.ends_at) FROM events e WHERE e.ends_at > $2 AND `+inYear, year, now).
		QueryRow(func(row pgx.Row) error { return row.Scan(dst) })
}
