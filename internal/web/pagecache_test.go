package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// getOK loads path and fails the test unless it answers 200.
func getOK(t *testing.T, c *webtest.Client, path string) *webtest.Response {
	t.Helper()
	res := c.Get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	return res
}

// The rendered event list is cached, and a change made in SQL to what it shows is on the next
// request: a registration (seats left), an event's title, a new event, a new group member's
// view. A second view without a change is one round trip: the session with the user, the
// versions and the viewer's own registrations (keptpages.go).
func TestEventListCacheIsStaleAfterEveryKindOfChange(t *testing.T) {
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, capacity)
		VALUES ('Bufret arrangement', 'seminar', '2059-04-10 09:00+02', '2059-04-10 12:00+02', 'published', 10)`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM events WHERE starts_at >= '2059-04-01' AND starts_at < '2059-05-01'`) })
	email, uid := freshUser(t, "hrs", "member")
	c := newClient(t).Login(email)
	path := "/arrangementer?maned=2059-04"
	if body := getOK(t, c, path).Body; !strings.Contains(body, "Bufret arrangement") || !strings.Contains(body, "10 av 10 plasser igjen") {
		t.Fatal("the new event with its ten seats is not on the list")
	}
	if res := getOK(t, c, path); res.Queries != 1 {
		t.Errorf("a second view: %d round trips, want 1 (the session with the user, the versions and the viewer's registrations)", res.Queries)
	}
	changes := []struct{ what, sql, want string }{
		{"registration of another", `INSERT INTO registrations (event_id, user_id, company_id, status)
			SELECT e.id, u.id, u.company_id, 'confirmed' FROM events e, users u WHERE e.title = 'Bufret arrangement' AND u.email = 'ansatt@las.example'`, "9 av 10 plasser igjen"},
		{"event's title", `UPDATE events SET title = 'Endret bufret arrangement' WHERE title = 'Bufret arrangement'`, "Endret bufret arrangement"},
		{"new event", `INSERT INTO events (title, kind, starts_at, ends_at, status)
			VALUES ('Nytt bufret arrangement', 'workshop', '2059-04-20 09:00+02', '2059-04-20 12:00+02', 'published')`, "Nytt bufret arrangement"},
		{"viewer's own registration", `INSERT INTO registrations (event_id, user_id, company_id, status)
			SELECT e.id, u.id, u.company_id, 'confirmed' FROM events e, users u WHERE e.title = 'Nytt bufret arrangement' AND u.id = ` + idStr(uid), "Du er påmeldt"},
	}
	for _, ch := range changes {
		getOK(t, c, path) // cached
		execSQL(t, ch.sql)
		if body := getOK(t, c, path).Body; !strings.Contains(body, ch.want) {
			t.Errorf("after a change of the %s in SQL the list does not show %q", ch.what, ch.want)
		}
	}
}

