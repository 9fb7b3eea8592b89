package members

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/mail"
	"klyngeportalen/internal/validate"
)

// InviteInput is what an administrator fills in to invite a colleague.
type InviteInput struct {
	CompanyID int64
	Email     string
	Name      string
	Title     string
	Role      auth.Role
}

// Invite creates the account, a 7-day single-use link and the invitation mail, in one
// transaction. A company admin invites to their own company with a role up to their own; a
// cluster admin invites anyone to any company.
func (s *Store) Invite(ctx context.Context, actor *auth.User, in InviteInput, baseURL string) (int64, error) {
	if !actor.CanAdminCompany(in.CompanyID) {
		return 0, ErrForbidden
	}
	errs := validate.Errors{}
	in.Email = errs.Email("email", in.Email)
	in.Name = errs.Text("name", in.Name, 1, 120, false)
	in.Title = errs.Text("title", in.Title, 0, 120, false)
	if !actor.CanGrant(in.Role) {
		errs.Add("role", "Velg en rolle du selv har lov til å gi.")
	}
	if !errs.OK() {
		return 0, errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	var id int64
	var companyName string
	err = tx.QueryRow(ctx, `
		INSERT INTO users (company_id, email, name, title, role) VALUES ($1, $2, $3, $4, $5)
		RETURNING id, (SELECT name FROM companies WHERE id = $1)`,
		in.CompanyID, in.Email, in.Name, in.Title, in.Role).Scan(&id, &companyName)
	if database.IsUniqueViolation(err) {
		return 0, validate.Errors{"email": "Det finnes allerede en bruker med denne e-postadressen."}
	}
	if database.IsForeignKeyViolation(err) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	if err := sendInvitation(ctx, tx, actor, id, in.Email, in.Name, companyName, baseURL); err != nil {
		return 0, err
	}
	if err := audit(ctx, tx, actor, in.CompanyID, "user.invite", "user", id, map[string]any{"email": in.Email, "role": in.Role}); err != nil {
		return 0, err
	}
	return id, tx.Commit(ctx)
}

// ResendInvitation sends a new link to someone who has not yet accepted; older links stop working.
func (s *Store) ResendInvitation(ctx context.Context, actor *auth.User, userID int64, baseURL string) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	t, err := lockTarget(ctx, tx, actor, userID)
	if err != nil {
		return err
	}
	if !t.invited || !t.active {
		return ErrNotInvited
	}
	if _, err := tx.Exec(ctx, `UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, userID); err != nil {
		return err
	}
	if err := sendInvitation(ctx, tx, actor, userID, t.email, t.name, t.companyName, baseURL); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor, t.companyID, "user.reinvite", "user", userID, nil); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func sendInvitation(ctx context.Context, tx pgx.Tx, actor *auth.User, userID int64, email, name, companyName, baseURL string) error {
	plain, hash := auth.NewToken()
	if _, err := tx.Exec(ctx, `INSERT INTO user_tokens (hash, user_id, purpose, expires_at, created_by) VALUES ($1, $2, $3, now() + $4::interval, $5)`,
		hash, userID, auth.PurposeInvitation, fmt.Sprintf("%d seconds", int(auth.InvitationTTL.Seconds())), actor.ID); err != nil {
		return err
	}
	return mail.Enqueue(ctx, tx, mail.Invitation(email, name, actor.Name, companyName, baseURL+"/invitasjon/"+plain))
}

// target is a user about to be changed by an administrator, locked for the change.
type target struct {
	companyID       int64
	companyName     string
	email, name     string
	role            auth.Role
	active, invited bool
}

// lockTarget loads and locks user id for a change by actor: the actor must administer the
// user's company, may not change themselves, and may not change someone who outranks them.
func lockTarget(ctx context.Context, tx pgx.Tx, actor *auth.User, id int64) (target, error) {
	var t target
	err := tx.QueryRow(ctx, `
		SELECT u.company_id, c.name, u.email, u.name, u.role, u.active, u.password_hash IS NULL
		FROM users u JOIN companies c ON c.id = u.company_id WHERE u.id = $1 FOR UPDATE OF u`, id).
		Scan(&t.companyID, &t.companyName, &t.email, &t.name, &t.role, &t.active, &t.invited)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return t, ErrNotFound
	case err != nil:
		return t, err
	case !actor.CanAdminCompany(t.companyID), !actor.CanGrant(t.role):
		return t, ErrForbidden
	case id == actor.ID:
		return t, ErrSelf
	}
	return t, nil
}

// SetRole gives user id role r. The actor may grant at most their own role, only in a company
// they administer, and not to themselves.
func (s *Store) SetRole(ctx context.Context, actor *auth.User, id int64, r auth.Role) error {
	if !actor.CanGrant(r) {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	t, err := lockTarget(ctx, tx, actor, id)
	if err != nil {
		return err
	}
	if t.role == r {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE users SET role = $2, updated_at = now() WHERE id = $1`, id, r); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor, t.companyID, "user.role", "user", id, map[string]any{"from": t.role, "to": r}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// SetActive deactivates or reactivates user id. Deactivation ends the user's sessions at once.
func (s *Store) SetActive(ctx context.Context, actor *auth.User, id int64, active bool) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	t, err := lockTarget(ctx, tx, actor, id)
	if err != nil {
		return err
	}
	if t.active == active {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE users SET active = $2, sessions_valid_after = now(), updated_at = now() WHERE id = $1`, id, active); err != nil {
		return err
	}
	action := "user.deactivate"
	if active {
		action = "user.reactivate"
	}
	if err := audit(ctx, tx, actor, t.companyID, action, "user", id, nil); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// CompanyUsers lists everyone of a company, also invited and deactivated people, for its administrators.
func (s *Store) CompanyUsers(ctx context.Context, actor *auth.User, companyID int64) ([]Person, error) {
	if !actor.CanAdminCompany(companyID) {
		return nil, ErrForbidden
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+personColumns+` WHERE u.company_id = $1 ORDER BY u.active DESC, u.name COLLATE nb, u.id`, companyID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}
