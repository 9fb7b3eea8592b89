package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// The partner register, the owners' page and the decision register are kept rendered (one
// round trip a view), and every change to what they show is on the next view: a partner's
// name, an owner's account, a decision's title. Each step fails without its trigger
// (migration 00340) or the version in the page's key. A member's login changes nothing kept.
func TestKeptPagesFollowChanges(t *testing.T) {
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	member := webtest.NewClient(t, h).Login("ansatt@las.example")
	admin := webtest.NewClient(t, h).Login("admin@iris-salten.example")
	director := webtest.NewClient(t, h).Login("direktor@las.example")
	lastLogin := queryString(t, `SELECT coalesce(last_login_at::text, '') FROM users WHERE email = 'eier@bodo.example'`)
	t.Cleanup(func() {
		execSQL(t, `UPDATE partner_organisations SET name = 'NORCE' WHERE slug = 'norce'`)
		execSQL(t, `UPDATE users SET last_login_at = nullif($1, '')::timestamptz WHERE email = 'eier@bodo.example'`, lastLogin)
		execSQL(t, `UPDATE meeting_cases SET title = 'Mandat for styringsgruppen' WHERE title = 'Hurtigtest mandat'`)
	})

	steps := []struct {
		name   string
		c      *webtest.Client
		path   string
		sql    string
		before string
		after  string
	}{
		{"a partner renamed", member, "/partnere", `UPDATE partner_organisations SET name = 'NORCE Hurtigtest' WHERE slug = 'norce'`, ">NORCE<", ">NORCE Hurtigtest<"},
		{"an owner logged in", admin, "/eiere", `UPDATE users SET last_login_at = '2063-01-05 12:00+01' WHERE email = 'eier@bodo.example'`, "eier@bodo.example", "Sist innlogget 5. januar 2063"},
		{"a decision's title", director, "/vedtak", `UPDATE meeting_cases SET title = 'Hurtigtest mandat' WHERE title = 'Mandat for styringsgruppen'`, "Mandat for styringsgruppen", "Hurtigtest mandat"},
	}
	for _, st := range steps {
		if res := st.c.Get(st.path); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, st.before) {
			t.Fatalf("%s: %s status %d, lacks %q", st.name, st.path, res.StatusCode, st.before)
		}
		if res := st.c.Get(st.path); res.Queries != 1 {
			t.Errorf("%s: a second view of %s made %d round trips, want 1 (the session with the user and the versions)", st.name, st.path, res.Queries)
		}
		execSQL(t, st.sql)
		if res := st.c.Get(st.path); !strings.Contains(res.Body, st.after) {
			t.Errorf("after %s, %s lacks %q", st.name, st.path, st.after)
		}
	}

	// A member's login is no change to the owners' accounts: the partner version stays.
	before := queryString(t, `SELECT n::text FROM partner_version`)
	execSQL(t, `UPDATE users SET last_login_at = now() WHERE email = 'ansatt@las.example'`)
	if after := queryString(t, `SELECT n::text FROM partner_version`); after != before {
		t.Errorf("a member's login changed the partner version: %s → %s", before, after)
	}
}

// A kept page is never shown to a viewer who would see it otherwise, whoever views it first:
// the directors' decision to a member, an admin's owners' accounts to another company's admin
// or a member, the cluster admin's button to add a partner to a member.
func TestKeptPagesNeverCrossViewers(t *testing.T) {
	cases := []struct {
		path, mark string
		sees       string   // who sees the mark
		others     []string // who view the same page without it
	}{
		{"/vedtak", "Mandat for styringsgruppen", "direktor@las.example", []string{"ansatt@las.example"}},
		{"/eiere", "eier@bodo.example", "admin@iris-salten.example", []string{"admin@las.example", "ansatt@iris-salten.example"}},
		{"/eiere", `value="Tromsø"`, "admin@remiks.example", []string{"admin@las.example"}},
		{"/partnere", `href="/partnere/ny"`, "klyngeleder@remiks.example", []string{"ansatt@las.example"}},
	}
	for _, tc := range cases {
		viewers := append([]string{tc.sees}, tc.others...)
		for _, order := range [][]string{viewers, reversed(viewers)} {
			h := webtest.PortalAt(t, dbtest.Pool(t), time.Now) // an empty cache for each order
			for _, email := range order {
				res := webtest.NewClient(t, h).Login(email).Get(tc.path)
				shown := strings.Contains(res.Body, tc.mark)
				if want := email == tc.sees; res.StatusCode != http.StatusOK || shown != want {
					t.Errorf("%s for %s (order %v): status %d, shows %q: %t", tc.path, email, order, res.StatusCode, tc.mark, shown)
				}
			}
		}
	}
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[len(s)-1-i] = x
	}
	return out
}

