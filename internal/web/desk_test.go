package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/desk"
	"klyngeportalen/internal/indicators"
	"klyngeportalen/internal/web/webtest"
)

// deskSituations builds one of each thing the desk looks for, marked with tag.
func deskSituations(t *testing.T, tag string) (consultationID string) {
	t.Helper()
	year := strconv.Itoa(indicators.CurrentYear(time.Now()) - 1)
	execSQL(t, `DELETE FROM indicator_reports WHERE year = `+year+` AND company_id = (SELECT id FROM companies WHERE slug = 'fimil')`)
	execSQL(t, `INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id)
		VALUES ('Høring `+tag+`', 'Miljødirektoratet', current_date + 30, now() + interval '5 days', 2)`)
	execSQL(t, `INSERT INTO consultation_inputs (consultation_id, company_id, body_md, body_html)
		SELECT k.id, c.id, 'Innspill', '<p>Innspill</p>' FROM consultations k, companies c WHERE k.title = 'Høring `+tag+`' AND c.slug <> 'las'`)
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, capacity, status)
		VALUES ('Tynt seminar `+tag+`', 'seminar', now() + interval '10 days', now() + interval '10 days 2 hours', 100, 'published')`)
	execSQL(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status)
		VALUES ('Forsinket tiltak `+tag+`', 1, current_date - 60, current_date - 10, 'planlagt')`)
	execSQL(t, `INSERT INTO users (company_id, email, name, created_at)
		SELECT id, 'gammel.invitasjon.`+strings.ToLower(tag)+`@las.example', 'Gammel Invitasjon `+tag+`', now() - interval '20 days' FROM companies WHERE slug = 'las'`)
	execSQL(t, `INSERT INTO mail_outbox (to_address, subject, body, attempts, last_error, next_attempt_at)
		VALUES ('noen@las.example', 'Feilet e-post `+tag+`', 'x', 3, 'connection refused', now() + interval '1 hour')`)
	var id int64
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT id FROM consultations WHERE title = 'Høring `+tag+`'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

func TestDeskFindsWhatNeedsAttention(t *testing.T) {
	c := newClient(t).Login("klyngeleder@remiks.example")
	c.Get("/skrivebord") // each view is the first after a change, with the desk kept before it (desk.go)
	before := coldGet(t, c, "/skrivebord")
	if before.StatusCode != http.StatusOK {
		t.Fatalf("desk: %d", before.StatusCode)
	}
	deskSituations(t, "Desk1")
	c.Get("/skrivebord")
	res := coldGet(t, c, "/skrivebord")
	for _, want := range []string{">FIMIL<", "Høring Desk1", ">LAS<", "Påminn dem som mangler",
		"Tynt seminar Desk1", "Forsinket tiltak Desk1", "Forsinket: skulle vært ferdig", "Gammel Invitasjon Desk1",
		"Send invitasjonen til Gammel Invitasjon Desk1 på nytt", "Feilet e-post Desk1", "Send påminnelse til alle som mangler"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the desk lacks %q", want)
		}
	}
	var action string
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT title FROM meeting_actions WHERE status <> 'lukket' AND due_on < current_date ORDER BY due_on, id LIMIT 1`).Scan(&action); err != nil {
		t.Fatalf("the demo data has no overdue follow-up action: %v", err)
	}
	if !strings.Contains(res.Body, "Oppfølging fra møter") || !strings.Contains(res.Body, action) {
		t.Errorf("the desk lacks the overdue follow-up action %q", action)
	}
	if res.Queries != before.Queries || res.Queries > 6 {
		t.Errorf("the desk ran %d queries, then %d with more to show; want equal and at most 6", before.Queries, res.Queries)
	}
	if !strings.Contains(c.Get("/").Body, `href="/skrivebord"`) {
		t.Error("the cluster admin's front page does not lead to the desk")
	}
}

// Reminders from the desk mail the right people, once a day per company however often pressed.
func TestDeskRemindersMailOnce(t *testing.T) {
	pool := dbtest.Pool(t)
	id := deskSituations(t, "Desk2")
	c := newClient(t).Login("klyngeleder@remiks.example")
	var las, fimil string
	_ = pool.QueryRow(context.Background(), `SELECT (SELECT id::text FROM companies WHERE slug = 'las'), (SELECT id::text FROM companies WHERE slug = 'fimil')`).Scan(&las, &fimil)

	before := outboxCount(t, pool)
	res := c.PostForm("/skrivebord/paminn/horing/"+id, url.Values{"company": {las}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remind: %d", res.StatusCode)
	}
	sent := outboxCount(t, pool) - before
	var want int
	_ = pool.QueryRow(context.Background(), `SELECT count(*) FROM users u JOIN companies c ON c.id = u.company_id
		WHERE c.slug = 'las' AND u.active AND u.password_hash IS NOT NULL
		  AND (u.role = 'company_admin' OR u.id IN (SELECT user_id FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE g.slug = 'direktorforum'))`).Scan(&want)
	if sent != want || want == 0 {
		t.Fatalf("%d mails, want %d (LAS's admins and directors)", sent, want)
	}
	var to string
	_ = pool.QueryRow(context.Background(), `SELECT to_address FROM mail_outbox ORDER BY id DESC LIMIT 1`).Scan(&to)
	if !strings.HasSuffix(to, "@las.example") {
		t.Errorf("the reminder went to %s", to)
	}
	// Twice more, also at once: nothing more is sent today.
	others := []*webtest.Client{newClient(t).Login("klyngeleder@remiks.example"), newClient(t).Login("klyngeleder@remiks.example")}
	var wg sync.WaitGroup
	for _, o := range others {
		wg.Go(func() { o.PostForm("/skrivebord/paminn/horing/"+id, url.Values{"company": {las}}) })
	}
	wg.Wait()
	if got := outboxCount(t, pool) - before; got != sent {
		t.Fatalf("pressed again: %d mails in all, want %d", got, sent)
	}
	if !strings.Contains(c.Get("/skrivebord").Body, "Påminnet i dag") {
		t.Error("the desk does not say the consultation was reminded today")
	}

	before = outboxCount(t, pool)
	c.PostForm("/skrivebord/paminn/nokkeltall", url.Values{"company": {fimil}})
	first := outboxCount(t, pool) - before
	c.PostForm("/skrivebord/paminn/nokkeltall", url.Values{"company": {fimil}})
	if first == 0 || outboxCount(t, pool)-before != first {
		t.Fatalf("indicator reminders: %d, then %d", first, outboxCount(t, pool)-before)
	}
}

// Members see no desk; the steering group reads it without actions; a company admin sees
// their own company's.
func TestDeskAccess(t *testing.T) {
	deskSituations(t, "Desk3")
	if got := newClient(t).Login("ansatt@haf.example").Get("/skrivebord").StatusCode; got != http.StatusForbidden {
		t.Errorf("a member: %d, want 403", got)
	}
	var steering string
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT u.email FROM users u JOIN group_members gm ON gm.user_id = u.id
		JOIN groups g ON g.id = gm.group_id WHERE g.slug = 'styringsgruppen' AND u.role <> 'cluster_admin' ORDER BY u.id LIMIT 1`).Scan(&steering); err != nil {
		t.Fatalf("no steering group member in the demo data: %v", err)
	}
	sg := newClient(t).Login(steering)
	page := sg.Get("/skrivebord")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Høring Desk3") || strings.Contains(page.Body, "<form method=\"post\" action=\"/skrivebord") ||
		strings.Contains(page.Body, "Feilet e-post Desk3") {
		t.Fatalf("steering group: %d, want the desk without actions or mail addresses", page.StatusCode)
	}
	if got := sg.PostForm("/skrivebord/paminn/nokkeltall", url.Values{"company": {"1"}}).StatusCode; got != http.StatusForbidden {
		t.Errorf("steering group pressing a reminder: %d, want 403", got)
	}
	admin := newClient(t).Login("admin@las.example")
	page = admin.Get("/skrivebord")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Gammel Invitasjon Desk3") || !strings.Contains(page.Body, "Høring Desk3") {
		t.Fatalf("company admin: %d, want their company's desk", page.StatusCode)
	}
	for _, other := range []string{"Finnmark Miljøtjeneste", "Tynt seminar", "Forsinket tiltak", "Feilet e-post"} {
		if strings.Contains(page.Body, other) {
			t.Errorf("a company admin sees %q", other)
		}
	}
	if got := admin.PostForm("/skrivebord/paminn/nokkeltall", url.Values{"company": {"1"}}).StatusCode; got != http.StatusForbidden {
		t.Errorf("company admin pressing a reminder: %d, want 403", got)
	}
}

