package members

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/mail"
	"klyngeportalen/internal/validate"
)

// Owner representatives and partner people (issue 22) are accounts of their own kinds, tied to
// an owner municipality or a partner organisation instead of a member company. A cluster admin
// invites and manages both; a company admin the representatives of their own company's owners.

// GuestInvite is what an administrator fills in to invite an owner representative or a partner person.
type GuestInvite struct {
	Kind         string // access.KindOwner or access.KindPartner
	Email, Name  string
	Title        string
	Municipality string // owners: one of the member companies' owner municipalities
	PartnerID    int64  // partners: the partner organisation
}

// Guest is an owner representative's or a partner person's account as the administrators see it.
type Guest struct {
	ID          int64
	Kind        string
	Name, Email string
	Title       string
	Origin      string // the municipality, or the partner organisation's name
	Active      bool
	Invited     bool // has not accepted the invitation yet
	LastLoginAt *time.Time
}

// Municipalities lists the owner municipalities actor may invite representatives of: every
// member company's for a cluster admin, their own company's for a company admin.
func (s *Store) Municipalities(ctx context.Context, actor *auth.User) ([]string, error) {
	var list []string
	var b pgx.Batch
	queueMunicipalities(&b, actor, &list)
	return list, database.Send(ctx, s.pool, &b)
}

// Guests lists the owner and partner accounts actor manages: all for a cluster admin, the
// representatives of their company's owners for a company admin, none for anyone else.
func (s *Store) Guests(ctx context.Context, actor *auth.User) ([]Guest, error) {
	var list []Guest
	var b pgx.Batch
	queueGuests(&b, actor, &list)
	return list, database.Send(ctx, s.pool, &b)
}

// GuestAdmin reads what the owners page shows actor, in one round trip: the municipalities
// they may invite representatives of (Municipalities) and the accounts they manage (Guests).
func (s *Store) GuestAdmin(ctx context.Context, actor *auth.User) (municipalities []string, guests []Guest, err error) {
	var b pgx.Batch
	queueMunicipalities(&b, actor, &municipalities)
	queueGuests(&b, actor, &guests)
	return municipalities, guests, database.Send(ctx, s.pool, &b)
}

// managesGuests reports whether actor manages any owner or partner accounts.
func managesGuests(actor *auth.User) bool {
	return actor.IsMember() && (actor.IsClusterAdmin() || actor.Role == auth.RoleCompanyAdmin)
}

func queueMunicipalities(b *pgx.Batch, actor *auth.User, dst *[]string) {
	if !managesGuests(actor) {
		return
	}
	b.Queue(`SELECT m FROM (SELECT DISTINCT unnest(c.municipalities) AS m FROM companies c WHERE $1 OR c.id = $2) x
		ORDER BY m COLLATE nb`, actor.IsClusterAdmin(), actor.CompanyID).Query(func(rows pgx.Rows) error {
		var err error
		*dst, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
}

// guestsSQL lists the owner and partner accounts, all ($1) or those of company $2's owners;
// found by the index of them (migration 00310), not among every person.
const guestsSQL = `
	SELECT u.id, u.kind, u.name, u.email, u.title, coalesce(u.municipality, po.name, ''), u.active, u.password_hash IS NULL, u.last_login_at
	FROM users u LEFT JOIN partner_organisations po ON po.id = u.partner_id
	WHERE u.kind IN ('` + access.KindOwner + `', '` + access.KindPartner + `')
	  AND ($1 OR u.municipality IN (SELECT unnest(municipalities) FROM companies WHERE id = $2))
	ORDER BY u.kind, coalesce(u.municipality, po.name) COLLATE nb, u.name COLLATE nb LIMIT 1000`

func queueGuests(b *pgx.Batch, actor *auth.User, dst *[]Guest) {
	if !managesGuests(actor) {
		return
	}
	b.Queue(guestsSQL, actor.IsClusterAdmin(), actor.CompanyID).Query(func(rows pgx.Rows) error {
		var err error
		*dst, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Guest, error) {
			var g Guest
			err := row.Scan(&g.ID, &g.Kind, &g.Name, &g.Email, &g.Title, &g.Origin, &g.Active, &g.Invited, &g.LastLoginAt)
			return g, err
		})
		return err
	})
}