// The list of meetings is kept rendered, with each viewer's own answer filled in per request:
// a second view is one round trip; a meeting's new title and a viewer's new answer are on the
// next view; one director's answer never shows for another; a meeting that ends moves to the
// past ones as the clock passes its end; and an answer older than those read with the user
// (a director who answered more than 500 meetings since) is read for its mark.
func TestKeptMeetingListFollowsChangesAndViewers(t *testing.T) {
	t.Cleanup(func() { execSQL(t, `DELETE FROM meetings WHERE title LIKE 'Svartest %'`) })
	execSQL(t, `INSERT INTO meetings (group_id, title, starts_at, ends_at, place)
		SELECT g.id, 'Svartest ' || lpad(i::text, 3, '0'), '2061-01-01 09:00+01'::timestamptz + i * interval '1 day',
		       '2061-01-01 12:00+01'::timestamptz + i * interval '1 day', 'Bodø'
		FROM groups g, generate_series(1, 501) i WHERE g.slug = 'direktorforum'`)
	// Director A answers every one of them: the first «kommer ikke», the others «kommer».
	execSQL(t, `INSERT INTO meeting_attendance (meeting_id, user_id, answer)
		SELECT m.id, u.id, CASE WHEN m.title = 'Svartest 001' THEN 'kommer_ikke' ELSE 'kommer' END
		FROM meetings m, users u WHERE m.title LIKE 'Svartest %' AND u.email = 'direktor@las.example'`)
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	a := webtest.NewClient(t, h).Login("direktor@las.example")
	b := webtest.NewClient(t, h).Login("direktor@haf.example")
	member := webtest.NewClient(t, h).Login("ansatt@las.example")
	card := func(c *webtest.Client, title string) string {
		t.Helper()
		res := c.Get("/moter")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("/moter: status %d", res.StatusCode)
		}
		return section(t, res.Body, ">"+title+"<", "</li>")
	}
	for round := range 2 { // the first view builds the page, the second is the kept one
		if got := card(a, "Svartest 001"); !strings.Contains(got, "Kommer ikke") {
			t.Errorf("round %d: director A's answer beyond those read with the user is not shown:\n%s", round, got)
		}
		if got := card(a, "Svartest 002"); !strings.Contains(got, "<dd>Kommer</dd>") {
			t.Errorf("round %d: director A's answer is not shown:\n%s", round, got)
		}
		if got := card(b, "Svartest 002"); !strings.Contains(got, "Ikke svart") {
			t.Errorf("round %d: director A's answer shows for director B:\n%s", round, got)
		}
		if body := member.Get("/moter").Body; strings.Contains(body, "Svartest") {
			t.Errorf("round %d: the directors' meetings show for a member", round)
		}
	}
	if res := b.Get("/moter"); res.Queries != 1 {
		t.Errorf("a kept view made %d round trips, want 1 (the session with the user, the versions and the answers)", res.Queries)
	}
	execSQL(t, `INSERT INTO meeting_attendance (meeting_id, user_id, answer) SELECT m.id, u.id, 'vara'
		FROM meetings m, users u WHERE m.title = 'Svartest 002' AND u.email = 'direktor@haf.example'`)
	if got := card(b, "Svartest 002"); !strings.Contains(got, "Vara møter") {
		t.Errorf("director B's new answer is not shown:\n%s", got)
	}
	execSQL(t, `UPDATE meetings SET title = 'Svartest omdøpt' WHERE title = 'Svartest 003'`)
	card(b, "Svartest omdøpt")

	// A meeting that ends in a moment: coming now, past once the clock has passed its end.
	execSQL(t, `INSERT INTO meetings (group_id, title, starts_at, ends_at, place)
		SELECT id, 'Svartest snart slutt', now() - interval '1 hour', now() + interval '2 seconds', 'Alta' FROM groups WHERE slug = 'direktorforum'`)
	coming := func() string {
		body := b.Get("/moter").Body
		return section(t, body, `id="kommende"`, `</section>`)
	}
	if !strings.Contains(coming(), "Svartest snart slutt") {
		t.Fatal("the meeting about to end is not among the coming ones")
	}
	time.Sleep(2500 * time.Millisecond)
	if strings.Contains(coming(), "Svartest snart slutt") {
		t.Error("a meeting that has ended is still among the coming ones of the kept list")
	}
}

