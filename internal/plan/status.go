package plan

import (
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
)

// StatusLate is the computed status of an activity whose end has passed while it was neither
// done, postponed nor cancelled. It is never stored: it follows from the dates and the clock.
const StatusLate Status = "forsinket"

// Effective is the status of an activity with the stored status set and the civil dates
// start–end (inclusive) as of the civil date today. Done, postponed and cancelled are decisions
// and always win; planned and ongoing follow the dates, so they cannot go stale: one whose end
// has passed is late, a planned one whose start has passed is ongoing. An activity marked
// ongoing before its start stays ongoing.
func Effective(set Status, start, end, today time.Time) Status {
	if set != StatusPlanned && set != StatusOngoing {
		return set
	}
	switch {
	case end.Before(today):
		return StatusLate
	case !start.After(today):
		return StatusOngoing
	}
	return set
}

// effectiveSQL is Effective in SQL for activity alias a, with today as the parameter p
// ("$10"): the status filter selects by it, so a filtered list agrees with the tags shown.
func effectiveSQL(p string) string {
	return `(CASE WHEN a.status IN ('planlagt', 'pagar') AND a.ends_on < ` + p + `::date THEN 'forsinket'
		WHEN a.status = 'planlagt' AND a.starts_on <= ` + p + `::date THEN 'pagar' ELSE a.status END)`
}

// settle turns the stored statuses of list into the effective ones of today, keeping the
// stored one in Set.
func settle(list []Activity, today time.Time) {
	for i := range list {
		settleOne(&list[i], today)
	}
}

func settleOne(a *Activity, today time.Time) {
	a.Set = a.Status
	a.Status = Effective(a.Status, a.StartsOn, a.EndsOn, today)
}

// FilterStatuses are the statuses a list can be filtered by: the stored ones and late.
var FilterStatuses = []Status{StatusPlanned, StatusOngoing, StatusLate, StatusDone, StatusPostponed, StatusCancelled}

// ValidFilter reports whether s is a status a list can be filtered by.
func (s Status) ValidFilter() bool { return s == StatusLate || s.Valid() }

// StatusCount is how many activities of a plan year in a focus area and topic have a status.
type StatusCount struct {
	FocusAreaID int16  `db:"focus_area_id"`
	TopicID     *int16 `db:"topic_id"`
	Status      Status `db:"status"`
	N           int    `db:"n"`
}

// QueueStatusCounts adds to batch b the count of the activities of plan year by focus area,
// topic and their status as of today; after the batch they are in *dst.
func QueueStatusCounts(b *pgx.Batch, year int, today time.Time, dst *[]StatusCount) {
	database.Collect(b, dst, `
		SELECT a.focus_area_id, a.topic_id, `+effectiveSQL("$2")+` AS status, count(*)::int AS n
		FROM activities a WHERE a.year = $1
		GROUP BY 1, 2, 3`, year, today)
}

// GoalActivity is an activity of a plan year as a strategy goal lists it: its title, dates
// and status as of today.
type GoalActivity struct {
	ID          int64     `db:"id"`
	Title       string    `db:"title"`
	FocusAreaID int16     `db:"focus_area_id"`
	TopicID     *int16    `db:"topic_id"`
	StartsOn    time.Time `db:"starts_on"`
	EndsOn      time.Time `db:"ends_on"`
	Status      Status    `db:"status"` // as of today (Effective)
}

// MaxPerGoal bounds how many activities QueueGoalActivities reads for one focus area and topic.
const MaxPerGoal = 12

// QueueGoalActivities adds to batch b the read of the activities of plan year by focus area
// and topic, by start date, at most MaxPerGoal of each, with their status as of today; after
// the batch they are in *dst.
func QueueGoalActivities(b *pgx.Batch, year int, today time.Time, dst *[]GoalActivity) {
	database.Collect(b, dst, `
		SELECT id, title, focus_area_id, topic_id, starts_on, ends_on, status FROM (
			SELECT a.id, a.title, a.focus_area_id, a.topic_id, a.starts_on, a.ends_on, `+effectiveSQL("$2")+` AS status,
			       row_number() OVER (PARTITION BY a.focus_area_id, a.topic_id ORDER BY a.starts_on, a.ends_on, a.id) AS n
			FROM activities a WHERE a.year = $1) x
		WHERE n <= $3
		ORDER BY focus_area_id, topic_id, n`, year, today, MaxPerGoal)
}
