package members

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// Group returns the group with id.
func (s *Store) Group(ctx context.Context, id int64) (Group, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT g.id, g.slug, g.name, g.kind, g.description,
		       (SELECT count(*) FROM group_members gm WHERE gm.group_id = g.id) AS member_count
		FROM groups g WHERE g.id = $1`, id)
	g, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Group])
	if errors.Is(err, pgx.ErrNoRows) {
		return g, ErrNotFound
	}
	return g, err
}

// GroupMembers lists the people of group id by name.
func (s *Store) GroupMembers(ctx context.Context, id int64) ([]Person, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+personColumns+`
		WHERE u.id IN (SELECT user_id FROM group_members WHERE group_id = $1)
		ORDER BY u.name COLLATE nb, u.id`, id)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}

// SetMembership adds user to or removes user from group. Only cluster admins manage groups.
func (s *Store) SetMembership(ctx context.Context, actor *auth.User, groupID, userID int64, member bool) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var companyID int64
	if err := tx.QueryRow(ctx, `SELECT company_id FROM users WHERE id = $1`, userID).Scan(&companyID); errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	} else if err != nil {
		return err
	}
	sql, action := `INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, "group.add"
	if !member {
		sql, action = `DELETE FROM group_members WHERE group_id = $1 AND user_id = $2`, "group.remove"
	}
	tag, err := tx.Exec(ctx, sql, groupID, userID)
	if database.IsForeignKeyViolation(err) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if tag.RowsAffected() > 0 {
		if err := audit(ctx, tx, actor, companyID, action, "group", groupID, map[string]any{"user_id": userID}); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// AllActive lists every active person, for choosing group members.
func (s *Store) AllActive(ctx context.Context) ([]Person, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+personColumns+` WHERE u.active ORDER BY u.name COLLATE nb, u.id`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}
