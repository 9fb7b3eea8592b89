package events

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
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

// HeldInYear counts the published events open to every member (no group) with a focus area
// that began in year (Oslo time) and had ended by now, per focus area and topic, with their
// feedback answers and averages, in one query.
// Events of a group are left out, so that the figures tell nothing of them.
func (s *Store) HeldInYear(ctx context.Context, year int, now time.Time) ([]HeldCount, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT e.focus_area_id, e.topic_id, count(*)::int AS held,
		       coalesce(sum((SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed')), 0)::int AS attendees,
		       coalesce(sum(f.n), 0)::int AS answers,
		       (sum(f.overall) / nullif(sum(f.n), 0))::float8 AS overall,
		       (sum(f.benefit) / nullif(sum(f.n), 0))::float8 AS benefit
		FROM events e
		CROSS JOIN LATERAL (SELECT count(*) AS n, sum(fb.overall) AS overall, sum(fb.benefit) AS benefit
		                    FROM event_feedback fb WHERE fb.event_id = e.id) f
		WHERE e.status = 'published' AND e.group_id IS NULL AND e.focus_area_id IS NOT NULL AND e.ends_at <= $2
		  AND e.starts_at >= make_date($1, 1, 1)::timestamp AT TIME ZONE 'Europe/Oslo'
		  AND e.starts_at < make_date($1 + 1, 1, 1)::timestamp AT TIME ZONE 'Europe/Oslo'
		GROUP BY e.focus_area_id, e.topic_id`, year, now)
	return pgx.CollectRows(rows, pgx.RowToStructByName[HeldCount])
}
