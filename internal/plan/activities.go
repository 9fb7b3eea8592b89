package plan

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/validate"
)

// Filter narrows the wheel and its list; empty fields mean everything.
type Filter struct {
	FocusArea string // focus area slug
	Topic     string // topic slug
	Company   string // responsible company's slug
	Status    Status
}

// MaxPerWheel bounds how many activities one wheel reads.
const MaxPerWheel = 2000

// activityColumns selects an Activity for the viewer $1 (id), $2 (cluster admin): the linked
// event and thread are joined only when the viewer may see them, so a hidden one reads as none.
var activityColumns = `
	SELECT a.id, a.title, a.description, a.description_html, a.focus_area_id, f.slug AS focus_area_slug,
	       f.name AS focus_area_name, a.topic_id, t.name AS topic_name, a.starts_on, a.ends_on, a.year,
	       a.company_id, c.slug AS company_slug, c.name AS company_name, coalesce(nullif(c.short_name, ''), c.name) AS company_short,
	       a.responsible_user_id, u.name AS responsible_name, a.status, a.updated_at, a.open_to,
	       e.id AS event_id, e.title AS event_title, th.id AS thread_id, th.title AS thread_title, fo.slug AS thread_forum,
	       pr.id AS project_id, pr.title AS project_title
	FROM activities a
	JOIN focus_areas f ON f.id = a.focus_area_id
	LEFT JOIN topics t ON t.id = a.topic_id
	LEFT JOIN companies c ON c.id = a.company_id
	LEFT JOIN users u ON u.id = a.responsible_user_id
	LEFT JOIN events e ON e.id = a.event_id AND ` + eventVisible + `
	LEFT JOIN (forum_threads th JOIN forums fo ON fo.id = th.forum_id) ON th.id = a.thread_id AND ` + forumVisible + `
	LEFT JOIN projects pr ON pr.id = a.project_id AND ` + memberOnly

// Activities returns the activities overlapping window w that pass f, by start date, in one
// query, with their status as of the civil date today (Effective; the status filter too).
func (s *Store) Activities(ctx context.Context, v Viewer, w Window, f Filter, today time.Time) ([]Activity, error) {
	rows, _ := s.pool.Query(ctx, activityColumns+`
		WHERE `+memberOnly+` AND a.starts_on < $4 AND a.ends_on >= $3
		  AND ($5 = '' OR f.slug = $5) AND ($6 = '' OR t.slug = $6)
		  AND ($7 = '' OR c.slug = $7) AND ($8 = '' OR `+effectiveSQL("$10")+` = $8)
		ORDER BY a.starts_on, a.ends_on, a.id
		LIMIT $9`, v.ID, v.Admin, w.Start, w.End, f.FocusArea, f.Topic, f.Company, string(f.Status), MaxPerWheel, today)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Activity])
	settle(list, today)
	return list, err
}

// ThisMonth returns at most limit activities under way in the calendar month of now (Oslo
// time), by start date: the dashboard's "this month in the årshjul".
func (s *Store) ThisMonth(ctx context.Context, v Viewer, now time.Time, limit int) ([]Activity, error) {
	var b pgx.Batch
	var list []Activity
	QueueThisMonth(&b, v, now, limit, &list)
	return list, database.Send(ctx, s.pool, &b)
}

// QueueThisMonth adds the query of ThisMonth to batch b; after the batch the list is in *dst.
func QueueThisMonth(b *pgx.Batch, v Viewer, now time.Time, limit int, dst *[]Activity) {
	y, m, _ := now.In(oslo).Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	queueSettled(b, dst, Today(now), activityColumns+`
		WHERE `+memberOnly+` AND a.starts_on < $4 AND a.ends_on >= $3 AND a.status <> 'avlyst'
		ORDER BY a.starts_on, a.ends_on, a.id
		LIMIT `+strconv.Itoa(max(0, min(limit, 100))), v.ID, v.Admin, first, first.AddDate(0, 1, 0))
}

// QueueMine adds to batch b the activities the viewer v is responsible for that are late,
// under way or begin within two weeks of now, and for a cluster admin every late activity;
// late means ended within the last year without being done. The most recently late come
// first, then the others by end date, at most limit. After the batch the list is in *dst.
func QueueMine(b *pgx.Batch, v Viewer, now time.Time, limit int, dst *[]Activity) {
	today := Today(now)
	queueSettled(b, dst, today, mineSQL+strconv.Itoa(max(0, min(limit, 100))), v.ID, v.Admin, today)
}