// InviteGuest creates an owner representative's or a partner person's account and sends the
// invitation, in one transaction. Cluster admins invite both; a company admin only
// representatives of their own company's owner municipalities.
func (s *Store) InviteGuest(ctx context.Context, actor *auth.User, in GuestInvite, baseURL string) (int64, error) {
	if !actor.IsMember() || (!actor.IsClusterAdmin() && (actor.Role != auth.RoleCompanyAdmin || in.Kind != access.KindOwner)) {
		return 0, ErrForbidden
	}
	errs := validate.Errors{}
	in.Email = errs.Email("email", in.Email)
	in.Name = errs.Text("name", in.Name, 1, 120, false)
	in.Title = errs.Text("title", in.Title, 0, 120, false)
	var as string
	switch in.Kind {
	case access.KindOwner:
		allowed, err := s.Municipalities(ctx, actor)
		if err != nil {
			return 0, err
		}
		if !slices.Contains(allowed, in.Municipality) {
			errs.Add("municipality", "Velg en av eierkommunene i listen.")
		}
		in.PartnerID = 0
		as = "representant for eierkommunen " + in.Municipality
	case access.KindPartner:
		var org string
		err := s.pool.QueryRow(ctx, `SELECT name FROM partner_organisations WHERE id = $1`, in.PartnerID).Scan(&org)
		if errors.Is(err, pgx.ErrNoRows) {
			errs.Add("partner", "Velg en av samarbeidspartnerne i listen.")
		} else if err != nil {
			return 0, err
		}
		in.Municipality = ""
		as = "samarbeidspartner fra " + org
	default:
		errs.Add("kind", "Velg om personen er eierrepresentant eller samarbeidspartner.")
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
	err = tx.QueryRow(ctx, `INSERT INTO users (kind, municipality, partner_id, email, name, title, role)
		VALUES ($1, NULLIF($2, ''), NULLIF($3, 0), $4, $5, $6, 'member') RETURNING id`,
		in.Kind, in.Municipality, in.PartnerID, in.Email, in.Name, in.Title).Scan(&id)
	if database.IsUniqueViolation(err) {
		return 0, validate.Errors{"email": "Det finnes allerede en bruker med denne e-postadressen."}
	}
	if err != nil {
		return 0, err
	}
	plain, hash := auth.NewToken()
	if _, err := tx.Exec(ctx, `INSERT INTO user_tokens (hash, user_id, purpose, expires_at, created_by) VALUES ($1, $2, $3, now() + $4::interval, $5)`,
		hash, id, auth.PurposeInvitation, fmt.Sprintf("%d seconds", int(auth.InvitationTTL.Seconds())), actor.ID); err != nil {
		return 0, err
	}
	if err := mail.Enqueue(ctx, tx, mail.GuestInvitation(in.Email, in.Name, actor.Name, as, baseURL+"/invitasjon/"+plain)); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details)
		VALUES ($1, NULLIF($2, 0), 'user.invite_guest', 'user', $3, $4)`,
		actor.ID, actor.CompanyID, id, map[string]any{"email": in.Email, "kind": in.Kind, "municipality": in.Municipality, "partner_id": in.PartnerID}); err != nil {
		return 0, err
	}
	return id, tx.Commit(ctx)
}

// SetGuestActive closes or reopens an owner's or a partner's account. A closed account's
// sessions end at once (loadUser checks active on every request).
func (s *Store) SetGuestActive(ctx context.Context, actor *auth.User, id int64, active bool) error {
	guests, err := s.Guests(ctx, actor)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(guests, func(g Guest) bool { return g.ID == id }) {
		return ErrNotFound
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `UPDATE users SET active = $2, updated_at = now() WHERE id = $1`, id, active); err != nil {
		return err
	}
	action := "user.deactivate"
	if active {
		action = "user.reactivate"
	}
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id) VALUES ($1, NULLIF($2, 0), $3, 'user', $4)`,
		actor.ID, actor.CompanyID, action, id); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
