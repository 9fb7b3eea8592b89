package web_test

import (
	"net/http"
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
// (a director who answered more than a hundred newer meetings) is read for its mark.
func TestKeptMeetingListFollowsChangesAndViewers(t *testing.T) {
	t.Cleanup(func() { execSQL(t, `DELETE FROM meetings WHERE title LIKE 'Svartest %'`) })
	execSQL(t, `INSERT INTO meetings (group_id, title, starts_at, ends_at, place)
		SELECT g.id, 'Svartest ' || lpad(i::text, 3, '0'), '2061-01-01 09:00+01'::timestamptz + i * interval '1 day',
		       '2061-01-01 12:00+01'::timestamptz + i * interval '1 day', 'Bodø'
		FROM groups g, generate_series(1, 101) i WHERE g.slug = 'direktorforum'`)
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
