package members

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode"

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
	Address        string // visiting address
	PostalAddress  string
	Phone          string
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
	postal := errs.Text("postal_address", in.PostalAddress, 0, 300, false)
	tel := errs.Text("phone", in.Phone, 0, 40, false)
	if tel != "" && !phone.MatchString(tel) {
		errs.Add("phone", "Skriv telefonnummeret med sifre, for eksempel +47 75 00 00 00.")
	}
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
		       address = $7, website = $8, description = $9, contact_user_id = $10, postal_address = $11, phone = $12, updated_at = now()
		WHERE id = $1`, id, name, short, org, municipalities, inhabitants, address, website, description, contact, postal, tel)
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
	Name       string
	Title      string
	Phone      string // at work
	Mobile     string
	Department string
	Expertise  string // areas of expertise and responsibility, comma-separated as typed
	About      string // "Om meg"
}

var phone = regexp.MustCompile(`^\+?[0-9 ()-]{5,40}$`)

// MaxExpertise is how many areas of expertise a person may name; each is at most 40 characters.
const MaxExpertise = 15

// ParseTags splits comma-separated areas of expertise into trimmed, lower-case, distinct tags
// in the order typed; a message says what is wrong with them.
func ParseTags(s string) ([]string, string) {
	tags := []string{}
	seen := map[string]bool{}
	for _, t := range strings.Split(s, ",") {
		t = strings.ToLower(strings.Join(strings.Fields(t), " "))
		if t == "" || seen[t] {
			continue
		}
		if len([]rune(t)) > 40 {
			return nil, "Hvert fagområde kan ha høyst 40 tegn."
		}
		for _, r := range t {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" -/&.+", r) {
				return nil, "Fagområder kan ha bokstaver, tall, mellomrom og - / & . +, skilt med komma."
			}
		}
		seen[t] = true
		tags = append(tags, t)
	}
	if len(tags) > MaxExpertise {
		return nil, "Skriv høyst 15 fagområder."
	}
	return tags, ""
}

// UpdateProfile saves the user's own name, title, phones, department, expertise and "Om meg".
func (s *Store) UpdateProfile(ctx context.Context, userID int64, in ProfileInput) error {
	errs := validate.Errors{}
	name := errs.Text("name", in.Name, 1, 120, false)
	title := errs.Text("title", in.Title, 0, 120, false)
	department := errs.Text("department", in.Department, 0, 120, false)
	tels := map[string]string{}
	for field, v := range map[string]string{"phone": in.Phone, "mobile": in.Mobile} {
		tel := errs.Text(field, v, 0, 40, false)
		if tel != "" && !phone.MatchString(tel) {
			errs.Add(field, "Skriv telefonnummeret med sifre, for eksempel +47 900 00 000.")
		}
		tels[field] = tel
	}
	tags, msg := ParseTags(errs.Text("expertise", in.Expertise, 0, 1000, false))
	if msg != "" {
		errs.Add("expertise", msg)
	}
	about := errs.Text("about", in.About, 0, 1000, true)
	if !errs.OK() {
		return errs
	}
	_, err := s.pool.Exec(ctx, `UPDATE users SET name = $2, title = $3, phone = $4, mobile = $5, department = $6, expertise = $7,
		about = $8, updated_at = now() WHERE id = $1`, userID, name, title, tels["phone"], tels["mobile"], department, tags, about)
	return err
}

// TagCount is an area of expertise and how many people name it.
type TagCount struct {
	Tag    string `db:"tag"`
	People int    `db:"people"`
}

// ExpertiseTags lists the areas of expertise the directory's people name, the most named first.
func (s *Store) ExpertiseTags(ctx context.Context, limit int) ([]TagCount, error) {
	rows, _ := s.pool.Query(ctx, `SELECT tag, count(*)::int AS people FROM users u, unnest(u.expertise) tag
		WHERE `+listed+` AND cardinality(u.expertise) > 0
		GROUP BY tag ORDER BY count(*) DESC, tag COLLATE nb LIMIT `+strconv.Itoa(max(1, min(limit, 500))))
	return pgx.CollectRows(rows, pgx.RowToStructByName[TagCount])
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
