package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// A company's page is kept rendered for every viewer who sees it alike (company.go): a view with
// nothing changed is one round trip and does not show a change made behind the triggers' back;
// each kind of change it shows is on the next view; a post in a closed forum never shows for a
// viewer outside it, nor the admin's buttons for a member, however the page was kept before.
func TestCompanyPageKeptForViewersAlikeUntilAChange(t *testing.T) {
	searchFixture(t)   // direktor@las.example posts in generelt and in the directors' forum
	t.Cleanup(func() { // before the fixture's own, which finds its thread by the title
		execSQL(t, `UPDATE forum_threads SET title = 'Tråd om kvernsteinsaken' WHERE title = 'Tråd om kvernsteinsaken, omdøpt'`)
		execSQL(t, `UPDATE companies SET description = '' WHERE slug = 'las' AND description LIKE 'Kjent%'`)
		execSQL(t, `UPDATE users SET title = '' WHERE email = 'admin@las.example' AND title = 'Fagleder for visningstest'`)
		execSQL(t, `DELETE FROM events WHERE title = 'LAS-seminar for visningstest'`)
		execSQL(t, `DELETE FROM indicator_reports WHERE year = 2032 AND company_id = (SELECT id FROM companies WHERE slug = 'las')`)
	})
	execSQL(t, `WITH r AS (INSERT INTO indicator_reports (company_id, year, status, submitted_at)
			SELECT id, 2032, 'submitted', now() FROM companies WHERE slug = 'las' RETURNING id)
		INSERT INTO indicator_values (report_id, indicator_id, value) SELECT r.id, i.id, 4321 FROM r, (SELECT id FROM indicators ORDER BY id LIMIT 1) i`)
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	outsider := webtest.NewClient(t, h).Login("ansatt@vefas.example")
	director := webtest.NewClient(t, h).Login("direktor@vefas.example")
	admin := webtest.NewClient(t, h).Login("admin@las.example")
	const path, closed, tools = "/medlemmer/las", "Lukket toppsekretfjord-tråd", "Rediger profilen"
	view := func(c *webtest.Client) *webtest.Response {
		t.Helper()
		res := c.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		return res
	}
	for round := range 2 { // the first views keep the pages, the second are the kept ones
		for _, c := range []*webtest.Client{director, outsider, admin} {
			res := view(c)
			body := res.Body
			switch {
			case c == director && !strings.Contains(body, closed):
				t.Errorf("round %d: a member of the directors' forum does not see the company's post there", round)
			case c != director && strings.Contains(body, closed):
				t.Errorf("round %d: a post of the directors' forum shows outside it", round)
			case c == admin && !strings.Contains(body, tools), c != admin && strings.Contains(body, tools):
				t.Errorf("round %d: the admin's buttons show for the wrong viewer", round)
			}
			if round == 1 && res.Queries != 1 {
				t.Errorf("a kept view made %d round trips, want 1", res.Queries)
			}
		}
	}

	// Kept: a description changed with the triggers off does not show until a version changes.
	execSQL(t, `DO $$ BEGIN SET LOCAL session_replication_role = replica;
		UPDATE companies SET description = 'Kjent bak ryggen' WHERE slug = 'las'; END $$`)
	if strings.Contains(view(outsider).Body, "Kjent bak ryggen") {
		t.Fatal("the page is not kept: a change no version counts shows at once")
	}
	execSQL(t, `UPDATE reference_version SET n = n + 1`)
	if !strings.Contains(view(outsider).Body, "Kjent bak ryggen") {
		t.Error("a new reference version does not renew the kept page")
	}

	changes := []struct{ name, sql, want string }{
		{"a contact's title (people_version)", `UPDATE users SET title = 'Fagleder for visningstest' WHERE email = 'admin@las.example'`, "Fagleder for visningstest"},
		{"an event it arranges (event_version)", `INSERT INTO events (title, kind, starts_at, ends_at, status, organiser_company_id)
			SELECT 'LAS-seminar for visningstest', 'seminar', now() + interval '3 days', now() + interval '3 days 1 hour', 'published', id FROM companies WHERE slug = 'las'`,
			"LAS-seminar for visningstest"},
		{"a post of its people (search_version)", `UPDATE forum_threads SET title = 'Tråd om kvernsteinsaken, omdøpt' WHERE title = 'Tråd om kvernsteinsaken'`, "Tråd om kvernsteinsaken, omdøpt"},
		{"its key figures (indicator_version)", `UPDATE indicator_values SET value = 98765 WHERE value = 4321
			AND report_id IN (SELECT id FROM indicator_reports WHERE year = 2032)`, "98\u00a0765"},
	}
	for _, c := range changes {
		execSQL(t, c.sql)
		res := view(outsider)
		if !strings.Contains(res.Body, c.want) {
			t.Errorf("%s does not show on the next view (want %q)", c.name, c.want)
		}
		// The page again, the list of its people after a change to people, the member list after
		// a change to the reference data (a new report is one).
		if res.Queries > 4 {
			t.Errorf("%s: the next view took %d round trips", c.name, res.Queries)
		}
	}
}