// A cached event list is never served to a viewer who may see something else, whichever came
// first: a group's event only for the group's member and a cluster admin, a draft only for the
// cluster admin (owners and partners have no list: 404); and the viewer's own status («Du er påmeldt») only for the viewer, on the coming and past lists.
func TestEventListCacheNeverAcrossViewers(t *testing.T) {
	_, inside := freshUser(t, "las", "member")
	outsideEmail, _ := freshUser(t, "las", "member")
	insideEmail := queryString(t, `SELECT email FROM users WHERE id = $1`, inside)
	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug = 'plukkanalyser'`, inside)
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, group_id, open_to)
		VALUES ('Gruppens listearrangement', 'seminar', '2059-06-03 09:00+02', '2059-06-03 12:00+02', 'published', (SELECT id FROM groups WHERE slug = 'plukkanalyser'), '{}'),
		       ('Utkast på listen', 'seminar', '2059-06-05 09:00+02', '2059-06-05 12:00+02', 'draft', NULL, '{}'),
		       ('Eiernes listearrangement', 'seminar', '2059-06-07 09:00+02', '2059-06-07 12:00+02', 'published', NULL, '{owner}'),
		       ('Forbi listearrangement', 'seminar', '2001-06-07 09:00+02', '2001-06-07 12:00+02', 'published', NULL, '{}')`)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM events WHERE title IN ('Gruppens listearrangement', 'Utkast på listen', 'Eiernes listearrangement', 'Forbi listearrangement')`)
	})
	execSQL(t, `INSERT INTO registrations (event_id, user_id, company_id, status)
		SELECT e.id, u.id, u.company_id, 'confirmed' FROM events e, users u
		WHERE e.title IN ('Gruppens listearrangement', 'Forbi listearrangement') AND u.id = $1`, inside)
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil) // one portal: one cache
	in, out := webtest.NewClient(t, h).Login(insideEmail), webtest.NewClient(t, h).Login(outsideEmail)
	admin := webtest.NewClient(t, h).Login("klyngeleder@remiks.example")
	type sees struct{ group, draft, owners, mine bool }
	want := map[*webtest.Client]sees{in: {true, false, true, true}, out: {false, false, true, false}, admin: {true, true, true, false}}
	names := map[*webtest.Client]string{in: "group member", out: "member outside the group", admin: "cluster admin"}
	for _, order := range [][]*webtest.Client{{in, out, admin}, {out, admin, in}, {admin, out, in}} {
		execSQL(t, `UPDATE events SET title = title WHERE title = 'Utkast på listen'`) // a new version: the cache starts empty
		for _, c := range order {
			for range 2 { // the second view is the cached one
				res := c.Get("/arrangementer?maned=2059-06")
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d", names[c], res.StatusCode)
				}
				body := res.Body
				got := sees{strings.Contains(body, "Gruppens listearrangement"), strings.Contains(body, "Utkast på listen"),
					strings.Contains(body, "Eiernes listearrangement"), strings.Contains(body, "Du er påmeldt")}
				if got != want[c] {
					t.Errorf("%s sees %+v, want %+v", names[c], got, want[c])
				}
			}
		}
		for _, c := range []*webtest.Client{in, out} { // the past list's status, after the other's view
			for range 2 {
				body := getOK(t, c, "/arrangementer/tidligere?maned=2001-06").Body
				if mine := strings.Contains(body, "Du er påmeldt"); !strings.Contains(body, "Forbi listearrangement") || mine != (c == in) {
					t.Errorf("%s on the past list: own status shown %v", names[c], mine)
				}
			}
		}
	}
}

// The rendered people pages are cached, and a change made in SQL to what they show is on the
// next request: a person's title, phone and name, a new person, someone leaving, a photo, a
// company's name. A second view is one round trip: the versions come with who the viewer is.
func TestPeopleCacheIsStaleAfterEveryKindOfChange(t *testing.T) {
	email, uid := freshUser(t, "vefas", "member")
	execSQL(t, `UPDATE users SET name = 'Åse Bufret', title = 'Rådgiver' WHERE id = $1`, uid)
	c := newClient(t).Login("ansatt@hrs.example")
	path := "/personer?q=" + "Bufret"
	if body := getOK(t, c, path).Body; !strings.Contains(body, "Åse Bufret") || !strings.Contains(body, "Rådgiver") {
		t.Fatal("the person is not found")
	}
	if res := getOK(t, c, path); res.Queries != 1 {
		t.Errorf("a second view: %d round trips, want 1 (the session with who the viewer is and the versions)", res.Queries)
	}
	t.Cleanup(func() {
		execSQL(t, `UPDATE companies SET short_name = replace(short_name, ' (bufret)', '') WHERE slug = 'vefas'`)
	})
	changes := []struct{ what, sql, want string }{
		{"title", `UPDATE users SET title = 'Seniorrådgiver' WHERE id = ` + idStr(uid), "Seniorrådgiver"},
		{"phone", `UPDATE users SET phone = '99 88 77 66', mobile = '' WHERE id = ` + idStr(uid), "99 88 77 66"},
		{"name", `UPDATE users SET name = 'Åse Bufret-Hansen' WHERE id = ` + idStr(uid), "Åse Bufret-Hansen"},
		{"new person", `INSERT INTO users (company_id, email, name, role, password_hash)
			SELECT company_id, 'ny-bufret@vefas.example', 'Nils Bufret', 'member', password_hash FROM users WHERE id = ` + idStr(uid), "Nils Bufret"},
		{"photo", `INSERT INTO user_avatars (user_id, small, large, updated_at) SELECT id, '\x00'::bytea, '\x00'::bytea, '2040-01-01 00:00+00' FROM users WHERE email = 'ny-bufret@vefas.example'`,
			"?v=" + strconv.FormatInt(time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), 10)},
		{"company", `UPDATE companies SET short_name = short_name || ' (bufret)' WHERE slug = 'vefas'`, " (bufret)"},
	}
	t.Cleanup(func() { execSQL(t, `DELETE FROM users WHERE email = 'ny-bufret@vefas.example'`) })
	for _, ch := range changes {
		getOK(t, c, path) // cached
		execSQL(t, ch.sql)
		if body := getOK(t, c, path).Body; !strings.Contains(body, ch.want) {
			t.Errorf("after a change of the %s in SQL the people page does not show %q", ch.what, ch.want)
		}
	}
	getOK(t, c, path)
	execSQL(t, `UPDATE users SET active = false WHERE email = $1`, email)
	if body := getOK(t, c, path).Body; strings.Contains(body, "Åse Bufret") {
		t.Error("a deactivated person is still on the cached people page")
	}
}

// A company page's list of people is cached: a change of a person's title in SQL and a new
// person are on the next view; a second view is one round trip (its reads of its own travel
// with who the viewer is), and a change to the company itself is on the next view too.
// The edit buttons are the company admin's alone, whoever viewed the page first.
func TestCompanyPeopleCacheIsStaleAndNeverAcrossViewers(t *testing.T) {
	_, uid := freshUser(t, "vefas", "member")
	execSQL(t, `UPDATE users SET name = 'Aase Firmabuffer', title = 'Driftsleder' WHERE id = $1`, uid)
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil) // one portal: one cache
	member, admin := webtest.NewClient(t, h).Login("ansatt@vefas.example"), webtest.NewClient(t, h).Login("admin@vefas.example")
	path := "/medlemmer/vefas"
	for _, c := range []*webtest.Client{member, admin, member} {
		res := getOK(t, c, path)
		if !strings.Contains(res.Body, "Aase Firmabuffer") {
			t.Fatal("the person is not on the company's page")
		}
		if edit := strings.Contains(res.Body, "Rediger profilen"); edit != (c == admin) {
			t.Errorf("edit buttons shown %v; want them for the company admin only", edit)
		}
	}
	if res := getOK(t, member, path); res.Queries != 1 {
		t.Errorf("a second view: %d round trips, want 1 (the session with who the viewer is, the versions and the page's reads)", res.Queries)
	}
	t.Cleanup(func() { execSQL(t, `DELETE FROM users WHERE email = 'ny-firmabuffer@vefas.example'`) })
	t.Cleanup(func() {
		execSQL(t, `UPDATE companies SET contact_user_id = NULL WHERE slug = 'vefas' AND contact_user_id = $1`, uid)
	})
	changes := []struct{ what, sql, want string }{
		{"title", `UPDATE users SET title = 'Driftssjef' WHERE id = ` + idStr(uid), "Driftssjef"},
		{"new person", `INSERT INTO users (company_id, email, name, role, password_hash)
			SELECT company_id, 'ny-firmabuffer@vefas.example', 'Aaron Firmabuffer', 'member', password_hash FROM users WHERE id = ` + idStr(uid), "Aaron Firmabuffer"},
	}
	for _, ch := range changes {
		getOK(t, member, path) // cached
		execSQL(t, ch.sql)
		if body := getOK(t, member, path).Body; !strings.Contains(body, ch.want) {
			t.Errorf("after a change of the %s in SQL the company page does not show %q", ch.what, ch.want)
		}
	}
	// The company's own row: its contact person is read with the viewer for the company as kept;
	// a change to it is a new reference version, and the reads are made again.
	contacts := func() string {
		body := getOK(t, member, path).Body
		i := strings.Index(body, `id="kontakt"`)
		return body[i : i+strings.Index(body[i:], "</section>")]
	}
	if strings.Contains(contacts(), "Firmabuffer") {
		t.Fatal("the person is a contact before they are made one")
	}
	execSQL(t, `UPDATE companies SET contact_user_id = $1 WHERE slug = 'vefas'`, uid)
	if !strings.Contains(contacts(), "Firmabuffer") {
		t.Error("the new contact person is not among the contacts")
	}
}

// An event's attendees are cached, and a change made in SQL to what the list shows is on the
// next view: a new registration, a person's new name, the registration's company, a
// cancellation. A second view without a change reads no attendees.
func TestEventAttendeesCacheIsStaleAfterEveryKindOfChange(t *testing.T) {
	ev := testEvent(t, "Deltakerbuffer", "capacity = 20")
	_, uid := freshUser(t, "hrs", "member")
	execSQL(t, `UPDATE users SET name = 'Dagny Deltakerbuffer' WHERE id = $1`, uid)
	c := newClient(t).Login("ansatt@hrs.example")
	path := "/arrangementer/" + ev
	if body := getOK(t, c, path).Body; strings.Contains(body, "Dagny Deltakerbuffer") {
		t.Fatal("a person not registered is on the list")
	}
	if res := getOK(t, c, path); res.Queries != 1 {
		t.Errorf("a second view: %d round trips, want 1", res.Queries)
	}
	steps := []struct {
		what, sql string
		want      string
		shown     bool
	}{
		{"registration", `INSERT INTO registrations (event_id, user_id, company_id, status) SELECT $1, id, company_id, 'confirmed' FROM users WHERE id = $2`, "Dagny Deltakerbuffer", true},
		{"name", `UPDATE users SET name = 'Dagny Deltakerbuffer-Olsen' WHERE id = $2 AND $1::bigint > 0`, "Dagny Deltakerbuffer-Olsen", true},
		{"cancellation", `UPDATE registrations SET status = 'cancelled' WHERE event_id = $1 AND user_id = $2`, "Dagny Deltakerbuffer", false},
	}
	for _, st := range steps {
		getOK(t, c, path) // cached
		execSQL(t, st.sql, ev, uid)
		if body := getOK(t, c, path).Body; strings.Contains(body, st.want) != st.shown {
			t.Errorf("after the %s in SQL: %q shown %v, want %v", st.what, st.want, !st.shown, st.shown)
		}
	}
}

// A group's event is 404 to a member outside the group also after a group member's view has
// put its attendees in the cache, and its attendees are never on another page.
func TestEventAttendeesCacheNeverAcrossViewers(t *testing.T) {
	ev := testEvent(t, "Gruppens deltakerbuffer", "group_id = (SELECT id FROM groups WHERE slug = 'plukkanalyser')")
	insideEmail, inside := freshUser(t, "las", "member")
	outsideEmail, _ := freshUser(t, "las", "member")
	execSQL(t, `UPDATE users SET name = 'Gunnhild Gruppebuffer' WHERE id = $1`, inside)
	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug = 'plukkanalyser'`, inside)
	execSQL(t, `INSERT INTO registrations (event_id, user_id, company_id, status) SELECT $1, id, company_id, 'confirmed' FROM users WHERE id = $2`, ev, inside)
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil) // one portal: one cache
	in, out := webtest.NewClient(t, h).Login(insideEmail), webtest.NewClient(t, h).Login(outsideEmail)
	for range 2 {
		if body := getOK(t, in, "/arrangementer/"+ev).Body; !strings.Contains(body, "Gunnhild Gruppebuffer") {
			t.Fatal("the group member does not see the attendee")
		}
		if res := out.Get("/arrangementer/" + ev); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, "Gunnhild") {
			t.Errorf("a member outside the group: status %d, want 404 without the attendees", res.StatusCode)
		}
	}
}
