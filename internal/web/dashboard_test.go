package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

func TestDashboardShowsEachBlockAndLinksOnward(t *testing.T) {
	res := newClient(t).Login("ansatt@vefas.example").Get("/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{"Mine neste arrangementer", "Nytt i forumene", "Denne måneden i årshjulet", "Høringer som venter på innspill", "Siste nytt",
		`href="/arrangementer"`, `href="/forum"`, `href="/arshjul"`, `href="/horinger"`, `href="/nyheter"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	// The demo data has an open consultation and news: they are on the dashboard.
	var consultation, news string
	if err := poolOf(t).QueryRow(t.Context(), `SELECT (SELECT title FROM consultations WHERE status = 'open' ORDER BY input_deadline LIMIT 1),
		(SELECT title FROM news ORDER BY published_at DESC, id DESC LIMIT 1)`).Scan(&consultation, &news); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{consultation, news} {
		if !strings.Contains(res.Body, html.EscapeString(want)) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
}

// A thread in the directors' forum is on the dashboard of the other directors, and nowhere on
// the dashboard of anyone else.
func TestDashboardNeverShowsWhatThePersonMayNotSee(t *testing.T) {
	director := newClient(t).Login("direktor@hrs.example")
	thread := startThread(t, director, "direktorforum", "Fortrolig: budsjett for klyngen", "Tall som bare direktørene ser.")
	open := startThread(t, director, "hms-og-beredskap", "Åpen tråd om verneutstyr", "Hva bruker dere?")

	other := newClient(t).Login("direktor@las.example").Get("/")
	if !strings.Contains(other.Body, "Fortrolig: budsjett for klyngen") || !strings.Contains(other.Body, `href="`+thread) {
		t.Error("another director does not see the new thread of the directors' forum on the dashboard")
	}
	member := newClient(t).Login("ansatt@las.example").Get("/")
	if strings.Contains(member.Body, "Fortrolig") || strings.Contains(member.Body, "direktorforum") {
		t.Error("a member sees the directors' forum on the dashboard")
	}
	if !strings.Contains(member.Body, "Åpen tråd om verneutstyr") || !strings.Contains(member.Body, `href="`+open) {
		t.Error("a member does not see the new open thread on the dashboard")
	}
}

func TestDashboardQueryCountDoesNotGrow(t *testing.T) {
	c := newClient(t).Login("ansatt@senja-avfall.example")
	before := coldGet(t, c, "/").Queries
	director := newClient(t).Login("direktor@iris-salten.example")
	for i := range 30 {
		startThread(t, director, "innsamling-og-logistikk", "Mengdetråd "+string(rune('A'+i%26)), "Innhold.")
	}
	execSQL(t, `INSERT INTO news (author_id, kind, title, ingress, body_md, body_html)
		SELECT u.id, 'news', 'Mengdenyhet ' || i, 'Ingress', 'Tekst', '<p>Tekst</p>' FROM users u, generate_series(1, 40) i WHERE u.email = 'klyngeleder@remiks.example'`)
	after := coldGet(t, c, "/")
	if after.StatusCode != http.StatusOK || after.Queries != before || after.Queries > 9 {
		t.Errorf("the dashboard ran %d queries, then %d with more data; want equal and at most 9", before, after.Queries)
	}
	if n := strings.Count(after.Body, "Mengdenyhet"); n > 3 {
		t.Errorf("%d news items on the dashboard, want at most 3", n)
	}
}

// My registrations and the open registrations are on the dashboard; an event restricted to the
// directors' forum is open only on the directors' dashboards.
func TestDashboardShowsMyEventsAndOpenRegistrations(t *testing.T) {
	mine := testEvent(t, "Dashbordtest: min workshop", "starts_at = now() + interval '1 hour', ends_at = now() + interval '2 hours'")
	testEvent(t, "Dashbordtest: lukket samling", "starts_at = now() + interval '2 hours', ends_at = now() + interval '3 hours', group_id = (SELECT id FROM groups WHERE slug = 'direktorforum')")
	c := newClient(t).Login("ansatt@haf.example")
	if res := c.PostForm("/arrangementer/"+mine+"/pamelding", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: status %d", res.StatusCode)
	}
	page := c.Get("/").Body
	section := page[strings.Index(page, "Mine neste arrangementer"):strings.Index(page, "Nytt i forumene")]
	if !strings.Contains(section, "Dashbordtest: min workshop") || !strings.Contains(section, "Du er påmeldt") {
		t.Error("my registration is not on the dashboard")
	}
	if strings.Contains(page, "Dashbordtest: lukket samling") {
		t.Error("a member sees an event restricted to the directors' forum on the dashboard")
	}
	if !strings.Contains(newClient(t).Login("direktor@haf.example").Get("/").Body, "Dashbordtest: lukket samling") {
		t.Error("a director does not see the directors' event open for registration")
	}
}
