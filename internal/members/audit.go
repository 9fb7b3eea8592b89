package members

import (
	"context"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
)

// audit records an administrative action in tx.
func audit(ctx context.Context, tx pgx.Tx, actor *auth.User, companyID int64, action, targetType string, targetID int64, details map[string]any) error {
	if details == nil {
		details = map[string]any{}
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
		actor.ID, companyID, action, targetType, targetID, details)
	return err
}

const auditSelect = `SELECT a.id, a.at, actor.name AS actor_name, coalesce(nullif(c.short_name, ''), c.name) AS company_name, a.action, a.target_type, a.target_id, a.details::text AS details
	FROM audit_log a LEFT JOIN users actor ON actor.id = a.actor_id LEFT JOIN companies c ON c.id = a.company_id`

// Audit lists the latest administrative actions, newest first; companyID 0 means all companies.
func (s *Store) Audit(ctx context.Context, companyID int64, limit int) ([]AuditEntry, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, _ := s.pool.Query(ctx, auditSelect+` WHERE ($1 = 0 OR a.company_id = $1) ORDER BY a.at DESC, a.id DESC LIMIT $2`, companyID, limit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[AuditEntry])
}
