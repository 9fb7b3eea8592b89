package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
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
	if after.StatusCode != http.StatusOK || after.Queries != before || after.Queries > 2 {
		t.Errorf("the dashboard made %d round trips, then %d with more data; want equal and at most 2 (the session with the versions, then every block)", before, after.Queries)
	}
	// Warm, the shared blocks come from the cache, and the viewer's blocks travel with who
	// they are: the session, the user with the bell and the versions, and the viewer's 7 blocks.
	if warm := c.Get("/"); warm.Queries != 1 || warm.Statements > 11 {
		t.Errorf("a warm dashboard made %d round trips with %d statements; want 1 and at most 11", warm.Queries, warm.Statements)
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

// dashSection is the part of the dashboard page from heading from up to heading to.
func dashSection(t *testing.T, page, from, to string) string {
	t.Helper()
	i, j := strings.Index(page, from), strings.Index(page, to)
	if i < 0 || j < i {
		t.Fatalf("the dashboard lacks %q before %q", from, to)
	}
	return page[i:j]
}

// The dashboard's shared blocks (this month in the årshjul, the latest news) are cached
// rendered, and a change made in SQL to what they show is on the next request: the triggers
// count it in the change's transaction. A second view without a change reads the versions with
// the user, then the viewer's own blocks, and neither shared block's statement.
func TestDashboardCacheIsStaleAfterEveryKindOfChange(t *testing.T) {
	execSQL(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status)
		VALUES ('Bufret dashbordaktivitet', 1, (now() AT TIME ZONE 'Europe/Oslo')::date - 365, (now() AT TIME ZONE 'Europe/Oslo')::date + 1, 'planlagt')`)
	execSQL(t, `INSERT INTO news (author_id, company_id, kind, title, ingress, body_md, body_html, published_at)
		SELECT u.id, u.company_id, 'news', 'Bufret dashbordnyhet', 'Ingress', 'Tekst', '<p>Tekst</p>', '2099-01-01' FROM users u WHERE u.email = 'klyngeleder@remiks.example'`)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM activities WHERE title LIKE '%dashbordaktivitet'`)
		execSQL(t, `DELETE FROM news WHERE title LIKE '%dashbordnyhet'`)
		execSQL(t, `UPDATE companies SET name = replace(name, ' (endret)', ''), short_name = replace(short_name, ' (endret)', '') WHERE slug = 'remiks'`)
		execSQL(t, `UPDATE focus_areas SET name = replace(name, ' (endret)', '') WHERE id = 1`)
	})
	c := newClient(t).Login("ansatt@hrs.example")
	page := getOK(t, c, "/").Body
	if !strings.Contains(dashSection(t, page, "Denne måneden i årshjulet", "Hele årshjulet"), "Bufret dashbordaktivitet") ||
		!strings.Contains(dashSection(t, page, "Siste nytt", "Alle nyheter"), "Bufret dashbordnyhet") {
		t.Fatal("the new activity and news item are not on the dashboard")
	}
	warm := getOK(t, c, "/")
	if warm.Queries != 1 || warm.Statements > 11 {
		t.Errorf("a second view: %d round trips and %d statements, want 1 (the session with the versions and the viewer's blocks) and at most 11", warm.Queries, warm.Statements)
	}
	if warm.Body != page {
		t.Error("the dashboard changed without a change")
	}
	changes := []struct {
		what, sql, section, want string
		gone                     bool // the change takes want off the section
	}{
		{"activity's title", `UPDATE activities SET title = 'Endret dashbordaktivitet' WHERE title = 'Bufret dashbordaktivitet'`, "Denne måneden i årshjulet", "Endret dashbordaktivitet", false},
		{"focus area's name", `UPDATE focus_areas SET name = name || ' (endret)' WHERE id = 1`, "Denne måneden i årshjulet", " (endret) · ", false},
		{"activity's status", `UPDATE activities SET status = 'avlyst' WHERE title = 'Endret dashbordaktivitet'`, "Denne måneden i årshjulet", "Endret dashbordaktivitet", true},
		{"news item's title", `UPDATE news SET title = 'Endret dashbordnyhet' WHERE title = 'Bufret dashbordnyhet'`, "Siste nytt", "Endret dashbordnyhet", false},
		{"company's name", `UPDATE companies SET name = name || ' (endret)', short_name = short_name || ' (endret)' WHERE slug = 'remiks'`, "Siste nytt", " (endret) · ", false},
	}
	end := map[string]string{"Denne måneden i årshjulet": "Hele årshjulet", "Siste nytt": "Alle nyheter"}
	for _, ch := range changes {
		getOK(t, c, "/") // cached
		execSQL(t, ch.sql)
		if s := dashSection(t, getOK(t, c, "/").Body, ch.section, end[ch.section]); strings.Contains(s, ch.want) == ch.gone {
			t.Errorf("after a change of the %s in SQL the dashboard's %q is stale: %q there %v, want %v", ch.what, ch.section, ch.want, !ch.gone, ch.gone)
		}
	}
}

// The dashboard's shared blocks are never served to a viewer who sees otherwise: after members
// and a cluster admin have filled the cache, the owner's and the partner's front pages show
// neither the members' activity nor a news item not opened to them, and each member still sees
// only their own registrations.
func TestDashboardCacheNeverAcrossViewers(t *testing.T) {
	execSQL(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status)
		VALUES ('Medlemmenes dashbordaktivitet', 1, (now() AT TIME ZONE 'Europe/Oslo')::date - 365, (now() AT TIME ZONE 'Europe/Oslo')::date + 1, 'planlagt')`)
	execSQL(t, `INSERT INTO news (author_id, kind, title, ingress, body_md, body_html, published_at, open_to)
		SELECT u.id, 'news', 'Medlemmenes dashbordnyhet', 'Ingress', 'Tekst', '<p>Tekst</p>', '2099-01-02', '{}' FROM users u WHERE u.email = 'klyngeleder@remiks.example'`)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM activities WHERE title = 'Medlemmenes dashbordaktivitet'`)
		execSQL(t, `DELETE FROM news WHERE title = 'Medlemmenes dashbordnyhet'`)
	})
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil) // one portal: one cache
	for _, email := range []string{"ansatt@las.example", "klyngeleder@remiks.example", "direktor@hrs.example"} {
		for range 2 { // the second view is the cached one
			page := getOK(t, webtest.NewClient(t, h).Login(email), "/").Body
			if !strings.Contains(page, "Medlemmenes dashbordaktivitet") || !strings.Contains(page, "Medlemmenes dashbordnyhet") {
				t.Errorf("%s: the members' activity or news item is not on the dashboard", email)
			}
		}
	}
	for _, email := range []string{ownerEmail, partnerEmail} {
		page := getOK(t, webtest.NewClient(t, h).Login(email), "/").Body
		for _, never := range []string{"Medlemmenes dashbordaktivitet", "Medlemmenes dashbordnyhet", "Denne måneden i årshjulet"} {
			if strings.Contains(page, never) {
				t.Errorf("%s: the front page shows %q of the members' dashboard", email, never)
			}
		}
	}
}
