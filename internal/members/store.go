package members

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/avatar"
	"klyngeportalen/internal/database"
)

// Store holds the SQL of companies, people and groups.
type Store struct {
	pool      *pgxpool.Pool
	companies database.Reference[Company] // the member list, kept while the reference data is unchanged
	groups    database.Reference[Group]
}

// NewStore returns the store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const companyColumns = `c.id, c.slug, c.name, c.short_name, c.org_number, c.municipalities, c.inhabitants,
	c.address, c.postal_address, c.phone, EXISTS (SELECT 1 FROM company_logos l WHERE l.company_id = c.id) AS has_logo,
	c.website, c.description, c.contact_user_id, cu.name AS contact_name,
	c.people_count
	FROM companies c LEFT JOIN users cu ON cu.id = c.contact_user_id`

// Companies lists every member company by name, with how many people it has in the portal.
func (s *Store) Companies(ctx context.Context) ([]Company, error) {
	return s.companies.Get(ctx, func(ctx context.Context) ([]Company, error) {
		rows, _ := s.pool.Query(ctx, `SELECT `+companyColumns+` ORDER BY c.name COLLATE nb`)
		return pgx.CollectRows(rows, pgx.RowToStructByName[Company])
	})
}

// Company returns the company with slug (from the member list, kept in memory).
func (s *Store) Company(ctx context.Context, slug string) (Company, error) {
	return s.companyWhere(ctx, func(c Company) bool { return c.Slug == slug })
}

// LastCompany returns the company with slug from the member list as last kept in memory, with
// the reference version it was read at (database.Reference.Last); false if there is none.
func (s *Store) LastCompany(slug string) (Company, int64, bool) {
	list, v := s.companies.Last()
	for _, c := range list {
		if c.Slug == slug {
			return c, v, v > 0
		}
	}
	return Company{}, 0, false
}

// CompanyByID returns the company with id.
func (s *Store) CompanyByID(ctx context.Context, id int64) (Company, error) {
	return s.companyWhere(ctx, func(c Company) bool { return c.ID == id })
}

func (s *Store) companyWhere(ctx context.Context, match func(Company) bool) (Company, error) {
	list, err := s.Companies(ctx)
	if err != nil {
		return Company{}, err
	}
	for _, c := range list {
		if match(c) {
			return c, nil
		}
	}
	return Company{}, ErrNotFound
}

var personColumns = `u.id, u.company_id, c.slug AS company_slug, c.name AS company_name,
	coalesce(nullif(c.short_name, ''), c.name) AS company_short, u.name, u.email,
	u.title, u.phone, u.mobile, u.department, u.about, u.expertise, u.role, u.active, u.password_hash IS NULL AS invited, u.last_login_at,
	coalesce((SELECT json_agg(json_build_object('slug', g.slug, 'name', g.name) ORDER BY g.name COLLATE nb)
	          FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id = u.id), '[]') AS groups,
	` + avatar.VersionSQL("u.id") + ` AS avatar_version
	FROM users u JOIN companies c ON c.id = u.company_id`

// listed is who the directory shows: active people who have accepted their invitation.
const listed = `u.active AND u.password_hash IS NOT NULL`

// PeopleOf lists the directory's people of a company by name.
func (s *Store) PeopleOf(ctx context.Context, companyID int64) ([]Person, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+personColumns+` WHERE u.company_id = $1 AND `+listed+` ORDER BY u.name COLLATE nb, u.id`, companyID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}

// Person returns a person the directory shows.
func (s *Store) Person(ctx context.Context, id int64) (Person, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+personColumns+` WHERE u.id = $1 AND `+listed, id)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Person])
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// PersonAny returns any user, also deactivated or invited ones (for administrators and self).
func (s *Store) PersonAny(ctx context.Context, id int64) (Person, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+personColumns+` WHERE u.id = $1`, id)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Person])
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// PeopleFilter narrows the directory search.
type PeopleFilter struct {
	Query   string // part of name, title or company name
	Company string // company slug
	Group   string // group slug
	Tag     string // an area of expertise (lower case)
	From    string // a letter: the list starts at names from it (the A–Å jump list)
	After   *Cursor
	Limit   int
}

// Cursor is the position after the last person of a page (keyset pagination by name, id).
type Cursor struct {
	Name string
	ID   int64
}

// SearchPeople returns a page of people matching f, and whether there are more.
func (s *Store) SearchPeople(ctx context.Context, f PeopleFilter) ([]Person, bool, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	// Only the filters in use are written into the statement: each combination is its own
	// prepared statement with a plan that fits it (one statement with "$2 = '' OR …" for every
	// filter was planned anew on every page and walked everyone by name to find one company).
	where := []string{listed}
	args := database.Named{}
	if q := likePattern(f.Query); q != "" {
		where = append(where, `(u.name ILIKE @q OR u.title ILIKE @q OR c.name ILIKE @q OR c.short_name ILIKE @q)`)
		args["q"] = q
	}
	if f.Company != "" {
		where = append(where, `u.company_id = (SELECT id FROM companies WHERE slug = @company)`)
		args["company"] = f.Company
	}
	if f.Group != "" {
		where = append(where, `EXISTS (SELECT 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id = u.id AND g.slug = @group)`)
		args["group"] = f.Group
	}
	if f.Tag != "" {
		where = append(where, `u.expertise @> ARRAY[@tag::text]`)
		args["tag"] = f.Tag
	}
	if f.After != nil {
		where = append(where, `(u.name COLLATE nb, u.id) > (@after_name::text COLLATE nb, @after_id::bigint)`)
		args["after_name"], args["after_id"] = f.After.Name, f.After.ID
	} else if f.From != "" {
		where = append(where, `u.name COLLATE nb >= @from::text COLLATE nb`)
		args["from"] = f.From
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+personColumns+`
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY u.name COLLATE nb, u.id
		LIMIT `+strconv.Itoa(f.Limit+1), args) // written in: a LIMIT parameter was planned anew each time
	people, err := pgx.CollectRows(rows, pgx.RowToStructByName[Person])
	if err != nil {
		return nil, false, err
	}
	more := len(people) > f.Limit
	if more {
		people = people[:f.Limit]
	}
	return people, more, nil
}

// likePattern turns typed text into an ILIKE pattern that matches it anywhere, literally.
func likePattern(q string) string {
	q = strings.TrimSpace(q)
	if q == "" {
		return ""
	}
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

// Groups lists every group with its member count: the forums first, then the professional groups.
func (s *Store) Groups(ctx context.Context) ([]Group, error) {
	return s.groups.Get(ctx, func(ctx context.Context) ([]Group, error) {
		rows, _ := s.pool.Query(ctx, `
			SELECT g.id, g.slug, g.name, g.kind, g.description,
			       (SELECT count(*) FROM group_members gm JOIN users u ON u.id = gm.user_id WHERE gm.group_id = g.id AND u.active) AS member_count
			FROM groups g
			ORDER BY g.kind <> 'direktorforum', g.kind <> 'styringsgruppe', g.name COLLATE nb`)
		return pgx.CollectRows(rows, pgx.RowToStructByName[Group])
	})
}

// CompanyGroups lists the groups that people of the company belong to.
func (s *Store) CompanyGroups(ctx context.Context, companyID int64) ([]Group, error) {
	var b pgx.Batch
	var list []Group
	QueueCompanyGroups(&b, companyID, &list)
	return list, database.Send(ctx, s.pool, &b)
}

// QueueCompanyGroups adds the query of CompanyGroups to b; after the batch the list is in *dst.
func QueueCompanyGroups(b *pgx.Batch, companyID int64, dst *[]Group) {
	database.Collect(b, dst, `
		SELECT g.id, g.slug, g.name, g.kind, g.description, count(*)::int AS member_count
		FROM groups g JOIN group_members gm ON gm.group_id = g.id JOIN users u ON u.id = gm.user_id
		WHERE u.company_id = $1 AND u.active
		GROUP BY g.id
		ORDER BY g.kind <> 'direktorforum', g.kind <> 'styringsgruppe', g.name COLLATE nb`, companyID)
}