// The comparison of indicators is kept rendered per company and rights: a second view is one
// round trip; a submitted value's change (indicator_version, migration 00350) and an
// indicator's new name (the reference version) are on the next view; one company's row is
// never marked as another's own, and a member never gets a company admin's report button.
func TestKeptIndicatorComparison(t *testing.T) {
	t.Cleanup(func() {
		execSQL(t, `UPDATE indicators SET name = 'Restavfall per innbygger' WHERE name = 'Hurtigtest restavfall'`)
	})
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	vefas := webtest.NewClient(t, h).Login("ansatt@vefas.example")
	las := webtest.NewClient(t, h).Login("ansatt@las.example")
	admin := webtest.NewClient(t, h).Login("admin@iris-salten.example")
	ownRow := regexp.MustCompile(`<tr class="compare__own">\s*<th scope="row">\s*([^<]+)<`)
	own := func(c *webtest.Client) (string, string) {
		t.Helper()
		res := c.Get("/nokkeltall")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("/nokkeltall: status %d", res.StatusCode)
		}
		m := ownRow.FindStringSubmatch(res.Body)
		if m == nil {
			return "", res.Body
		}
		return strings.TrimSpace(m[1]), res.Body
	}
	a, _ := own(vefas)
	b, body := own(las)
	if a == "" || b == "" || a == b {
		t.Errorf("the own company's row: %q for Vefas, %q for LAS; want each their own", a, b)
	}
	if strings.Contains(body, `href="/nokkeltall/rapporter"`) {
		t.Error("a member sees the button to report")
	}
	if _, body := own(admin); !strings.Contains(body, `href="/nokkeltall/rapporter"`) {
		t.Error("a company admin lacks the button to report")
	}
	if res := las.Get("/nokkeltall"); res.Queries != 1 {
		t.Errorf("a second view of the comparison: %d round trips, want 1", res.Queries)
	}

	execSQL(t, `UPDATE indicators SET name = 'Hurtigtest restavfall' WHERE name = 'Restavfall per innbygger'`)
	if _, body := own(las); !strings.Contains(body, "Hurtigtest restavfall") {
		t.Error("an indicator's new name is not on the next view")
	}
	before := queryString(t, `SELECT n::text FROM indicator_version`)
	execSQL(t, `UPDATE indicator_values SET value = value WHERE report_id = (SELECT min(id) FROM indicator_reports WHERE status = 'submitted')`)
	if queryString(t, `SELECT n::text FROM indicator_version`) == before {
		t.Error("a change of a submitted value does not change indicator_version")
	}
	// A value shown on the page changes: the median of the first indicator for the latest year.
	year := queryInt(t, `SELECT max(year) FROM indicator_reports WHERE status = 'submitted'`)
	_, first := own(las)
	saved := queryString(t, `SELECT json_agg(json_build_array(report_id, indicator_id, value))::text FROM indicator_values`)
	t.Cleanup(func() {
		execSQL(t, `UPDATE indicator_values v SET value = (x->>2)::numeric FROM json_array_elements($1::json) x
			WHERE v.report_id = (x->>0)::bigint AND v.indicator_id = (x->>1)::bigint`, saved)
	})
	execSQL(t, `UPDATE indicator_values v SET value = 987654 FROM indicator_reports r
		WHERE r.id = v.report_id AND r.status = 'submitted' AND r.year = $1 AND v.indicator_id = (SELECT id FROM indicators WHERE name = 'Hurtigtest restavfall')`, year)
	if _, next := own(las); next == first {
		t.Error("the comparison did not change after every value of an indicator changed")
	}
}
