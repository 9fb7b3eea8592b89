package plan

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Event is an event with a focus area as the wheel draws it: in its focus area's ring, from
// the Oslo date it starts on to the one it ends on, with the plan status its state maps to.
type Event struct {
	ID            int64     `db:"id"`
	Title         string    `db:"title"`
	FocusAreaID   int16     `db:"focus_area_id"`
	FocusAreaName string    `db:"focus_area_name"`
	TopicName     *string   `db:"topic_name"`
	StartsOn      time.Time `db:"starts_on"`
	EndsOn        time.Time `db:"ends_on"`
	StartsAt      time.Time `db:"starts_at"`
	EndsAt        time.Time `db:"ends_at"`
	CompanyName   *string   `db:"company_name"` // the organiser
	Draft         bool      `db:"draft"`
	Status        Status    `db:"status"`
}

// Events returns the events with a focus area that v may see, overlapping window w and
// passing f (the organiser stands for the responsible company; a cancelled event is avlyst,
// a past one gjennomført, one under way pågår, the others planlagt), by start, in one query.
func (s *Store) Events(ctx context.Context, v Viewer, w Window, f Filter) ([]Event, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT * FROM (
			SELECT e.id, e.title, e.focus_area_id, fa.name AS focus_area_name, tp.name AS topic_name,
			       (e.starts_at AT TIME ZONE 'Europe/Oslo')::date AS starts_on,
			       greatest((e.starts_at AT TIME ZONE 'Europe/Oslo')::date, ((e.ends_at - interval '1 microsecond') AT TIME ZONE 'Europe/Oslo')::date) AS ends_on,
			       e.starts_at, e.ends_at, coalesce(nullif(c.short_name, ''), c.name) AS company_name, e.status = 'draft' AS draft,
			       CASE WHEN e.status = 'cancelled' THEN 'avlyst' WHEN e.ends_at <= now() THEN 'gjennomfort'
			            WHEN e.starts_at <= now() THEN 'pagar' ELSE 'planlagt' END AS status
			FROM events e
			JOIN focus_areas fa ON fa.id = e.focus_area_id
			LEFT JOIN topics tp ON tp.id = e.topic_id
			LEFT JOIN companies c ON c.id = e.organiser_company_id
			WHERE e.focus_area_id IS NOT NULL AND `+eventVisible+`
			  AND e.starts_at < ($4::date::timestamp AT TIME ZONE 'Europe/Oslo')
			  AND e.ends_at > ($3::date::timestamp AT TIME ZONE 'Europe/Oslo')
			  AND ($5 = '' OR fa.slug = $5) AND ($6 = '' OR tp.slug = $6) AND ($7 = '' OR c.slug = $7)
		) ev
		WHERE ($8 = '' OR ev.status = $8)
		ORDER BY ev.starts_at, ev.id
		LIMIT $9`, v.ID, v.Admin, w.Start, w.End, f.FocusArea, f.Topic, f.Company, string(f.Status), MaxPerWheel)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Event])
}
