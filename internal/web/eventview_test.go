package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// An event's page is kept rendered per viewer (eventview.go): a view with nothing changed is one
// round trip and does not show a change made behind the triggers' back; a registration, a
// question, a session of the programme and a person's name each show on the next view; one
// viewer's registration never shows as another's; a group's event stays 404 outside the group;
// and the registration's opening shows once the clock passes it.
func TestEventPageKeptPerViewerUntilAChange(t *testing.T) {
	id := idStr(queryInt(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, capacity)
		VALUES ('Visningsseminar', 'seminar', now() + interval '5 days', now() + interval '5 days 2 hours', 'published', 40) RETURNING id`))
	closed := idStr(queryInt(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, group_id)
		SELECT 'Lukket visningsseminar', 'seminar', now() + interval '5 days', now() + interval '5 days 2 hours', 'published', id
		FROM groups WHERE slug = 'direktorforum' RETURNING id`))
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM events WHERE title IN ('Visningsseminar', 'Lukket visningsseminar')`)
		execSQL(t, `UPDATE users SET name = replace(name, ' visningsomdøpt', '') WHERE email = 'ansatt@las.example'`)
	})
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	a := webtest.NewClient(t, h).Login("ansatt@las.example")
	// Another company's employee who sees alike (the same groups): only the person tells them apart.
	other := queryString(t, `SELECT u.email FROM users u WHERE u.email LIKE 'ansatt@%' AND u.email <> 'ansatt@las.example'
		AND array(SELECT group_id FROM group_members WHERE user_id = u.id ORDER BY 1) =
		    array(SELECT group_id FROM group_members WHERE user_id = (SELECT id FROM users WHERE email = 'ansatt@las.example') ORDER BY 1)
		ORDER BY u.email LIMIT 1`)
	b := webtest.NewClient(t, h).Login(other)
	path := "/arrangementer/" + id
	view := func(c *webtest.Client, p string) *webtest.Response {
		t.Helper()
		res := c.Get(p)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", p, res.StatusCode)
		}
		return res
	}
	execSQL(t, `INSERT INTO registrations (event_id, user_id, company_id, status)
		SELECT $1::bigint, id, company_id, 'confirmed' FROM users WHERE email = 'ansatt@las.example'`, id)
	const mine = "Du er påmeldt"
	for round := range 2 { // the first views keep the pages, the second are the kept ones
		res := view(a, path)
		if !strings.Contains(res.Body, mine) {
			t.Errorf("round %d: the registered viewer does not see their registration", round)
		}
		if round == 1 && res.Queries != 1 {
			t.Errorf("a kept view made %d round trips, want 1", res.Queries)
		}
		if strings.Contains(view(b, path).Body, mine) {
			t.Errorf("round %d: one viewer's registration shows as another's", round)
		}
		if res := b.Get("/arrangementer/" + closed); res.StatusCode != http.StatusNotFound {
			t.Errorf("round %d: a group's event for a viewer outside it: status %d", round, res.StatusCode)
		}
	}

	// Kept: a place changed with the triggers off does not show until a version changes.
	execSQL(t, `DO $$ BEGIN SET LOCAL session_replication_role = replica;
		UPDATE events SET place = 'Bak ryggen' WHERE title = 'Visningsseminar'; END $$`)
	if strings.Contains(view(a, path).Body, "Bak ryggen") {
		t.Fatal("the page is not kept: a change no version counts shows at once")
	}
	execSQL(t, `UPDATE event_version SET n = n + 1`)
	if !strings.Contains(view(a, path).Body, "Bak ryggen") {
		t.Error("a new event_version does not renew the kept page")
	}

	changes := []struct{ name, sql, want string }{
		{"another's registration", `INSERT INTO registrations (event_id, user_id, company_id, status)
			SELECT $1::bigint, id, company_id, 'confirmed' FROM users WHERE email = 'direktor@las.example'`, "Påmeldte (2)"},
		{"a question (event_questions)", `INSERT INTO event_questions (event_id, position, kind, label) VALUES ($1::bigint, 1, 'short', 'Visningsspørsmål om allergier')`, "Visningsspørsmål om allergier"},
		{"a session (event_sessions)", `INSERT INTO event_sessions (event_id, title, starts_at, ends_at)
			SELECT id, 'Visningspost om ombruk', starts_at, ends_at FROM events WHERE id = $1::bigint`, "Visningspost om ombruk"},
		{"a person's name (people_version)", `UPDATE users SET name = name || ' visningsomdøpt' WHERE email = 'ansatt@las.example' AND $1::bigint > 0`, " visningsomdøpt"},
	}
	for _, c := range changes {
		execSQL(t, c.sql, id)
		if res := view(b, path); !strings.Contains(res.Body, c.want) {
			t.Errorf("%s does not show on the next view (want %q)", c.name, c.want)
		}
	}
}

// The registration of an event kept before it opens is open once the clock passes its opening.
func TestKeptEventPageFollowsTheRegistrationOpening(t *testing.T) {
	id := idStr(queryInt(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, registration_opens_at)
		VALUES ('Åpningsseminar', 'seminar', now() + interval '5 days', now() + interval '5 days 2 hours', 'published', now() + interval '2 seconds') RETURNING id`))
	t.Cleanup(func() { execSQL(t, `DELETE FROM events WHERE title = 'Åpningsseminar'`) })
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	a := webtest.NewClient(t, h).Login("ansatt@las.example")
	if body := a.Get("/arrangementer/" + id).Body; !strings.Contains(body, "Påmeldingen har ikke åpnet ennå.") {
		t.Fatal("the registration shows as open before its opening")
	}
	time.Sleep(2500 * time.Millisecond)
	if body := a.Get("/arrangementer/" + id).Body; strings.Contains(body, "Påmeldingen har ikke åpnet ennå.") {
		t.Error("the kept page does not open the registration once the clock passes its opening")
	}
}