// mineSQL is QueueMine's statement (with the viewer as $1 and $2, today as $3) but for the
// limit; its conditions on status and end date match the index of open activities (migration
// 00260), so a dashboard never reads the whole årshjul.
var mineSQL = activityColumns + `
		WHERE ` + memberOnly + ` AND a.status IN ('planlagt', 'pagar') AND a.ends_on >= $3::date - 365
		  AND ((a.responsible_user_id = $1 AND a.starts_on <= $3::date + 14) OR ($2::bool AND a.ends_on < $3::date))
		ORDER BY a.ends_on < $3::date DESC, CASE WHEN a.ends_on < $3::date THEN $3::date - a.ends_on ELSE a.ends_on - $3::date END, a.id
		LIMIT `

// queueSettled queues sql on b, collecting Activities into *dst with their status as of today.
func queueSettled(b *pgx.Batch, dst *[]Activity, today time.Time, sql string, args ...any) {
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		var err error
		*dst, err = pgx.CollectRows(rows, pgx.RowToStructByName[Activity])
		settle(*dst, today)
		return err
	})
}

// Activity returns the activity with id as v sees it, with its status as of today.
func (s *Store) Activity(ctx context.Context, v Viewer, id int64, today time.Time) (Activity, error) {
	rows, _ := s.pool.Query(ctx, activityColumns+` WHERE a.id = $3 AND `+memberOnly, v.ID, v.Admin, id)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Activity])
	if errors.Is(err, pgx.ErrNoRows) {
		return a, ErrNotFound
	}
	settleOne(&a, today)
	return a, err
}

