package members

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// MaxLogoBytes is the most a re-encoded logo may take.
const MaxLogoBytes = 2 << 20

// Logo is a company's logo as stored and served: re-encoded at upload.
type Logo struct {
	ContentType string `db:"content_type"`
	Data        []byte `db:"data"`
	Width       int    `db:"width"`
	Height      int    `db:"height"`
}

// SetLogo stores company id's logo (already checked and re-encoded); only its own company
// admins and cluster admins may.
func (s *Store) SetLogo(ctx context.Context, actor *auth.User, id int64, l Logo) error {
	if !actor.CanAdminCompany(id) {
		return ErrForbidden
	}
	if len(l.Data) == 0 || len(l.Data) > MaxLogoBytes || (l.ContentType != "image/png" && l.ContentType != "image/jpeg") {
		return ErrConflict
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `INSERT INTO company_logos (company_id, content_type, data, width, height) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (company_id) DO UPDATE SET content_type = EXCLUDED.content_type, data = EXCLUDED.data,
			width = EXCLUDED.width, height = EXCLUDED.height, updated_at = now()`, id, l.ContentType, l.Data, l.Width, l.Height); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor, id, "company.logo", "company", id, nil); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// RemoveLogo deletes company id's logo.
func (s *Store) RemoveLogo(ctx context.Context, actor *auth.User, id int64) error {
	if !actor.CanAdminCompany(id) {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `DELETE FROM company_logos WHERE company_id = $1`, id); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor, id, "company.logo_remove", "company", id, nil); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// CompanyLogo returns company id's logo.
func (s *Store) CompanyLogo(ctx context.Context, id int64) (Logo, error) {
	rows, _ := s.pool.Query(ctx, `SELECT content_type, data, width, height FROM company_logos WHERE company_id = $1`, id)
	l, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Logo])
	if errors.Is(err, pgx.ErrNoRows) {
		return l, ErrNotFound
	}
	return l, err
}

// QueueContacts adds to b the company's contact persons: the chosen contact person first,
// then its company admins, up to limit; after the batch they are in *dst.
func QueueContacts(b *pgx.Batch, c Company, limit int, dst *[]Person) {
	var contact int64
	if c.ContactUserID != nil {
		contact = *c.ContactUserID
	}
	database.Collect(b, dst, contactsSQL+strconv.Itoa(max(1, min(limit, 20))), c.ID, contact)
}

// contactsSQL selects the company $1's contact person $2 and its administrators, the contact
// first, up to the limit that ends it; through the index of administrators (migration 00280).
var contactsSQL = `SELECT ` + personColumns + `
	WHERE u.company_id = $1 AND ` + listed + ` AND (u.id = $2 OR u.role = 'company_admin')
	ORDER BY u.id = $2 DESC, u.name COLLATE nb, u.id LIMIT `
