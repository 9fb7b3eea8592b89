package indicators

import (
	"context"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
)

// audit records an administrative action of this area in the shared audit log, inside tx.
func audit(ctx context.Context, tx pgx.Tx, actor *auth.User, companyID *int64, action, targetType string, targetID int64, details map[string]any) error {
	if details == nil {
		details = map[string]any{}
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
		actor.ID, companyID, action, targetType, targetID, details)
	return err
}
