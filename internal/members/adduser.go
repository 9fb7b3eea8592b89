package members

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
)

// AddUser creates an active user with a password in the company with slug: how the first
// cluster admin is made in production (portal adduser).
func AddUser(ctx context.Context, pool *pgxpool.Pool, companySlug, email, name, password string, role auth.Role) (int64, error) {
	if err := auth.CheckPassword(password); err != nil {
		return 0, err
	}
	if !role.Valid() {
		return 0, fmt.Errorf("unknown role %q", role)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = pool.QueryRow(ctx, `INSERT INTO users (company_id, email, name, role, password_hash)
		SELECT id, $2, $3, $4, $5 FROM companies WHERE slug = $1 RETURNING id`, companySlug, email, name, role, hash).Scan(&id)
	if err == pgx.ErrNoRows {
		return 0, fmt.Errorf("no company with slug %q", companySlug)
	}
	return id, err
}
