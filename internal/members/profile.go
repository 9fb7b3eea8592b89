package members

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/validate"
)

// CompanyInput is the editable part of a company's profile.
type CompanyInput struct {
	Name           string
	ShortName      string
	OrgNumber      string
	Municipalities string // comma-separated, as typed
	Inhabitants    string // as typed; empty means unknown
	Address        string
	Website        string
	Description    string
	ContactUserID  string // as chosen; empty means none
}

var orgNumber = regexp.MustCompile(`^[0-9]{9}$`)

// UpdateCompany saves company id's profile. Only its own company admins and cluster admins may.
func (s *Store) UpdateCompany(ctx context.Context, actor *auth.User, id int64, in CompanyInput) error {
	if !actor.CanAdminCompany(id) {
		return ErrForbidden
	}
	errs := validate.Errors{}
	name := errs.Text("name", in.Name, 1, 200, false)
	short := errs.Text("short_name", in.ShortName, 0, 40, false)
	org := strings.ReplaceAll(errs.Text("org_number", in.OrgNumber, 0, 20, false), " ", "")
	if org != "" && !orgNumber.MatchString(org) {
		errs.Add("org_number", "Organisasjonsnummeret har ni sifre.")
	}
	var municipalities []string
	for _, m := range strings.Split(errs.Text("municipalities", in.Municipalities, 0, 2000, false), ",") {
		if m = strings.TrimSpace(m); m != "" {
			municipalities = append(municipalities, m)
		}
	}
	if len(municipalities) > 60 {
		errs.Add("municipalities", "Skriv høyst 60 kommuner.")
	}
	var inhabitants *int32
	if v := strings.ReplaceAll(errs.Text("inhabitants", in.Inhabitants, 0, 12, false), " ", ""); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 0 || n > 10_000_000 {
			errs.Add("inhabitants", "Skriv antall innbyggere som et helt tall.")
		} else {
			n32 := int32(n)
			inhabitants = &n32
		}
	}
	address := errs.Text("address", in.Address, 0, 300, false)
	website := errs.URL("website", in.Website)
	description := errs.Text("description", in.Description, 0, 5000, true)
	var contact *int64
	if in.ContactUserID != "" {
		n, err := strconv.ParseInt(in.ContactUserID, 10, 64)
		if err != nil {
			errs.Add("contact_user_id", "Velg en kontaktperson fra listen.")
		}
		contact = &n
	}
	if !errs.OK() {
		return errs
	}
	if municipalities == nil {
		municipalities = []string{}
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `
		UPDATE companies SET name = $2, short_name = $3, org_number = $4, municipalities = $5, inhabitants = $6,
		       address = $7, website = $8, description = $9, contact_user_id = $10, updated_at = now()
		WHERE id = $1`, id, name, short, org, municipalities, inhabitants, address, website, description, contact)
	if database.IsForeignKeyViolation(err) {
		return validate.Errors{"contact_user_id": "Kontaktpersonen må være ansatt i selskapet."}
	}
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	if err := audit(ctx, tx, actor, id, "company.update", "company", id, nil); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// ProfileInput is what people may change about themselves.
type ProfileInput struct {
	Name  string
	Title string
	Phone string
}

var phone = regexp.MustCompile(`^\+?[0-9 ()-]{5,40}$`)

// UpdateProfile saves the user's own name, title and phone.
func (s *Store) UpdateProfile(ctx context.Context, userID int64, in ProfileInput) error {
	errs := validate.Errors{}
	name := errs.Text("name", in.Name, 1, 120, false)
	title := errs.Text("title", in.Title, 0, 120, false)
	tel := errs.Text("phone", in.Phone, 0, 40, false)
	if tel != "" && !phone.MatchString(tel) {
		errs.Add("phone", "Skriv telefonnummeret med sifre, for eksempel +47 900 00 000.")
	}
	if !errs.OK() {
		return errs
	}
	_, err := s.pool.Exec(ctx, `UPDATE users SET name = $2, title = $3, phone = $4, updated_at = now() WHERE id = $1`, userID, name, title, tel)
	return err
}

// Export is everything the portal holds about a person, for "download my data".
type Export struct {
	Profile Person       `json:"profil"`
	Audit   []AuditEntry `json:"administrative_handlinger_utfort"`
}

// ExportUser gathers the user's data.
func (s *Store) ExportUser(ctx context.Context, userID int64) (Export, error) {
	p, err := s.PersonAny(ctx, userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return Export{}, ErrNotFound
	}
	if err != nil {
		return Export{}, err
	}
	rows, _ := s.pool.Query(ctx, auditSelect+` WHERE a.actor_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT 1000`, userID)
	entries, err := pgx.CollectRows(rows, pgx.RowToStructByName[AuditEntry])
	return Export{Profile: p, Audit: entries}, err
}