// The Monday summary goes once a week to each cluster admin, also when two instances send at once.
func TestDeskWeeklySummaryOncePerWeek(t *testing.T) {
	pool := dbtest.Pool(t)
	deskSituations(t, "Desk4")
	store := desk.NewStore(pool)
	oslo, _ := time.LoadLocation("Europe/Oslo")
	monday := time.Date(2026, 12, 7, 8, 0, 0, 0, oslo)
	tuesday := monday.AddDate(0, 0, 1)
	if n, err := store.SendWeekly(context.Background(), tuesday, oslo, 2025, "http://portal.test"); err != nil || n != 0 {
		t.Fatalf("on a Tuesday: %d %v", n, err)
	}
	before := outboxCount(t, pool)
	var wg sync.WaitGroup
	for range 2 { // two instances
		wg.Go(func() {
			if _, err := store.SendWeekly(context.Background(), monday, oslo, 2025, "http://portal.test"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	store.SendWeekly(context.Background(), monday.Add(3*time.Hour), oslo, 2025, "http://portal.test")
	var admins int
	_ = pool.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE role = 'cluster_admin' AND active AND kind = 'member'`).Scan(&admins)
	if got := outboxCount(t, pool) - before; got != admins {
		t.Fatalf("%d summaries, want one per cluster admin (%d)", got, admins)
	}
	var subject, body string
	_ = pool.QueryRow(context.Background(), `SELECT subject, body FROM mail_outbox WHERE to_address = 'klyngeleder@remiks.example' ORDER BY id DESC LIMIT 1`).Scan(&subject, &body)
	for _, want := range []string{"Det mest presserende", "skulle vært ferdig", "http://portal.test/skrivebord", "selskaper mangler nøkkeltall"} {
		if !strings.Contains(body, want) {
			t.Errorf("the summary lacks %q:\n%s", want, body)
		}
	}
	_, urgent, _ := strings.Cut(body, "Det mest presserende:")
	urgent, _, _ = strings.Cut(urgent, "Se alt")
	if n := strings.Count(urgent, "\n- "); n != 5 {
		t.Errorf("%d urgent items, want the five most urgent", n)
	}
	if !strings.HasPrefix(subject, "Skrivebordet denne uka:") {
		t.Errorf("subject %q", subject)
	}
	if n, _ := store.SendWeekly(context.Background(), monday.AddDate(0, 0, 7), oslo, 2025, "http://portal.test"); n != admins {
		t.Errorf("next Monday: %d, want %d", n, admins)
	}
}
