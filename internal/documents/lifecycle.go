package documents

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
)

// Delete marks document id deleted; a cluster admin can restore it for RestoreDays days.
func (s *Store) Delete(ctx context.Context, actor *auth.User, id int64) (string, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback(ctx)
	d, err := lockForChange(ctx, tx, actor, id)
	if err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, `UPDATE documents SET deleted_at = now(), deleted_by = $2 WHERE id = $1`, id, actor.ID); err != nil {
		return "", err
	}
	if err := audit(ctx, tx, actor, d.CompanyID, "document.delete", id, map[string]any{"title": d.Title}); err != nil {
		return "", err
	}
	return d.Title, tx.Commit(ctx)
}

// Restore brings back a document deleted within RestoreDays days (cluster admins only).
func (s *Store) Restore(ctx context.Context, actor *auth.User, id int64) (string, error) {
	if !actor.IsClusterAdmin() {
		return "", ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback(ctx)
	var title string
	var companyID int64
	err = tx.QueryRow(ctx, `UPDATE documents SET deleted_at = NULL, deleted_by = NULL
		WHERE id = $1 AND deleted_at > now() - make_interval(days => `+strconv.Itoa(RestoreDays)+`)
		RETURNING title, company_id`, id).Scan(&title, &companyID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	if err := audit(ctx, tx, actor, companyID, "document.restore", id, map[string]any{"title": title}); err != nil {
		return "", err
	}
	return title, tx.Commit(ctx)
}

// audit records a change of a document in the shared audit log, in tx.
func audit(ctx context.Context, tx pgx.Tx, actor *auth.User, companyID int64, action string, id int64, details map[string]any) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details) VALUES ($1, $2, $3, 'document', $4, $5)`,
		actor.ID, companyID, action, id, details)
	return err
}
