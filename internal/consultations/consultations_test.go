package consultations_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
	"klyngeportalen/internal/markdown"
)

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, "klynge-demo-2026")
		return err
	}))
}

func store(t *testing.T) (*consultations.Store, *pgxpool.Pool) {
	pool := dbtest.Pool(t)
	return consultations.NewStore(pool, markdown.New()), pool
}

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(t.Context(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func addConsultation(t *testing.T, pool *pgxpool.Pool, title, status, inputIn string) int64 {
	t.Helper()
	var id int64
	err := pool.QueryRow(t.Context(), `
		INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id, status)
		VALUES ($1, 'Direktoratet', (now() + interval '30 days')::date, now() + $2::interval, 2, $3) RETURNING id`, title, inputIn, status).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = pool.Exec(context.Background(), `DELETE FROM consultations WHERE id = $1`, id) })
	return id
}

func user(t *testing.T, pool *pgxpool.Pool, email string) *auth.User {
	t.Helper()
	u := &auth.User{Email: email}
	err := pool.QueryRow(t.Context(), `SELECT u.id, u.company_id, c.name, u.role FROM users u JOIN companies c ON c.id = u.company_id WHERE u.email = $1`, email).
		Scan(&u.ID, &u.CompanyID, &u.CompanyName, &u.Role)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// The reminder goes once per company and consultation to companies without input, to their
// admins and directors, even when two portal instances run it at the same moment.
func TestRemindersGoOncePerCompanyWithoutInput(t *testing.T) {
	s, pool := store(t)
	soon := addConsultation(t, pool, "Snart frist", "open", "2 days")
	addConsultation(t, pool, "Sen frist", "open", "20 days")
	addConsultation(t, pool, "Under arbeid", "in_progress", "1 day")
	addConsultation(t, pool, "Fristen er ute", "open", "-1 hour")
	for _, email := range []string{"ansatt@hrs.example", "ansatt@las.example"} {
		if err := s.SaveInput(t.Context(), user(t, pool, email), soon, "Vårt innspill"); err != nil {
			t.Fatal(err)
		}
	}
	mailsBefore := count(t, pool, `SELECT count(*) FROM mail_outbox`)

	var wg sync.WaitGroup
	results := make([]int, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() {
			results[i], errs[i] = s.RemindDue(t.Context(), consultations.ReminderWindow, "http://portal.test")
		})
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	if results[0]+results[1] != 9 {
		t.Errorf("%d + %d companies reminded, want 9 in all (11 minus the two with input)", results[0], results[1])
	}
	if n := count(t, pool, `SELECT count(*) FROM consultation_reminders WHERE consultation_id = $1`, soon); n != 9 {
		t.Errorf("%d reminder rows, want 9", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM consultation_reminders WHERE consultation_id <> $1 AND consultation_id IN (SELECT id FROM consultations WHERE title IN ('Sen frist', 'Under arbeid', 'Fristen er ute'))`, soon); n != 0 {
		t.Errorf("%d reminders for consultations outside the window or not open", n)
	}
	// Each reminded company's admin and director get one mail; HRS and LAS none.
	mails := count(t, pool, `SELECT count(*) FROM mail_outbox`) - mailsBefore
	if mails != 19 {
		t.Errorf("%d mails, want 19 (admin and director of 9 companies, and the cluster leader, a director of Remiks)", mails)
	}
	if n := count(t, pool, `SELECT count(*) FROM mail_outbox WHERE to_address IN ('admin@hrs.example', 'direktor@las.example', 'ansatt@vefas.example') AND subject LIKE '%Snart frist%'`); n != 0 {
		t.Errorf("%d reminders to companies with input or to ordinary members", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM mail_outbox WHERE to_address = 'direktor@vefas.example' AND body LIKE '%http://portal.test/horinger/' || $1::bigint || '%'`, soon); n != 1 {
		t.Errorf("the director of Vefas got %d reminders with the link, want 1", n)
	}
	// A second run sends nothing new.
	if n, err := s.RemindDue(t.Context(), consultations.ReminderWindow, "http://portal.test"); err != nil || n != 0 {
		t.Errorf("second run: %d, %v; want 0", n, err)
	}
	if got := count(t, pool, `SELECT count(*) FROM mail_outbox`) - mailsBefore; got != 19 {
		t.Errorf("%d mails after the second run, want still 19", got)
	}
}

func TestDashboardMethodsAreBoundedAndPersonal(t *testing.T) {
	s, pool := store(t)
	open := addConsultation(t, pool, "Dashbord åpen", "open", "3 days")
	addConsultation(t, pool, "Dashbord utløpt", "open", "-3 days")
	addConsultation(t, pool, "Dashbord sendt", "closed", "3 days")
	hrs := user(t, pool, "ansatt@hrs.example")
	if err := s.SaveInput(t.Context(), hrs, open, "Innspill"); err != nil {
		t.Fatal(err)
	}
	check := func(u *auth.User, wantInput bool) {
		list, err := s.OpenDeadlines(t.Context(), u.CompanyID, 50)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, d := range list {
			if d.Title == "Dashbord utløpt" || d.Title == "Dashbord sendt" {
				t.Errorf("%s is listed as open", d.Title)
			}
			if d.ID == open {
				found = true
				if d.HasInput != wantInput {
					t.Errorf("%s: has input %v, want %v", u.Email, d.HasInput, wantInput)
				}
			}
			if d.InputDeadline.Before(time.Now()) {
				t.Errorf("%s has passed its deadline", d.Title)
			}
		}
		if !found {
			t.Errorf("%s: the open consultation is missing", u.Email)
		}
	}
	check(hrs, true)
	check(user(t, pool, "ansatt@las.example"), false)
	if list, _ := s.OpenDeadlines(t.Context(), hrs.CompanyID, 1); len(list) != 1 {
		t.Errorf("limit 1 gave %d", len(list))
	}
}
