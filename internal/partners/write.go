package partners

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/validate"
)

// OrganisationInput is the organisation form, as typed.
type OrganisationInput struct {
	Name, Kind, Website, Description, Collaboration, ContactName, ContactEmail string
}

// ProjectInput is the project form, as typed; Partners and Companies are ids.
type ProjectInput struct {
	Title, Description, Status, FundingSource, FundingAmount, StartsOn, EndsOn string
	Partners, Companies                                                        []string
	Thread                                                                     string // the discussion thread's address or id
}

var slugChars = regexp.MustCompile(`[^a-z0-9]+`)

// slugOf makes an address name from a name: "Nord universitet" → "nord-universitet".
func slugOf(name string) string {
	r := strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "Æ", "ae", "Ø", "o", "Å", "a")
	s := strings.Trim(slugChars.ReplaceAllString(strings.ToLower(r.Replace(name)), "-"), "-")
	if len(s) > 50 {
		s = strings.Trim(s[:50], "-")
	}
	if s == "" || s == "ny" { // "ny" is the address of the form for a new one
		s += "-partner"
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

func (in *OrganisationInput) check() validate.Errors {
	errs := validate.Errors{}
	in.Name = errs.Text("name", in.Name, 1, 200, false)
	if KindLabel(in.Kind) == in.Kind {
		errs.Add("kind", "Velg hva slags organisasjon det er.")
	}
	in.Website = errs.URL("website", in.Website)
	in.Description = errs.Text("description", in.Description, 0, 2000, true)
	in.Collaboration = errs.Text("collaboration", in.Collaboration, 0, 2000, true)
	in.ContactName = errs.Text("contact_name", in.ContactName, 0, 120, false)
	if strings.TrimSpace(in.ContactEmail) != "" {
		in.ContactEmail = errs.Email("contact_email", in.ContactEmail)
	} else {
		in.ContactEmail = ""
	}
	return errs
}

// SaveOrganisation creates (slug "") or updates an organisation; cluster admins only. It returns the slug.
func (s *Store) SaveOrganisation(ctx context.Context, actor *auth.User, slug string, in OrganisationInput) (string, error) {
	if !actor.IsClusterAdmin() {
		return "", ErrNotFound
	}
	if errs := in.check(); !errs.OK() {
		return "", errs
	}
	if slug != "" {
		tag, err := s.pool.Exec(ctx, `UPDATE partner_organisations SET name = $2, kind = $3, website = $4, description = $5, collaboration = $6,
			contact_name = $7, contact_email = $8, updated_at = now() WHERE slug = $1`,
			slug, in.Name, in.Kind, in.Website, in.Description, in.Collaboration, in.ContactName, in.ContactEmail)
		if err == nil && tag.RowsAffected() == 0 {
			err = ErrNotFound
		}
		return slug, err
	}
	base := slugOf(in.Name)
	err := s.pool.QueryRow(ctx, `
		INSERT INTO partner_organisations (slug, name, kind, website, description, collaboration, contact_name, contact_email)
		SELECT CASE WHEN n = 0 THEN $1 ELSE $1 || '-' || (n + 1) END, $2, $3, $4, $5, $6, $7, $8
		FROM (SELECT count(*) AS n FROM partner_organisations WHERE slug = $1 OR slug LIKE $1 || '-%') taken
		RETURNING slug`, base, in.Name, in.Kind, in.Website, in.Description, in.Collaboration, in.ContactName, in.ContactEmail).Scan(&slug)
	return slug, err
}

// threadMessage is the form's answer to a thread reference that is not one, or names a thread
// that does not exist or the editor may not see (alike, so it tells nothing of a hidden one).
const threadMessage = "Fant ingen forumtråd med den adressen eller det nummeret. Lim inn adressen til tråden, for eksempel /forum/innsamling/42, eller skriv nummeret."

// threadRef reads the thread field: nil for none; ok false (with the error added) for a bad one.
func (in *ProjectInput) threadRef(errs validate.Errors) *int64 {
	ref := errs.Text("thread", in.Thread, 0, plan.MaxThreadRef, false)
	in.Thread = ref
	if ref == "" {
		return nil
	}
	id, ok := plan.ThreadID(ref)
	if !ok {
		errs.Add("thread", threadMessage)
		return nil
	}
	return &id
}

func (in *ProjectInput) check() (validate.Errors, *int64, *time.Time, *time.Time, []int64, []int64) {
	errs := validate.Errors{}
	in.Title = errs.Text("title", in.Title, 1, 200, false)
	in.Description = errs.Text("description", in.Description, 0, 5000, true)
	if StatusLabel(in.Status) == in.Status {
		errs.Add("status", "Velg status.")
	}
	in.FundingSource = errs.Text("funding_source", in.FundingSource, 0, 200, false)
	var amount *int64
	if a := strings.NewReplacer(" ", "", "\u00a0", "", "kr", "", ".", "").Replace(strings.TrimSpace(in.FundingAmount)); a != "" {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil || n < 0 || n > 10_000_000_000 {
			errs.Add("funding_amount", "Skriv beløpet i hele kroner, for eksempel 1 500 000.")
		} else {
			amount = &n
		}
	}
	date := func(field, v string) *time.Time {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil
		}
		t, err := time.Parse("2006-01-02", v)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			errs.Add(field, "Velg en dato.")
			return nil
		}
		return &t
	}
	starts, ends := date("starts_on", in.StartsOn), date("ends_on", in.EndsOn)
	if starts != nil && ends != nil && ends.Before(*starts) {
		errs.Add("ends_on", "Slutten kan ikke være før starten.")
	}
	ids := func(field string, vs []string) []int64 {
		var out []int64
		for _, v := range vs {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 || len(out) >= 50 {
				errs.Add(field, "Velg fra lista.")
				return nil
			}
			out = append(out, id)
		}
		return out
	}
	return errs, amount, starts, ends, ids("partners", in.Partners), ids("companies", in.Companies)
}

