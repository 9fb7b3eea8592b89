package events_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/markdown"
)

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, "klynge-demo-2026")
		return err
	}))
}

func store(t *testing.T) (*events.Store, *pgxpool.Pool) {
	pool := dbtest.Pool(t)
	return events.NewStore(pool, markdown.New()), pool
}

// newEvent inserts a published coming event and returns its id.
func newEvent(t *testing.T, capacity, companyCap any) int64 {
	t.Helper()
	_, pool := store(t)
	var id int64
	err := pool.QueryRow(context.Background(), `INSERT INTO events (title, kind, starts_at, ends_at, capacity, company_cap, status)
		VALUES ('Lasttest', 'workshop', now() + interval '10 days', now() + interval '10 days 2 hours', $1, $2, 'published') RETURNING id`,
		capacity, companyCap).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// crowd adds n members spread over the 11 companies and returns them as signed-in users.
func crowd(t *testing.T, prefix string, n int) []*auth.User {
	t.Helper()
	ctx := context.Background()
	_, pool := store(t)
	rows, err := pool.Query(ctx, `
		INSERT INTO users (company_id, email, name, password_hash)
		SELECT c.id, $1 || i || '@' || c.slug || '.example', 'Deltaker ' || i, d.password_hash
		FROM generate_series(1, $2::int) i
		JOIN LATERAL (SELECT id, slug FROM companies ORDER BY id OFFSET (i % 11) LIMIT 1) c ON true
		CROSS JOIN (SELECT password_hash FROM users WHERE email = 'ansatt@vefas.example') d
		RETURNING id, company_id`, prefix, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var users []*auth.User
	for rows.Next() {
		u := &auth.User{Role: auth.RoleMember}
		if err := rows.Scan(&u.ID, &u.CompanyID); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	return users
}

type reg struct {
	id, user, company int64
	status            string
}

func registrations(t *testing.T, eventID int64) []reg {
	t.Helper()
	_, pool := store(t)
	rows, err := pool.Query(context.Background(), `SELECT id, user_id, company_id, status FROM registrations WHERE event_id = $1 ORDER BY id`, eventID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []reg
	for rows.Next() {
		var r reg
		if err := rows.Scan(&r.id, &r.user, &r.company, &r.status); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// checkInvariants: capacity and company cap hold, no one has two live registrations, and no
// seat is free while someone waits whose company cap would allow it.
func checkInvariants(t *testing.T, eventID int64, capacity, companyCap int) (confirmed, waiting []reg) {
	t.Helper()
	live := map[int64]bool{}
	perCompany := map[int64]int{}
	for _, r := range registrations(t, eventID) {
		if r.status == events.Cancelled {
			continue
		}
		if live[r.user] {
			t.Errorf("user %d has two live registrations", r.user)
		}
		live[r.user] = true
		if r.status == events.Confirmed {
			confirmed = append(confirmed, r)
			perCompany[r.company]++
		} else {
			waiting = append(waiting, r)
		}
	}
	if len(confirmed) > capacity {
		t.Fatalf("%d confirmed, capacity %d", len(confirmed), capacity)
	}
	// The counts kept beside the event by the trigger agree with the registrations.
	var keptConfirmed, keptWaiting int
	_, pool := store(t)
	if err := pool.QueryRow(context.Background(), `SELECT confirmed, waitlisted FROM event_counts WHERE event_id = $1`, eventID).Scan(&keptConfirmed, &keptWaiting); err != nil {
		t.Fatal(err)
	}
	if keptConfirmed != len(confirmed) || keptWaiting != len(waiting) {
		t.Errorf("the event's counts are %d confirmed and %d waiting, the registrations %d and %d", keptConfirmed, keptWaiting, len(confirmed), len(waiting))
	}
	for c, n := range perCompany {
		if companyCap > 0 && n > companyCap {
			t.Errorf("company %d has %d confirmed, cap %d", c, n, companyCap)
		}
	}
	for _, w := range waiting {
		if len(confirmed) < capacity && (companyCap == 0 || perCompany[w.company] < companyCap) {
			t.Errorf("registration %d waits while a seat it may take is free (%d of %d)", w.id, len(confirmed), capacity)
		}
	}
	return confirmed, waiting
}

// registerAll fires one registration per user at once.
func registerAll(t *testing.T, s *events.Store, eventID int64, users []*auth.User) {
	t.Helper()
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, len(users))
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if _, err := s.Register(context.Background(), u, eventID, u.ID, "", "http://portal.test"); err != nil {
				errs <- err
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("register: %v", err)
	}
}

func TestConcurrentRegistrationsNeverOverbook(t *testing.T) {
	s, _ := store(t)
	id := newEvent(t, 10, nil)
	users := crowd(t, "samtidig-", 220)
	start := time.Now()
	registerAll(t, s, id, users)
	t.Logf("220 simultaneous registrations for 10 seats took %v", time.Since(start).Round(time.Millisecond))

	confirmed, waiting := checkInvariants(t, id, 10, 0)
	if len(confirmed) != 10 || len(waiting) != 210 {
		t.Fatalf("%d confirmed and %d waiting, want 10 and 210", len(confirmed), len(waiting))
	}
	// The first ten to get the lock have the seats: the registration order is the id order.
	all := registrations(t, id)
	for i, r := range all {
		if want := i < 10; (r.status == events.Confirmed) != want {
			t.Fatalf("registration %d (place %d) is %s", r.id, i+1, r.status)
		}
	}
	// Positions are 1, 2, 3… in order.
	list, err := s.Attendees(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	pos := 0
	for _, a := range list {
		if a.Status == events.Waitlisted {
			pos++
			if a.Position != pos {
				t.Fatalf("waitlist position %d, want %d", a.Position, pos)
			}
		}
	}

	// Concurrent cancellations and re-registrations keep the rules.
	var wg sync.WaitGroup
	for i := range 60 {
		u := users[(i*7)%len(users)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			if err := s.Cancel(ctx, u, id, u.ID, "http://portal.test"); err != nil {
				var r *events.Refusal
				if !errors.As(err, &r) {
					t.Errorf("cancel: %v", err)
				}
			}
			if i%2 == 0 {
				if _, err := s.Register(ctx, u, id, u.ID, "", "http://portal.test"); err != nil {
					var r *events.Refusal
					if !errors.As(err, &r) {
						t.Errorf("register again: %v", err)
					}
				}
			}
		}()
	}
	wg.Wait()
	confirmed, _ = checkInvariants(t, id, 10, 0)
	if len(confirmed) != 10 {
		t.Errorf("%d confirmed after the churn, want 10 (the waitlist is long enough)", len(confirmed))
	}
}

func TestConcurrentRegistrationsKeepTheCompanyCap(t *testing.T) {
	s, _ := store(t)
	id := newEvent(t, 10, 1)
	users := crowd(t, "kvote-", 200)
	registerAll(t, s, id, users)
	confirmed, _ := checkInvariants(t, id, 10, 1)
	if len(confirmed) != 10 {
		t.Fatalf("%d confirmed, want 10 (11 companies, one seat each)", len(confirmed))
	}
	// Greedy in registration order gives exactly the same seats.
	per := map[int64]int{}
	n := 0
	for _, r := range registrations(t, id) {
		want := n < 10 && per[r.company] < 1
		if want {
			n++
			per[r.company]++
		}
		if (r.status == events.Confirmed) != want {
			t.Fatalf("registration %d is %s, the order says confirmed=%v", r.id, r.status, want)
		}
	}
	// Churn: random cancels and re-registrations at once.
	var wg sync.WaitGroup
	for i := range 40 {
		u := users[rand.IntN(len(users))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = s.Cancel(context.Background(), u, id, u.ID, "http://portal.test")
			if i%3 != 0 {
				_, _ = s.Register(context.Background(), u, id, u.ID, "", "http://portal.test")
			}
		}()
	}
	wg.Wait()
	checkInvariants(t, id, 10, 1)
}

func TestCancellationPromotesTheFirstWhoseCompanyFitsAndMailsThem(t *testing.T) {
	s, pool := store(t)
	ctx := context.Background()
	id := newEvent(t, 2, 1)
	users := crowd(t, "rykk-", 30)
	// users[0] and users[11] share a company (i % 11), users[1] is another.
	a, sameAsA, b, c := users[0], users[11], users[1], users[2]
	for _, u := range []*auth.User{a, b, sameAsA, c} {
		if _, err := s.Register(ctx, u, id, u.ID, "", "http://portal.test"); err != nil {
			t.Fatal(err)
		}
	}
	status := func(u *auth.User) string {
		var st string
		if err := pool.QueryRow(ctx, `SELECT status FROM registrations WHERE event_id = $1 AND user_id = $2 AND status <> 'cancelled'`, id, u.ID).Scan(&st); err != nil {
			return "none"
		}
		return st
	}
	if status(a) != events.Confirmed || status(b) != events.Confirmed || status(sameAsA) != events.Waitlisted || status(c) != events.Waitlisted {
		t.Fatalf("before: %s %s %s %s", status(a), status(b), status(sameAsA), status(c))
	}
	// b leaves: the first waiting (sameAsA) may not take it (cap 1 for a's company), c may.
	if err := s.Cancel(ctx, b, id, b.ID, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	if status(c) != events.Confirmed || status(sameAsA) != events.Waitlisted {
		t.Fatalf("after b left: c %s, sameAsA %s", status(c), status(sameAsA))
	}
	var mails int
	pool.QueryRow(ctx, `SELECT count(*) FROM mail_outbox m JOIN users u ON u.email = m.to_address WHERE u.id = $1 AND m.subject LIKE 'Du har fått plass%'`, c.ID).Scan(&mails)
	if mails != 1 {
		t.Errorf("%d promotion mails to c, want 1", mails)
	}
	// A raised capacity and company cap promote at once.
	admin := &auth.User{ID: 1, Role: auth.RoleClusterAdmin}
	e, err := s.Event(ctx, events.ViewerOf(admin), id)
	if err != nil {
		t.Fatal(err)
	}
	in := events.InputOf(e)
	in.Capacity, in.CompanyCap = "5", "2"
	if err := s.Update(ctx, admin, id, in, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	if status(sameAsA) != events.Confirmed {
		t.Errorf("after raising the cap: sameAsA %s", status(sameAsA))
	}
}

func TestRegistrationRefusals(t *testing.T) {
	s, pool := store(t)
	ctx := context.Background()
	users := crowd(t, "nei-", 3)
	u := users[0]
	refused := func(what string, err error) {
		t.Helper()
		var r *events.Refusal
		if !errors.As(err, &r) {
			t.Errorf("%s: %v, want a refusal", what, err)
		}
	}
	set := func(id int64, sql string) {
		if _, err := pool.Exec(ctx, `UPDATE events SET `+sql+` WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
	}
	for what, change := range map[string]string{
		"not yet open": "registration_opens_at = now() + interval '1 day'",
		"closed":       "registration_closes_at = now() - interval '1 minute'",
		"cancelled":    "status = 'cancelled'",
		"past":         "starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour'",
	} {
		id := newEvent(t, nil, nil)
		set(id, change)
		_, err := s.Register(ctx, u, id, u.ID, "", "")
		refused(what, err)
	}
	id := newEvent(t, nil, nil)
	if _, err := s.Register(ctx, u, id, u.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	_, err := s.Register(ctx, u, id, u.ID, "", "")
	refused("twice", err)
	if _, err := s.Register(ctx, u, id, users[1].ID, "", ""); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("for someone else: %v, want ErrNotFound", err)
	}
	if err := s.Cancel(ctx, users[1], id, u.ID, ""); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("cancelling someone else's: %v, want ErrNotFound", err)
	}
	set(id, "cancellation_deadline = now() - interval '1 minute'")
	refused("cancel after the deadline", s.Cancel(ctx, u, id, u.ID, ""))
}

func TestRemindersGoOnceToTheConfirmedOfTomorrowsEvents(t *testing.T) {
	s, pool := store(t)
	ctx := context.Background()
	users := crowd(t, "paminn-", 3)
	id := newEvent(t, 1, nil)
	for _, u := range users {
		if _, err := s.Register(ctx, u, id, u.ID, "", "http://portal.test"); err != nil {
			t.Fatal(err)
		}
	}
	later := newEvent(t, nil, nil) // in ten days: no reminder yet
	if _, err := s.Register(ctx, users[0], later, users[0].ID, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE events SET starts_at = now() + interval '20 hours', ends_at = now() + interval '22 hours' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		pool.QueryRow(ctx, `SELECT count(*) FROM mail_outbox WHERE subject LIKE 'Påminnelse: %' AND to_address LIKE 'paminn-%'`).Scan(&n)
		return n
	}
	if _, err := s.SendReminders(ctx, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Fatalf("%d reminders, want 1 (only the confirmed of tomorrow's event)", n)
	}
	if _, err := s.SendReminders(ctx, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("%d reminders after a second pass, want still 1", n)
	}
}

func TestUpcomingForTheDashboard(t *testing.T) {
	s, _ := store(t)
	ctx := context.Background()
	u := crowd(t, "tavle-", 1)[0]
	mine := newEvent(t, nil, nil)
	if _, err := s.Register(ctx, u, mine, u.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	got, open, err := s.Upcoming(ctx, events.ViewerOf(u), 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != mine || got[0].MyStatus == nil || *got[0].MyStatus != events.Confirmed {
		t.Errorf("mine: %+v", got)
	}
	if len(open) == 0 || len(open) > 20 {
		t.Fatalf("%d open events, want some and at most 20", len(open))
	}
	for i, e := range open {
		if e.ID == mine || e.GroupID != nil || e.Status != events.StatusPublished || e.MyStatus != nil {
			t.Errorf("open list has %q (group %v, status %s, mine %v)", e.Title, e.GroupID, e.Status, e.MyStatus)
		}
		if i > 0 && (e.StartsAt.Before(open[i-1].StartsAt) || e.StartsAt.Equal(open[i-1].StartsAt) && e.ID < open[i-1].ID) {
			t.Errorf("open list out of order at %d: %v after %v", i, e.StartsAt, open[i-1].StartsAt)
		}
	}
	// The open events carry their counts (chosen first, counted after the limit).
	other := crowd(t, "tavle-annen-", 1)[0]
	if _, err := s.Register(ctx, other, open[0].ID, other.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	_, again, err := s.Upcoming(ctx, events.ViewerOf(u), 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) == 0 || again[0].ID != open[0].ID || again[0].ConfirmedCount+again[0].WaitlistCount != open[0].ConfirmedCount+open[0].WaitlistCount+1 {
		t.Errorf("after a colleague registered for %d: %+v", open[0].ID, again[:min(1, len(again))])
	}
}

// A registration and a cancellation change the event's counts without writing a new version of
// the event's row (its xmin stays): the counts are a table of their own (migration 00270), so a
// burst of registrations does not spread the events over pages of dead versions.
func TestRegistrationsLeaveTheEventRowAsItWas(t *testing.T) {
	s, pool := store(t)
	ctx := context.Background()
	id := newEvent(t, 1, nil)
	users := crowd(t, "rad-", 2)
	version := func() (xmin string, confirmed, waitlisted int) {
		t.Helper()
		if err := pool.QueryRow(ctx, `SELECT e.xmin::text, c.confirmed, c.waitlisted FROM events e JOIN event_counts c ON c.event_id = e.id WHERE e.id = $1`, id).
			Scan(&xmin, &confirmed, &waitlisted); err != nil {
			t.Fatal(err)
		}
		return xmin, confirmed, waitlisted
	}
	before, _, _ := version()
	for _, u := range users {
		if _, err := s.Register(ctx, u, id, u.ID, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if xmin, confirmed, waitlisted := version(); xmin != before || confirmed != 1 || waitlisted != 1 {
		t.Errorf("after two registrations: xmin %s (was %s), %d confirmed and %d waiting, want 1 and 1", xmin, before, confirmed, waitlisted)
	}
	if err := s.Cancel(ctx, users[0], id, users[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	if xmin, confirmed, waitlisted := version(); xmin != before || confirmed != 1 || waitlisted != 0 {
		t.Errorf("after a cancellation that moves the waiting one up: xmin %s (was %s), %d confirmed and %d waiting, want 1 and 0", xmin, before, confirmed, waitlisted)
	}
}

// A registration with answers rewrites event_version (the kept event pages' version) once, at
// its commit (migration 00500): the answers and the seat count add one together, so that
// registrations to different events do not wait on the row for one another's statements.
// A change of the answers alone still makes a new version.
func TestARegistrationMakesOneNewEventVersion(t *testing.T) {
	ctx := context.Background()
	s, pool := store(t)
	id := newEvent(t, 10, nil)
	var q int64
	if err := pool.QueryRow(ctx, `INSERT INTO event_questions (event_id, position, kind, label) VALUES ($1, 1, 'short', 'Allergier') RETURNING id`, id).Scan(&q); err != nil {
		t.Fatal(err)
	}
	version := func() int {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, `SELECT n FROM event_version`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	u := crowd(t, "versjon", 1)[0]
	before := version()
	field := "q" + strconv.FormatInt(q, 10)
	if _, err := s.RegisterWith(ctx, u, id, u.ID, "", events.Form{field: {"Nøtter"}}, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	var answers int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM registration_answers a JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = $1`, id).Scan(&answers); err != nil || answers != 1 {
		t.Fatalf("%d answers (%v), want 1", answers, err)
	}
	if n := version(); n != before+1 {
		t.Errorf("after a registration with answers event_version is %d, want %d (one rewrite)", n, before+1)
	}
	if err := s.UpdateAnswers(ctx, u, id, "", events.Form{field: {"Skalldyr"}}); err != nil {
		t.Fatal(err)
	}
	if n := version(); n != before+2 {
		t.Errorf("after a change of the answers event_version is %d, want %d", n, before+2)
	}
}
