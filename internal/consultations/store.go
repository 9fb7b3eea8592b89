package consultations

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/markdown"
)

// Store reads and writes the area's tables; Markdown is rendered to safe HTML once, at save.
type Store struct {
	pool *pgxpool.Pool
	md   *markdown.Renderer
}

// NewStore returns a store on pool that renders Markdown with md.
func NewStore(pool *pgxpool.Pool, md *markdown.Renderer) *Store { return &Store{pool: pool, md: md} }

const consultationColumns = `k.id, k.title, k.authority, k.link, k.authority_deadline, k.input_deadline,
	k.focus_area_id, fa.name AS focus_area, k.status, k.summary, k.draft_md, k.draft_html, k.final_md,
	k.final_html, k.sent_on, k.updated_at,
	(SELECT count(*) FROM consultation_inputs i WHERE i.consultation_id = k.id)::int AS input_count
	FROM consultations k JOIN focus_areas fa ON fa.id = k.focus_area_id`

// Current lists the consultations still being worked on, the nearest internal deadline first.
func (s *Store) Current(ctx context.Context) ([]Consultation, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+consultationColumns+`
		WHERE k.status IN ('open', 'in_progress') ORDER BY k.input_deadline, k.id LIMIT 200`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Consultation])
}

// ArchiveCursor is the position after the last consultation of an archive page.
type ArchiveCursor struct {
	Deadline time.Time
	ID       int64
}

// Archive returns a page of sent and closed consultations, the latest first, matching query
// (Norwegian full-text search; empty matches all), and whether there are more.
func (s *Store) Archive(ctx context.Context, query string, after *ArchiveCursor, limit int) ([]Consultation, bool, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	var afterDate *time.Time
	var afterID int64
	if after != nil {
		afterDate, afterID = &after.Deadline, after.ID
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+consultationColumns+`
		WHERE k.status IN ('sent', 'closed')
		  AND ($1 = '' OR k.search @@ websearch_to_tsquery('norwegian', $1))
		  AND ($2::date IS NULL OR (k.authority_deadline, k.id) < ($2::date, $3::bigint))
		ORDER BY k.authority_deadline DESC, k.id DESC
		LIMIT $4`, query, afterDate, afterID, limit+1)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Consultation])
	if err != nil {
		return nil, false, err
	}
	more := len(list) > limit
	if more {
		list = list[:limit]
	}
	return list, more, nil
}

// Consultation returns the consultation with id.
func (s *Store) Consultation(ctx context.Context, id int64) (Consultation, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+consultationColumns+` WHERE k.id = $1`, id)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Consultation])
	if errors.Is(err, pgx.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// Parts lists every member company with its input to and its stand on consultation id, by name.
func (s *Store) Parts(ctx context.Context, id int64) ([]CompanyPart, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT c.id AS company_id, c.slug AS company_slug, coalesce(nullif(c.short_name, ''), c.name) AS company_name,
		       i.body_md AS input_md, i.body_html AS input_html, iu.name AS input_author, i.updated_at AS input_at,
		       st.stands_behind, su.name AS decided_by, st.decided_at
		FROM companies c
		LEFT JOIN consultation_inputs i ON i.consultation_id = $1 AND i.company_id = c.id
		LEFT JOIN users iu ON iu.id = i.author_id
		LEFT JOIN consultation_stances st ON st.consultation_id = $1 AND st.company_id = c.id
		LEFT JOIN users su ON su.id = st.decided_by
		ORDER BY c.name COLLATE nb, c.id`, id)
	return pgx.CollectRows(rows, pgx.RowToStructByName[CompanyPart])
}

// Comments lists the comments on consultation id, oldest first (at most 500).
func (s *Store) Comments(ctx context.Context, id int64) ([]Comment, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT m.id, u.name AS author_name, coalesce(nullif(c.short_name, ''), c.name) AS company_name, m.body, m.created_at
		FROM consultation_comments m
		LEFT JOIN users u ON u.id = m.author_id LEFT JOIN companies c ON c.id = u.company_id
		WHERE m.consultation_id = $1
		ORDER BY m.created_at, m.id LIMIT 500`, id)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Comment])
}