// SaveProject creates (id 0) or updates a project with its partners and companies; cluster admins only.
func (s *Store) SaveProject(ctx context.Context, actor *auth.User, id int64, in ProjectInput) (int64, error) {
	if !actor.IsClusterAdmin() {
		return 0, ErrNotFound
	}
	errs, amount, starts, ends, partners, companies := in.check()
	thread := in.threadRef(errs)
	if !errs.OK() {
		return 0, errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	if thread != nil {
		var seen bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM forum_threads th JOIN forums fo ON fo.id = th.forum_id WHERE th.id = @id AND `+forumVisible+`)`,
			pgx.NamedArgs{"uid": actor.ID, "admin": actor.IsClusterAdmin(), "id": *thread}).Scan(&seen); err != nil {
			return 0, err
		}
		if !seen {
			return 0, validate.Errors{"thread": threadMessage}
		}
	}
	if id == 0 {
		err = tx.QueryRow(ctx, `INSERT INTO projects (title, description, status, funding_source, funding_amount, starts_on, ends_on, created_by, thread_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			in.Title, in.Description, in.Status, in.FundingSource, amount, starts, ends, actor.ID, thread).Scan(&id)
	} else {
		var tag interface{ RowsAffected() int64 }
		tag, err = tx.Exec(ctx, `UPDATE projects SET title = $2, description = $3, status = $4, funding_source = $5, funding_amount = $6,
			starts_on = $7, ends_on = $8, thread_id = $9, updated_at = now() WHERE id = $1`,
			id, in.Title, in.Description, in.Status, in.FundingSource, amount, starts, ends, thread)
		if err == nil && tag.RowsAffected() == 0 {
			err = ErrNotFound
		}
	}
	if err != nil {
		return 0, err
	}
	for _, q := range []struct {
		sql string
		ids []int64
	}{
		{`DELETE FROM project_partners WHERE project_id = $1`, nil},
		{`INSERT INTO project_partners (project_id, organisation_id) SELECT $1, o.id FROM partner_organisations o WHERE o.id = ANY($2)`, partners},
		{`DELETE FROM project_companies WHERE project_id = $1`, nil},
		{`INSERT INTO project_companies (project_id, company_id) SELECT $1, c.id FROM companies c WHERE c.id = ANY($2)`, companies},
	} {
		args := []any{id}
		if q.ids != nil || strings.HasPrefix(q.sql, "INSERT") {
			args = append(args, q.ids)
		}
		if _, err := tx.Exec(ctx, q.sql, args...); err != nil {
			return 0, err
		}
	}
	return id, tx.Commit(ctx)
}
