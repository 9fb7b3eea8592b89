package members_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
	"klyngeportalen/internal/members"
)

const demoPassword = "klynge-demo-2026"

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, demoPassword)
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

// The people count kept on each company row follows invitations accepted, deactivations,
// reactivations, moves between companies and deletions.
func TestCompanyPeopleCountFollowsThePeople(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	store := members.NewStore(pool)
	agree := func(when string) {
		t.Helper()
		if n := count(t, `SELECT count(*) FROM companies c WHERE c.people_count <>
			(SELECT count(*) FROM users u WHERE u.company_id = c.id AND u.active AND u.password_hash IS NOT NULL)`); n != 0 {
			t.Fatalf("%s: %d companies count their people wrong", when, n)
		}
	}
	agree("after the seed")
	admin := actor(t, "admin@hrs.example")
	id, err := store.Invite(ctx, admin, members.InviteInput{CompanyID: admin.CompanyID, Email: "telles@hrs.example", Name: "Telles Med", Role: auth.RoleMember}, "http://portal.test")
	if err != nil {
		t.Fatal(err)
	}
	before := count(t, `SELECT people_count FROM companies WHERE id = $1`, admin.CompanyID)
	agree("after an invitation")
	if _, err := pool.Exec(ctx, `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'ansatt@hrs.example') WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if n := count(t, `SELECT people_count FROM companies WHERE id = $1`, admin.CompanyID); n != before+1 {
		t.Errorf("an accepted invitation counts %d, want %d", n, before+1)
	}
	if err := store.SetActive(ctx, admin, id, false); err != nil {
		t.Fatal(err)
	}
	agree("after a deactivation")
	if err := store.SetActive(ctx, admin, id, true); err != nil {
		t.Fatal(err)
	}
	agree("after a reactivation")
	if _, err := pool.Exec(ctx, `UPDATE users SET company_id = (SELECT id FROM companies WHERE id <> $1 ORDER BY id LIMIT 1), name = 'Flyttet' WHERE id = $2`, admin.CompanyID, id); err != nil {
		t.Fatal(err)
	}
	agree("after a move")
	if _, err := pool.Exec(ctx, `DELETE FROM users WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	agree("after a deletion")
}
