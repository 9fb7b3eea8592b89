package auth

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// SignIn finds the person that id names for prov's company: by the provider's stable subject once
// linked, or the first time by a verified e-mail address of that company's domains matching an
// invited or existing person of that company only (or a new member, where the company allows
// it). A deactivated person is refused. It returns the user's id and the database's time of the
// sign-in.
func (p *Providers) SignIn(ctx context.Context, prov Provider, id Identity) (int64, time.Time, error) {
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return 0, time.Time{}, err
	}
	defer func() { _ = tx.Rollback(ctx) }()

	var userID, companyID int64
	var active bool
	err = tx.QueryRow(ctx, `
		SELECT u.id, coalesce(u.company_id, 0), u.active FROM user_identities ui JOIN users u ON u.id = ui.user_id
		WHERE ui.issuer = $1 AND ui.subject = $2`, id.Issuer, id.Subject).Scan(&userID, &companyID, &active)
	linked := err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, time.Time{}, err
	}
	if !linked {
		if userID, companyID, active, err = p.link(ctx, tx, prov, id); err != nil {
			return 0, time.Time{}, err
		}
	}
	if companyID != prov.CompanyID {
		return 0, time.Time{}, ErrOtherCompany
	}
	if !active {
		return 0, time.Time{}, ErrDeactivated
	}
	var at time.Time
	if err := tx.QueryRow(ctx, `UPDATE users SET last_login_at = now() WHERE id = $1 RETURNING now()`, userID).Scan(&at); err != nil {
		return 0, time.Time{}, err
	}
	if _, err := tx.Exec(ctx, `UPDATE user_identities SET last_login_at = now() WHERE issuer = $1 AND subject = $2`, id.Issuer, id.Subject); err != nil {
		return 0, time.Time{}, err
	}
	return userID, at, tx.Commit(ctx)
}

// link ties the identity to a person of prov's company found by verified e-mail, or creates one.
func (p *Providers) link(ctx context.Context, tx pgx.Tx, prov Provider, id Identity) (userID, companyID int64, active bool, err error) {
	email := NormalizeEmail(id.Email)
	_, domain, _ := strings.Cut(email, "@")
	if email == "" || !id.EmailVerified {
		return 0, 0, false, ErrEmailUnverified
	}
	if !slices.Contains(prov.Domains, domain) {
		return 0, 0, false, ErrOtherCompany
	}
	err = tx.QueryRow(ctx, `SELECT id, coalesce(company_id, 0), active FROM users WHERE lower(email) = $1 FOR UPDATE`, email).Scan(&userID, &companyID, &active)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		if !prov.CreateUsers {
			return 0, 0, false, ErrNoAccount
		}
		name := strings.TrimSpace(id.Name)
		if name == "" || len(name) > 120 {
			name, _, _ = strings.Cut(email, "@")
		}
		err = tx.QueryRow(ctx, `INSERT INTO users (company_id, email, name, role) VALUES ($1, $2, $3, 'member') RETURNING id`,
			prov.CompanyID, email, name).Scan(&userID)
		if err != nil {
			return 0, 0, false, err
		}
		companyID, active = prov.CompanyID, true
		if _, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details)
			VALUES ($1, $2, 'user.create_sso', 'user', $1, jsonb_build_object('issuer', $3::text))`, userID, companyID, id.Issuer); err != nil {
			return 0, 0, false, err
		}
	case err != nil:
		return 0, 0, false, err
	case companyID != prov.CompanyID:
		return 0, 0, false, ErrOtherCompany
	}
	if !active {
		return 0, 0, false, ErrDeactivated
	}
	tag, err := tx.Exec(ctx, `INSERT INTO user_identities (issuer, subject, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		id.Issuer, id.Subject, userID)
	if err != nil {
		return 0, 0, false, err
	}
	if tag.RowsAffected() == 0 { // the person is linked to another subject of this provider already
		return 0, 0, false, ErrNoAccount
	}
	// An invitation still open is used up by signing in: the person now has a way in.
	if _, err := tx.Exec(ctx, `UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND purpose = 'invitation' AND used_at IS NULL`, userID); err != nil {
		return 0, 0, false, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details)
		VALUES ($1, $2, 'user.link_sso', 'user', $1, jsonb_build_object('issuer', $3::text))`, userID, companyID, id.Issuer)
	return userID, companyID, true, err
}

// PasswordAllowed reports whether the person may sign in with a password: not when their
// company signs in with its provider only, unless they are a break-glass cluster admin.
func (p *Providers) PasswordAllowed(ctx context.Context, userID int64) (bool, error) {
	var ok bool
	err := p.pool.QueryRow(ctx, `
		SELECT u.break_glass OR NOT coalesce((SELECT provider_only FROM identity_providers WHERE company_id = u.company_id), false)
		FROM users u WHERE u.id = $1`, userID).Scan(&ok)
	return ok, err
}

// SetBreakGlass lets a cluster admin keep (or lose) a password when their company is provider-only.
func (p *Providers) SetBreakGlass(ctx context.Context, userID, by int64, on bool) error {
	tag, err := p.pool.Exec(ctx, `UPDATE users SET break_glass = $2, updated_at = now() WHERE id = $1 AND (role = 'cluster_admin' OR NOT $2)`, userID, on)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	_, err = p.pool.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details)
		SELECT $2, company_id, 'user.break_glass', 'user', id, jsonb_build_object('on', $3::bool) FROM users WHERE id = $1`, userID, by, on)
	return err
}

// LinkedPeople returns which of the company's people are linked to an identity provider.
func (p *Providers) LinkedPeople(ctx context.Context, companyID int64) (map[int64]bool, error) {
	rows, _ := p.pool.Query(ctx, `SELECT DISTINCT ui.user_id FROM user_identities ui JOIN users u ON u.id = ui.user_id WHERE u.company_id = $1`, companyID)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	linked := make(map[int64]bool, len(ids))
	for _, id := range ids {
		linked[id] = true
	}
	return linked, err
}

// BreakGlassPeople returns which of the company's cluster admins keep a password when the
// company is provider-only.
func (p *Providers) BreakGlassPeople(ctx context.Context, companyID int64) (map[int64]bool, error) {
	rows, _ := p.pool.Query(ctx, `SELECT id FROM users WHERE company_id = $1 AND break_glass`, companyID)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	on := make(map[int64]bool, len(ids))
	for _, id := range ids {
		on[id] = true
	}
	return on, err
}
