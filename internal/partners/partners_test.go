package partners_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
	"klyngeportalen/internal/partners"
)

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, "klynge-demo-2026")
		return err
	}))
}

// The registers are open to members and to nobody else: a person of a kind the access rule does
// not know (an owner representative, before the rule names them) sees nothing, by list or id.
func TestRegistersAreForMembersOnly(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := partners.NewStore(pool)
	who := func(email string) *auth.User {
		var u auth.User
		if err := pool.QueryRow(ctx, `SELECT id, kind FROM users WHERE email = $1`, email).Scan(&u.ID, &u.Kind); err != nil {
			t.Fatal(err)
		}
		return &u
	}
	if _, err := pool.Exec(ctx, `INSERT INTO users (municipality, email, name, kind, role) VALUES ('Bodø', 'eier@bodo.test', 'Eier', 'owner', 'cluster_admin')`); err != nil {
		t.Fatal(err)
	}
	member, outsider := who("ansatt@haf.example"), who("eier@bodo.test")
	orgs, err := s.Organisations(ctx, member)
	if err != nil || len(orgs) == 0 {
		t.Fatalf("a member: %d organisations, %v", len(orgs), err)
	}
	projects, err := s.Projects(ctx, member, "")
	if err != nil || len(projects) == 0 {
		t.Fatalf("a member: %d projects, %v", len(projects), err)
	}
	if got, _ := s.Organisations(ctx, outsider); len(got) != 0 {
		t.Errorf("an outsider sees %d organisations", len(got))
	}
	if got, _ := s.Projects(ctx, outsider, ""); len(got) != 0 {
		t.Errorf("an outsider sees %d projects", len(got))
	}
	if _, _, err := s.Organisation(ctx, outsider, orgs[0].Slug); err != partners.ErrNotFound {
		t.Errorf("an outsider by slug: %v", err)
	}
	if _, err := s.Project(ctx, outsider, projects[0].ID); err != partners.ErrNotFound {
		t.Errorf("an outsider by id: %v", err)
	}
	if got, _ := s.CompanyProjects(ctx, outsider, projects[0].Companies[0].ID); len(got) != 0 {
		t.Errorf("an outsider sees a company's projects")
	}
	if _, err := s.SaveProject(ctx, member, 0, partners.ProjectInput{Title: "X", Status: "pagar"}); err != partners.ErrNotFound {
		t.Errorf("a member saved a project: %v", err)
	}
}
