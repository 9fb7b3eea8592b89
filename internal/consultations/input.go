package consultations

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/validate"
)

func focusAreaError() error {
	return validate.Errors{"focus_area": "Velg et av satsingsområdene."}
}

// SaveInput gives or edits the input of actor's company to consultation id: one per company,
// so a second is an edit. The company is always the actor's own. After the internal deadline,
// or once the consultation is no longer open, it returns ErrClosed.
func (s *Store) SaveInput(ctx context.Context, actor *auth.User, id int64, body string) error {
	if actor == nil {
		return ErrForbidden
	}
	e := validate.Errors{}
	body = e.Text("input", body, 1, markdown.MaxLength, true)
	if err := e.Err(); err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	// The row lock keeps a concurrent status change or deadline edit from slipping in between.
	var open bool
	err = tx.QueryRow(ctx, `SELECT status = 'open' AND input_deadline > now() FROM consultations WHERE id = $1 FOR SHARE`, id).Scan(&open)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if !open {
		return ErrClosed
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO consultation_inputs (consultation_id, company_id, body_md, body_html, author_id)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (consultation_id, company_id) DO UPDATE
		SET body_md = EXCLUDED.body_md, body_html = EXCLUDED.body_html, author_id = EXCLUDED.author_id, updated_at = now()`,
		id, actor.CompanyID, body, s.md.HTML(body), actor.ID)
	if err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// AddComment adds actor's comment on the draft response of consultation id, while the
// consultation is being worked on and has a draft. The same comment sent again within ten
// minutes is not added twice.
func (s *Store) AddComment(ctx context.Context, actor *auth.User, id int64, body string) error {
	if actor == nil {
		return ErrForbidden
	}
	e := validate.Errors{}
	body = e.Text("comment", body, 1, 5000, true)
	if err := e.Err(); err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	// The same comment sent twice (a double click, a resent form) is stored once: the author's
	// comments on the consultation are serialised, and an identical one of the last minutes is kept.
	if _, again, err := database.Resubmitted(ctx, tx, "consultation.comment:"+strconv.FormatInt(id, 10), actor.ID, `SELECT id FROM consultation_comments
		WHERE consultation_id = $1 AND author_id = $2 AND body = $3 AND created_at > now() - interval '10 minutes' LIMIT 1`, id, actor.ID, body); err != nil || again {
		return err
	}
	tag, err := tx.Exec(ctx, `
		INSERT INTO consultation_comments (consultation_id, author_id, body)
		SELECT id, $2, $3 FROM consultations WHERE id = $1 AND status IN ('open', 'in_progress') AND draft_html <> ''`,
		id, actor.ID, body)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return s.notFoundOrClosed(ctx, id)
	}
	return tx.Commit(ctx)
}

// SetStance records whether actor's company stands behind the draft response of consultation
// id. Only the company's admins and directors may, and only for their own company.
func (s *Store) SetStance(ctx context.Context, actor *auth.User, id int64, standsBehind bool) error {
	if !CanTakeStand(actor) {
		return ErrForbidden
	}
	tag, err := s.pool.Exec(ctx, `
		INSERT INTO consultation_stances (consultation_id, company_id, stands_behind, decided_by)
		SELECT id, $2, $3, $4 FROM consultations WHERE id = $1 AND status IN ('open', 'in_progress') AND draft_html <> ''
		ON CONFLICT (consultation_id, company_id) DO UPDATE
		SET stands_behind = EXCLUDED.stands_behind, decided_by = EXCLUDED.decided_by, decided_at = now()`,
		id, actor.CompanyID, standsBehind, actor.ID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return s.notFoundOrClosed(ctx, id)
	}
	return nil
}

func (s *Store) notFoundOrClosed(ctx context.Context, id int64) error {
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM consultations WHERE id = $1)`, id).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return ErrNotFound
	}
	return ErrClosed
}
