package members_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/members"
)

const demoPassword = "klynge-demo-2026"

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := members.Seed(ctx, pool, demoPassword)
		return err
	}))
}

// actor loads the demo user with email as the signed-in user.
func actor(t *testing.T, email string) *auth.User {
	t.Helper()
	var id int64
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT id FROM users WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	u, _, err := auth.NewStore(dbtest.Pool(t)).CurrentUser(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := dbtest.Pool(t).QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSeedIsTheDemoContractAndRunsOnce(t *testing.T) {
	ctx := context.Background()
	if n := count(t, `SELECT count(*) FROM companies`); n != 11 {
		t.Fatalf("%d companies, want 11", n)
	}
	if n := count(t, `SELECT count(*) FROM users WHERE email LIKE 'direktor@%' AND id IN (SELECT user_id FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE g.slug = 'direktorforum')`); n != 11 {
		t.Errorf("%d directors in direktørforum, want 11", n)
	}
	if n := count(t, `SELECT count(*) FROM users WHERE email = 'klyngeleder@remiks.example' AND role = 'cluster_admin'`); n != 1 {
		t.Error("no cluster admin klyngeleder@remiks.example")
	}
	if n := count(t, `SELECT count(*) FROM users WHERE email LIKE 'admin@%' AND role = 'company_admin'`); n != 11 {
		t.Errorf("%d company admins, want 11", n)
	}
	sum, err := members.Seed(ctx, dbtest.Pool(t), demoPassword)
	if err != nil || !sum.Skipped {
		t.Fatalf("second seed: %+v, %v; want skipped", sum, err)
	}
	if n := count(t, `SELECT count(*) FROM companies`); n != 11 {
		t.Fatalf("%d companies after a second seed", n)
	}
}

func TestStoreRefusesAnotherCompanysAdmin(t *testing.T) {
	ctx := context.Background()
	store := members.NewStore(dbtest.Pool(t))
	las, hrs := actor(t, "admin@las.example"), actor(t, "admin@hrs.example")
	target := actor(t, "ansatt@hrs.example")
	audited := count(t, `SELECT count(*) FROM audit_log`)

	_, err := store.Invite(ctx, las, members.InviteInput{CompanyID: hrs.CompanyID, Email: "ny@hrs.example", Name: "Ny", Role: auth.RoleMember}, "http://portal.test")
	if !errors.Is(err, members.ErrForbidden) || count(t, `SELECT count(*) FROM users WHERE email = 'ny@hrs.example'`) != 0 {
		t.Errorf("invite into another company: %v", err)
	}
	if err := store.SetActive(ctx, las, target.ID, false); !errors.Is(err, members.ErrForbidden) {
		t.Errorf("deactivate in another company: %v", err)
	}
	if err := store.SetRole(ctx, las, target.ID, auth.RoleCompanyAdmin); !errors.Is(err, members.ErrForbidden) {
		t.Errorf("set role in another company: %v", err)
	}
	if err := store.SetRole(ctx, hrs, target.ID, auth.RoleClusterAdmin); !errors.Is(err, members.ErrForbidden) {
		t.Errorf("company admin grants cluster admin: %v", err)
	}
	if err := store.UpdateCompany(ctx, las, hrs.CompanyID, members.CompanyInput{Name: "Overtatt"}); !errors.Is(err, members.ErrForbidden) {
		t.Errorf("edit another company: %v", err)
	}
	if _, err := store.CompanyUsers(ctx, las, hrs.CompanyID); !errors.Is(err, members.ErrForbidden) {
		t.Errorf("list another company's users: %v", err)
	}
	if err := store.SetMembership(ctx, hrs, 1, target.ID, true); !errors.Is(err, members.ErrForbidden) {
		t.Errorf("company admin manages groups: %v", err)
	}
	if n := count(t, `SELECT count(*) FROM users WHERE id = $1 AND active AND role = 'member'`, target.ID); n != 1 {
		t.Error("the target changed")
	}
	if n := count(t, `SELECT count(*) FROM audit_log`); n != audited {
		t.Errorf("%d audit rows for refused actions", n-audited)
	}
}

func TestSearchPeopleTakesWildcardsLiterally(t *testing.T) {
	store := members.NewStore(dbtest.Pool(t))
	for _, q := range []string{"%", "_", `\`} {
		people, more, err := store.SearchPeople(context.Background(), members.PeopleFilter{Query: q, Limit: 50})
		if err != nil || len(people) != 0 || more {
			t.Errorf("query %q: %d people, more %v, err %v; want none", q, len(people), more, err)
		}
	}
	people, _, err := store.SearchPeople(context.Background(), members.PeopleFilter{Company: "las", Limit: 50})
	if err != nil || len(people) != 3 {
		t.Errorf("people of LAS: %d, %v; want 3", len(people), err)
	}
}
