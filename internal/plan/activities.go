package plan

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
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

const activityColumns = `
	SELECT a.id, a.title, a.description, a.description_html, a.focus_area_id, f.slug AS focus_area_slug,
	       f.name AS focus_area_name, a.topic_id, t.name AS topic_name, a.starts_on, a.ends_on, a.year,
	       a.company_id, c.slug AS company_slug, c.name AS company_name,
	       a.responsible_user_id, u.name AS responsible_name, a.status, a.updated_at
	FROM activities a
	JOIN focus_areas f ON f.id = a.focus_area_id
	LEFT JOIN topics t ON t.id = a.topic_id
	LEFT JOIN companies c ON c.id = a.company_id
	LEFT JOIN users u ON u.id = a.responsible_user_id`

// Activities returns the activities overlapping window w that pass f, by start date, in one query.
func (s *Store) Activities(ctx context.Context, w Window, f Filter) ([]Activity, error) {
	rows, _ := s.pool.Query(ctx, activityColumns+`
		WHERE a.starts_on < $2 AND a.ends_on >= $1
		  AND ($3 = '' OR f.slug = $3) AND ($4 = '' OR t.slug = $4)
		  AND ($5 = '' OR c.slug = $5) AND ($6 = '' OR a.status = $6)
		ORDER BY a.starts_on, a.ends_on, a.id
		LIMIT $7`, w.Start, w.End, f.FocusArea, f.Topic, f.Company, string(f.Status), MaxPerWheel)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Activity])
}

// ThisMonth returns at most limit activities under way in the calendar month of now (Oslo
// time), by start date: the dashboard's "this month in the årshjul".
func (s *Store) ThisMonth(ctx context.Context, now time.Time, limit int) ([]Activity, error) {
	y, m, _ := now.In(oslo).Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	rows, _ := s.pool.Query(ctx, activityColumns+`
		WHERE a.starts_on < $2 AND a.ends_on >= $1 AND a.status <> 'avlyst'
		ORDER BY a.starts_on, a.ends_on, a.id
		LIMIT $3`, first, first.AddDate(0, 1, 0), max(0, min(limit, 100)))
	return pgx.CollectRows(rows, pgx.RowToStructByName[Activity])
}

// Activity returns the activity with id.
func (s *Store) Activity(ctx context.Context, id int64) (Activity, error) {
	rows, _ := s.pool.Query(ctx, activityColumns+` WHERE a.id = $1`, id)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Activity])
	if errors.Is(err, pgx.ErrNoRows) {
		return a, ErrNotFound
	}
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
	if err := checkRefs(ctx, tx, c); err != nil {
		return 0, err
	}
	// The same form sent twice (a double click, a resent form) makes one activity: the editor's
	// creations are serialised, and an identical activity made in the last minutes is the answer.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('activities.create:' || $1::bigint, 0))`, actor.ID); err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRow(ctx, `SELECT id FROM activities WHERE created_by = $1 AND created_at > now() - interval '10 minutes'
		AND title = $2 AND description = $3 AND starts_on = $4 AND ends_on = $5 ORDER BY id LIMIT 1`,
		actor.ID, c.title, c.description, c.startsOn, c.endsOn).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, err
	}
	err = tx.QueryRow(ctx, `
		INSERT INTO activities (title, description, description_html, focus_area_id, topic_id, starts_on, ends_on,
		                        company_id, responsible_user_id, status, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		c.title, c.description, s.md.HTML(c.description), c.focusAreaID, c.topicID, c.startsOn, c.endsOn,
		c.companyID, c.userID, string(c.status), actor.ID).Scan(&id)
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
	if err := checkRefs(ctx, tx, c); err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `
		UPDATE activities SET title = $2, description = $3, description_html = $4, focus_area_id = $5, topic_id = $6,
		       starts_on = $7, ends_on = $8, company_id = $9, responsible_user_id = $10, status = $11, updated_at = now()
		WHERE id = $1`,
		id, c.title, c.description, s.md.HTML(c.description), c.focusAreaID, c.topicID, c.startsOn, c.endsOn,
		c.companyID, c.userID, string(c.status))
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
		                        company_id, responsible_user_id, status, created_by)
		SELECT title, description, description_html, focus_area_id, topic_id,
		       (starts_on + interval '1 year')::date, (ends_on + interval '1 year')::date,
		       company_id, responsible_user_id, 'planlagt', $2
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
// or a topic of another focus area.
func checkRefs(ctx context.Context, tx pgx.Tx, c clean) error {
	var focus, topic, company, person bool
	err := tx.QueryRow(ctx, `SELECT
		EXISTS (SELECT 1 FROM focus_areas WHERE id = $1),
		$2::smallint IS NULL OR EXISTS (SELECT 1 FROM topics WHERE id = $2 AND focus_area_id = $1),
		$3::bigint IS NULL OR EXISTS (SELECT 1 FROM companies WHERE id = $3),
		$4::bigint IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = $4 AND active)`,
		c.focusAreaID, c.topicID, c.companyID, c.userID).Scan(&focus, &topic, &company, &person)
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
	return errs.Err()
}