// OpenDeadlines lists up to limit consultations open for input, the nearest internal deadline
// first, each with whether company companyID has given its input (for the dashboard).
func (s *Store) OpenDeadlines(ctx context.Context, companyID int64, limit int) ([]Deadline, error) {
	var b pgx.Batch
	var list []Deadline
	QueueOpenDeadlines(&b, companyID, limit, &list)
	return list, database.Send(ctx, s.pool, &b)
}

// QueueOpenDeadlines adds the query of OpenDeadlines to batch b; after the batch the list is
// in *dst.
func QueueOpenDeadlines(b *pgx.Batch, companyID int64, limit int, dst *[]Deadline) {
	limit = max(1, min(limit, 50))
	database.Collect(b, dst, `
		SELECT k.id, k.title, k.authority, k.input_deadline,
		       EXISTS (SELECT 1 FROM consultation_inputs i WHERE i.consultation_id = k.id AND i.company_id = $1) AS has_input
		FROM consultations k
		WHERE k.status = 'open' AND k.input_deadline > now()
		ORDER BY k.input_deadline, k.id LIMIT $2`, companyID, limit)
}

// Create registers a consultation; only cluster admins may. It returns the new id (the first
// one's, when the same consultation is sent again within ten minutes).
func (s *Store) Create(ctx context.Context, actor *auth.User, f Form) (int64, error) {
	if !actor.IsClusterAdmin() {
		return 0, ErrForbidden
	}
	c, err := f.check()
	if err != nil {
		return 0, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	// The same form sent twice (a double click, a resent form) registers one consultation: the
	// admin's registrations are serialised, and an identical one of the last minutes is the answer.
	id, found, err := database.Resubmitted(ctx, tx, "consultations.create", actor.ID, `SELECT id FROM consultations WHERE created_by = $1 AND created_at > now() - interval '10 minutes'
		AND title = $2 AND authority = $3 AND draft_md = $4 ORDER BY id LIMIT 1`, actor.ID, c.title, c.authority, c.draft)
	if err != nil || found {
		return id, err
	}
	err = tx.QueryRow(ctx, `
		INSERT INTO consultations (title, authority, link, authority_deadline, input_deadline, focus_area_id, status,
		                           summary, draft_md, draft_html, final_md, final_html, sent_on, created_by)
		SELECT $1, $2, $3, $4, $5, fa.id, $7, $8, $9, $10, $11, $12, $13, $14 FROM focus_areas fa WHERE fa.id = $6
		RETURNING id`,
		c.title, c.authority, c.link, c.authorityDeadline, c.inputDeadline, c.focusArea, c.status,
		c.summary, c.draft, s.html(c.draft), c.final, s.html(c.final), c.sentOn, actor.ID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, focusAreaError()
	}
	if err != nil {
		return 0, err
	}
	if err := audit(ctx, tx, actor, "consultation.create", "consultation", id, c.title); err != nil {
		return 0, err
	}
	return id, tx.Commit(ctx)
}

// Update changes consultation id; only cluster admins may.
func (s *Store) Update(ctx context.Context, actor *auth.User, id int64, f Form) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	c, err := f.check()
	if err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM focus_areas WHERE id = $1)`, c.focusArea).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return focusAreaError()
	}
	tag, err := tx.Exec(ctx, `
		UPDATE consultations SET title = $2, authority = $3, link = $4, authority_deadline = $5, input_deadline = $6,
		       focus_area_id = $7, status = $8, summary = $9, draft_md = $10, draft_html = $11, final_md = $12,
		       final_html = $13, sent_on = $14, updated_at = now()
		WHERE id = $1`,
		id, c.title, c.authority, c.link, c.authorityDeadline, c.inputDeadline, c.focusArea, c.status,
		c.summary, c.draft, s.html(c.draft), c.final, s.html(c.final), c.sentOn)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	if err := audit(ctx, tx, actor, "consultation.update", "consultation", id, c.title); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// audit records an administrative action of actor on the target with its title.
func audit(ctx context.Context, tx pgx.Tx, actor *auth.User, action, targetType string, targetID int64, title string) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
		actor.ID, actor.CompanyID, action, targetType, targetID, map[string]any{"title": title})
	return err
}

func (s *Store) html(src string) string {
	if src == "" {
		return ""
	}
	return s.md.HTML(src)
}
