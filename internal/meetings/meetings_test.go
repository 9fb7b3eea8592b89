package meetings_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/meetings"
)

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, "klynge-demo-2026")
		return err
	}))
}

func setup(t *testing.T) (*meetings.Store, *pgxpool.Pool, *auth.User) {
	pool := dbtest.Pool(t)
	var id int64
	if err := pool.QueryRow(t.Context(), `SELECT id FROM users WHERE email = 'klyngeleder@remiks.example'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return meetings.NewStore(pool, markdown.New(), "https://portal.test"), pool, &auth.User{ID: id, Role: auth.RoleClusterAdmin}
}

// newMeeting adds a meeting of the group with slug in a year of its own, so that its case
// numbers start at 1.
func newMeeting(t *testing.T, pool *pgxpool.Pool, group string, year int) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(t.Context(), `INSERT INTO meetings (group_id, title, starts_at, ends_at, place)
		SELECT id, 'Nummertest', make_timestamptz($2, 6, 5, 10, 0, 0, 'Europe/Oslo'), make_timestamptz($2, 6, 5, 12, 0, 0, 'Europe/Oslo'), 'Bodø'
		FROM groups WHERE slug = $1 RETURNING id`, group, year).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestCaseNumbersAreUniqueAndGaplessUnderConcurrentCreation(t *testing.T) {
	s, pool, admin := setup(t)
	ctx := t.Context()
	first := newMeeting(t, pool, "styringsgruppen", 2031)
	second := newMeeting(t, pool, "styringsgruppen", 2031)
	other := newMeeting(t, pool, "direktorforum", 2031)
	const n = 24
	var wg sync.WaitGroup
	numbers := make(chan int, 2*n)
	errs := make(chan error, 2*n)
	for i := range 2 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := first
			if i%2 == 1 {
				id = second
			}
			m, err := s.Meeting(ctx, admin, id)
			if err != nil {
				errs <- err
				return
			}
			c, err := s.AddCase(ctx, admin, m, meetings.CaseInput{Kind: "vedtak", Title: "Samtidig sak"})
			if err != nil {
				errs <- err
				return
			}
			if c.Year != 2031 {
				errs <- errors.New("wrong year")
			}
			numbers <- c.Number
		}()
	}
	// A case that fails validation in the middle takes no number.
	m, err := s.Meeting(ctx, admin, first)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCase(ctx, admin, m, meetings.CaseInput{Kind: "ukjent", Title: ""}); err == nil {
		t.Error("an invalid case was added")
	}
	wg.Wait()
	close(numbers)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var got []int
	for n := range numbers {
		got = append(got, n)
	}
	slices.Sort(got)
	for i, n := range got {
		if n != i+1 {
			t.Fatalf("numbers %v: not 1..%d without gaps or repeats", got, len(got))
		}
	}
	// The numbers are the group's per year: another group starts at 1.
	om, _ := s.Meeting(ctx, admin, other)
	c, err := s.AddCase(ctx, admin, om, meetings.CaseInput{Kind: "orientering", Title: "Annen gruppe"})
	if err != nil || c.Number != 1 || c.Label() != "Sak 01/2031" {
		t.Fatalf("the other group's first case: %+v, %v", c, err)
	}
	var stored int
	if err := pool.QueryRow(ctx, `SELECT count(DISTINCT number) FROM meeting_cases WHERE meeting_id IN ($1, $2)`, first, second).Scan(&stored); err != nil || stored != 2*n {
		t.Fatalf("%d distinct numbers stored, want %d (%v)", stored, 2*n, err)
	}
}

func TestCaseLabel(t *testing.T) {
	for _, tc := range []struct {
		n, y int
		want string
	}{{7, 2026, "Sak 07/2026"}, {12, 2027, "Sak 12/2027"}, {105, 2026, "Sak 105/2026"}} {
		if got := meetings.CaseLabel(tc.n, tc.y); got != tc.want {
			t.Errorf("CaseLabel(%d, %d) = %q, want %q", tc.n, tc.y, got, tc.want)
		}
	}
}

// The one access rule (internal/access) decides: a person who is not a member (an owner
// representative here) sees none of the group's meetings, even in the group
// and as a cluster admin, and no decision shared with all members.
func TestPeopleOfOtherKindsSeeNoMeetingsNorSharedDecisions(t *testing.T) {
	s, pool, admin := setup(t)
	ctx := t.Context()
	var owner int64
	if err := pool.QueryRow(ctx, `INSERT INTO users (municipality, email, name, role, kind, password_hash)
		VALUES ('Bodø', 'eier-moter@bodo.example', 'Eier Møtesen', 'cluster_admin', 'owner', '$argon2id$x')
		RETURNING id`).Scan(&owner); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug IN ('direktorforum', 'styringsgruppen')`, owner); err != nil {
		t.Fatal(err)
	}
	u := &auth.User{ID: owner, Role: auth.RoleClusterAdmin, Groups: []string{"direktorforum", "styringsgruppen"}}
	l, err := s.List(ctx, u, "", nil)
	if err != nil || len(l.Coming)+len(l.Past) != 0 {
		t.Errorf("the owner lists %d meetings (%v)", len(l.Coming)+len(l.Past), err)
	}
	if _, err := s.Meeting(ctx, u, 1); !errors.Is(err, meetings.ErrNotFound) {
		t.Errorf("the owner gets a demo meeting by id: %v", err)
	}
	if list, _, err := s.Decisions(ctx, u, meetings.DecisionFilter{}); err != nil || len(list) != 0 {
		t.Errorf("the owner sees %d decisions (%v)", len(list), err)
	}
	// A member outside the group sees the shared demo decision only.
	var member int64
	if err := pool.QueryRow(ctx, `SELECT id FROM users WHERE email = 'ansatt@las.example'`).Scan(&member); err != nil {
		t.Fatal(err)
	}
	list, _, err := s.Decisions(ctx, &auth.User{ID: member, Role: auth.RoleMember}, meetings.DecisionFilter{})
	if err != nil || len(list) != 1 || !list[0].Shared || list[0].InGroup {
		t.Errorf("a member outside the group sees %+v (%v), want the one shared decision", list, err)
	}
	all, _, _ := s.Decisions(ctx, admin, meetings.DecisionFilter{})
	if len(all) < 3 {
		t.Errorf("the cluster leader sees %d decisions, want the demo's 3", len(all))
	}
}
