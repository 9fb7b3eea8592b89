package members

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
)

// DormantAfter is how long without signing in makes an active account dormant.
const DormantAfter = 183 * 24 * time.Hour

// Dormant lists the company's active people who have not signed in for DormantAfter (or
// never, since they got their account that long ago), longest first.
func (s *Store) Dormant(ctx context.Context, actor *auth.User, companyID int64) ([]Person, error) {
	if !actor.CanAdminCompany(companyID) {
		return nil, ErrForbidden
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+personColumns+`
		WHERE u.company_id = $1 AND u.active AND coalesce(u.last_login_at, u.created_at) < now() - $2::interval AND u.id <> $3
		ORDER BY coalesce(u.last_login_at, u.created_at), u.id LIMIT 500`, companyID, DormantAfter, actor.ID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}

// DeactivateDormant deactivates those of ids who are still dormant people of the company, in
// one transaction, and returns how many it deactivated.
func (s *Store) DeactivateDormant(ctx context.Context, actor *auth.User, companyID int64, ids []int64) (int, error) {
	if !actor.CanAdminCompany(companyID) {
		return 0, ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `
		UPDATE users u SET active = false, sessions_valid_after = now(), updated_at = now()
		WHERE u.id = ANY($1) AND u.company_id = $2 AND u.active AND u.id <> $4
		  AND coalesce(u.last_login_at, u.created_at) < now() - $3::interval
		  AND (u.role <> 'cluster_admin' OR $5)
		RETURNING u.id`, ids, companyID, DormantAfter, actor.ID, actor.IsClusterAdmin())
	done, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, err
	}
	for _, id := range done {
		if err := audit(ctx, tx, actor, companyID, "user.deactivate", "user", id, map[string]any{"dormant": true}); err != nil {
			return 0, err
		}
	}
	return len(done), tx.Commit(ctx)
}
