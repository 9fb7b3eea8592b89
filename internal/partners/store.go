package partners

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
)

// Store reads and writes the registers.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns the store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// member is the one access rule for the registers: every member may see them ($1: the viewer).
var member = access.Positional().Member()

const orgColumns = `o.id, o.slug, o.name, o.kind, o.website, o.description, o.collaboration, o.contact_name, o.contact_email, o.demo,
	(SELECT count(*)::int FROM project_partners pp WHERE pp.organisation_id = o.id) AS projects`

const projectColumns = `p.id, p.title, p.description, p.status, p.funding_source, p.funding_amount, p.starts_on, p.ends_on, p.demo, p.thread_id,
	coalesce((SELECT json_agg(json_build_object('id', o.id, 'slug', o.slug, 'name', o.name) ORDER BY o.name COLLATE nb)
	          FROM project_partners pp JOIN partner_organisations o ON o.id = pp.organisation_id WHERE pp.project_id = p.id), '[]') AS partners,
	coalesce((SELECT json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', coalesce(nullif(c.short_name, ''), c.name)) ORDER BY c.name COLLATE nb)
	          FROM project_companies pc JOIN companies c ON c.id = pc.company_id WHERE pc.project_id = p.id), '[]') AS companies`

func viewerID(u *auth.User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// Organisations lists the partner organisations by kind and name.
func (s *Store) Organisations(ctx context.Context, viewer *auth.User) ([]Organisation, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+orgColumns+` FROM partner_organisations o WHERE `+member+`
		ORDER BY array_position(ARRAY['fou', 'utdanning', 'virkemiddelapparat', 'bransjeorganisasjon', 'klynge'], o.kind), o.name COLLATE nb LIMIT 500`,
		viewerID(viewer))
	return pgx.CollectRows(rows, pgx.RowToStructByName[Organisation])
}

// Organisation returns the organisation with slug and its projects.
func (s *Store) Organisation(ctx context.Context, viewer *auth.User, slug string) (Organisation, []Project, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+orgColumns+` FROM partner_organisations o WHERE `+member+` AND o.slug = $2`, viewerID(viewer), slug)
	o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Organisation])
	if errors.Is(err, pgx.ErrNoRows) {
		return o, nil, ErrNotFound
	}
	if err != nil {
		return o, nil, err
	}
	rows, _ = s.pool.Query(ctx, `SELECT `+projectColumns+` FROM projects p
		WHERE `+member+` AND p.id IN (SELECT project_id FROM project_partners WHERE organisation_id = $2)
		ORDER BY p.starts_on DESC NULLS LAST, p.id DESC LIMIT 200`, viewerID(viewer), o.ID)
	ps, err := pgx.CollectRows(rows, pgx.RowToStructByName[Project])
	return o, ps, err
}

// Projects lists the projects, of one status when status is set, newest first.
func (s *Store) Projects(ctx context.Context, viewer *auth.User, status string) ([]Project, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+projectColumns+` FROM projects p WHERE `+member+` AND ($2 = '' OR p.status = $2)
		ORDER BY p.status = 'avsluttet', p.starts_on DESC NULLS LAST, p.id DESC LIMIT 200`, viewerID(viewer), status)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Project])
}

// Project returns one project.
func (s *Store) Project(ctx context.Context, viewer *auth.User, id int64) (Project, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+projectColumns+` FROM projects p WHERE `+member+` AND p.id = $2`, viewerID(viewer), id)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Project])
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// CompanyProjects lists the projects a member company takes part in (for its page).
func (s *Store) CompanyProjects(ctx context.Context, viewer *auth.User, companyID int64) ([]Project, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+projectColumns+` FROM projects p
		WHERE `+member+` AND p.id IN (SELECT project_id FROM project_companies WHERE company_id = $2)
		ORDER BY p.starts_on DESC NULLS LAST, p.id DESC LIMIT 50`, viewerID(viewer), companyID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Project])
}

// ownProject: the viewer ($1) is an active partner person of one of project p's partner
// organisations (the rule by which a partner sees their own projects, and only those).
const ownProject = `EXISTS (SELECT 1 FROM users pu JOIN project_partners pp ON pp.organisation_id = pu.partner_id
	WHERE pu.id = $1 AND pu.active AND pu.kind = '` + access.KindPartner + `' AND pp.project_id = p.id)`

// PartnerProject returns project id to a partner person of one of its partner organisations;
// to anyone else it is ErrNotFound.
func (s *Store) PartnerProject(ctx context.Context, viewer *auth.User, id int64) (Project, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+projectColumns+` FROM projects p WHERE `+ownProject+` AND p.id = $2`, viewerID(viewer), id)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Project])
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

// forumVisible is the forum area's access rule on the forum fo of a thread (@uid, @admin).
var forumVisible = access.Named().Forum("fo")

// Thread returns the forum thread id (a project's) when viewer may see it, else ErrNotFound.
func (s *Store) Thread(ctx context.Context, viewer *auth.User, id int64) (Thread, error) {
	admin := viewer != nil && viewer.IsClusterAdmin()
	rows, _ := s.pool.Query(ctx, `SELECT th.id, th.title, fo.slug AS forum_slug, fo.name AS forum_name
		FROM forum_threads th JOIN forums fo ON fo.id = th.forum_id WHERE th.id = @id AND `+forumVisible,
		pgx.NamedArgs{"uid": viewerID(viewer), "admin": admin, "id": id})
	t, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Thread])
	if errors.Is(err, pgx.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}