// Create adds an activity to the plan and returns its id. Only plan editors may. The same
// activity sent again within ten minutes is not added twice: the first one's id is returned.
func (s *Store) Create(ctx context.Context, actor *auth.User, in Input) (int64, error) {
	if !CanEdit(actor) {
		return 0, ErrForbidden
	}
	c, errs := in.check()
	if !errs.OK() {
		return 0, errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	if err := checkRefs(ctx, tx, ViewerOf(actor), c); err != nil {
		return 0, err
	}
	// The same form sent twice (a double click, a resent form) makes one activity: the editor's
	// creations are serialised, and an identical activity made in the last minutes is the answer.
	id, found, err := database.Resubmitted(ctx, tx, "activities.create", actor.ID, `SELECT id FROM activities WHERE created_by = $1 AND created_at > now() - interval '10 minutes'
		AND title = $2 AND description = $3 AND starts_on = $4 AND ends_on = $5 ORDER BY id LIMIT 1`,
		actor.ID, c.title, c.description, c.startsOn, c.endsOn)
	if err != nil || found {
		return id, err
	}
	err = tx.QueryRow(ctx, `
		INSERT INTO activities (title, description, description_html, focus_area_id, topic_id, starts_on, ends_on,
		                        company_id, responsible_user_id, status, created_by, event_id, thread_id, open_to, project_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		c.title, c.description, s.md.HTML(c.description), c.focusAreaID, c.topicID, c.startsOn, c.endsOn,
		c.companyID, c.userID, string(c.status), actor.ID, c.eventID, c.threadID, c.openTo, c.projectID).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, tx.Commit(ctx)
}

// Update changes activity id. Only plan editors may.
func (s *Store) Update(ctx context.Context, actor *auth.User, id int64, in Input) error {
	if !CanEdit(actor) {
		return ErrForbidden
	}
	c, errs := in.check()
	if !errs.OK() {
		return errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	v := ViewerOf(actor)
	if err := checkRefs(ctx, tx, v, c); err != nil {
		return err
	}
	// A link to an event or thread the editor may not see was not offered in the form, so an
	// empty field keeps it rather than dropping what they could not know of.
	tag, err := tx.Exec(ctx, `
		UPDATE activities a SET title = $4, description = $5, description_html = $6, focus_area_id = $7, topic_id = $8,
		       starts_on = $9, ends_on = $10, company_id = $11, responsible_user_id = $12, status = $13, updated_at = now(),
		       event_id = CASE WHEN $14::bigint IS NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = a.event_id AND `+eventVisible+`)
		                       THEN a.event_id ELSE $14 END,
		       thread_id = CASE WHEN $15::bigint IS NULL AND NOT EXISTS (SELECT 1 FROM forum_threads th JOIN forums fo ON fo.id = th.forum_id
		                       WHERE th.id = a.thread_id AND `+forumVisible+`) THEN a.thread_id ELSE $15 END,
		       open_to = $16, project_id = $17
		WHERE a.id = $3`,
		v.ID, v.Admin, id, c.title, c.description, s.md.HTML(c.description), c.focusAreaID, c.topicID, c.startsOn, c.endsOn,
		c.companyID, c.userID, string(c.status), c.eventID, c.threadID, c.openTo, c.projectID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return tx.Commit(ctx)
}

// Delete removes activity id. Only plan editors may.
func (s *Store) Delete(ctx context.Context, actor *auth.User, id int64) error {
	if !CanEdit(actor) {
		return ErrForbidden
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM activities WHERE id = $1`, id)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// CopyYear copies the plan of year (the activities starting in it) to the next year, dates
// shifted by a year and every status reset to planned, in one transaction. It returns how many
// were copied; ErrConflict when the next year already has a plan, ErrNotFound when year has none.
func (s *Store) CopyYear(ctx context.Context, actor *auth.User, year int) (int, error) {
	if !CanEdit(actor) {
		return 0, ErrForbidden
	}
	if year < firstDate.Year() || year >= lastDate.Year() {
		return 0, ErrNotFound
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	// Serialise copies of the same year, so two editors cannot both copy into an empty year.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('plan.copy'), $1)`, year+1); err != nil {
		return 0, err
	}
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM activities WHERE year = $1)`, year+1).Scan(&exists); err != nil {
		return 0, err
	}
	if exists {
		return 0, ErrConflict
	}
	tag, err := tx.Exec(ctx, `
		INSERT INTO activities (title, description, description_html, focus_area_id, topic_id, starts_on, ends_on,
		                        company_id, responsible_user_id, status, created_by, thread_id, project_id)
		SELECT title, description, description_html, focus_area_id, topic_id,
		       (starts_on + interval '1 year')::date, (ends_on + interval '1 year')::date,
		       company_id, responsible_user_id, 'planlagt', $2, thread_id, project_id
		FROM activities WHERE year = $1 ORDER BY starts_on, id`, year, actor.ID)
	if err != nil {
		return 0, err
	}
	if tag.RowsAffected() == 0 {
		return 0, ErrNotFound
	}
	return int(tag.RowsAffected()), tx.Commit(ctx)
}

// checkRefs reports, per field, a focus area, topic, company or person that does not exist,
// a topic of another focus area, or an event or thread that does not exist or that the
// editor v may not see (alike, so that the answer tells nothing of a hidden one).
func checkRefs(ctx context.Context, tx pgx.Tx, v Viewer, c clean) error {
	var focus, topic, company, person, event, thread, project bool
	err := tx.QueryRow(ctx, `SELECT
		EXISTS (SELECT 1 FROM focus_areas WHERE id = $3),
		$4::smallint IS NULL OR EXISTS (SELECT 1 FROM topics WHERE id = $4 AND focus_area_id = $3),
		$5::bigint IS NULL OR EXISTS (SELECT 1 FROM companies WHERE id = $5),
		$6::bigint IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = $6 AND active),
		$7::bigint IS NULL OR EXISTS (SELECT 1 FROM events e WHERE e.id = $7 AND `+eventVisible+`),
		$8::bigint IS NULL OR EXISTS (SELECT 1 FROM forum_threads th JOIN forums fo ON fo.id = th.forum_id WHERE th.id = $8 AND `+forumVisible+`),
		$9::bigint IS NULL OR EXISTS (SELECT 1 FROM projects WHERE id = $9)`,
		v.ID, v.Admin, c.focusAreaID, c.topicID, c.companyID, c.userID, c.eventID, c.threadID, c.projectID).Scan(&focus, &topic, &company, &person, &event, &thread, &project)
	if err != nil {
		return err
	}
	errs := validate.Errors{}
	if !focus {
		errs.Add("focus_area", "Velg et satsingsområde.")
	} else if !topic {
		errs.Add("topic", "Temaet hører ikke til satsingsområdet du valgte.")
	}
	if !company {
		errs.Add("company", "Velg et selskap fra listen.")
	}
	if !person {
		errs.Add("responsible", "Velg en person fra listen.")
	}
	if !event {
		errs.Add("event", "Velg et arrangement fra listen.")
	}
	if !thread {
		errs.Add("thread", "Fant ingen tråd med den adressen eller det nummeret.")
	}
	if !project {
		errs.Add("project", "Velg et prosjekt fra listen.")
	}
	return errs.Err()
}
