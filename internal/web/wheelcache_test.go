package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// getWheel loads path and fails the test unless it is the årshjul page.
func getWheel(t *testing.T, c *webtest.Client, path string) string {
	t.Helper()
	res := c.Get(path)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Årshjul") {
		t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	return res.Body
}

// The rendered årshjul page is cached, and a change made in SQL to anything it shows (an
// activity, an event, a company's name) is on the next request: the
// triggers count it in the change's transaction. A second view without a change is served from
// the cache (one query for the versions after the session's).
func TestWheelCacheIsStaleAfterEveryKindOfChange(t *testing.T) {
	c := newClient(t).Login("ansatt@hrs.example")
	execSQL(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status, company_id)
		VALUES ('Hurtigbufret aktivitet', 1, '2057-03-01', '2057-03-20', 'planlagt', (SELECT id FROM companies WHERE slug = 'hrs'))`)
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, focus_area_id)
		VALUES ('Hurtigbufret arrangement', 'seminar', '2057-05-04 09:00+02', '2057-05-04 12:00+02', 'published', 2)`)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM activities WHERE title LIKE 'Hurtigbufret%' OR title LIKE 'Endret%'`)
		execSQL(t, `DELETE FROM events WHERE title LIKE 'Hurtigbufret%' OR title LIKE 'Endret%'`)
	})
	path := "/arshjul/2057"
	if body := getWheel(t, c, path); !strings.Contains(body, "Hurtigbufret aktivitet") || !strings.Contains(body, "Hurtigbufret arrangement") {
		t.Fatal("the new activity and event are not on the wheel")
	}
	if res := c.Get(path); res.Queries != 1 {
		t.Errorf("a second view: %d round trips, want 1 (the session with who the viewer is and the versions; the page from the cache)", res.Queries)
	}
	changes := []struct{ what, sql, want string }{
		{"activity", `UPDATE activities SET title = 'Endret aktivitet' WHERE title = 'Hurtigbufret aktivitet'`, "Endret aktivitet"},
		{"event", `UPDATE events SET title = 'Endret arrangement' WHERE title = 'Hurtigbufret arrangement'`, "Endret arrangement"},
		{"company", `UPDATE companies SET name = name || ' (endret)' WHERE slug = 'hrs'`, " (endret)</option>"}, // the company filter
	}
	t.Cleanup(func() { execSQL(t, `UPDATE companies SET name = replace(name, ' (endret)', '') WHERE slug = 'hrs'`) })
	for _, ch := range changes {
		getWheel(t, c, path) // cached
		execSQL(t, ch.sql)
		if body := getWheel(t, c, path); !strings.Contains(body, ch.want) {
			t.Errorf("after a change of the %s in SQL the wheel does not show %q", ch.what, ch.want)
		}
	}
}

// A cached årshjul page is never served to a viewer who may see something else: a group's
// event is on the page of the group's member and of a cluster admin, never on that of a member
// outside the group, whichever of them came first; a draft only for the cluster admin.
func TestWheelCacheNeverAcrossViewers(t *testing.T) {
	_, inside := freshUser(t, "las", "member")
	outsideEmail, _ := freshUser(t, "las", "member")
	insideEmail := queryString(t, `SELECT email FROM users WHERE id = $1`, inside)
	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug = 'plukkanalyser'`, inside)
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, focus_area_id, group_id)
		VALUES ('Gruppens hjularrangement', 'seminar', '2058-02-03 09:00+01', '2058-02-03 12:00+01', 'published', 1, (SELECT id FROM groups WHERE slug = 'plukkanalyser')),
		       ('Utkast på hjulet', 'seminar', '2058-02-05 09:00+01', '2058-02-05 12:00+01', 'draft', 1, NULL)`)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM events WHERE title IN ('Gruppens hjularrangement', 'Utkast på hjulet')`)
	})
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil) // one portal: one cache
	in, out := webtest.NewClient(t, h).Login(insideEmail), webtest.NewClient(t, h).Login(outsideEmail)
	admin := webtest.NewClient(t, h).Login("klyngeleder@remiks.example")
	for _, order := range [][]*webtest.Client{{in, out, admin}, {out, admin, in}, {admin, out, in}} {
		execSQL(t, `UPDATE activities SET title = title WHERE false`) // a new version: the cache starts empty
		for _, c := range order {
			for range 2 { // the second view is the cached one
				body := getWheel(t, c, "/arshjul/2058")
				group, draft := strings.Contains(body, "Gruppens hjularrangement"), strings.Contains(body, "Utkast på hjulet")
				switch c {
				case in:
					if !group || draft {
						t.Errorf("group member: group event %v, draft %v; want true, false", group, draft)
					}
				case out:
					if group || draft {
						t.Errorf("member outside the group: group event %v, draft %v; want neither", group, draft)
					}
				case admin:
					if !group || !draft {
						t.Errorf("cluster admin: group event %v, draft %v; want both", group, draft)
					}
				}
			}
		}
	}
}

// A cached page whose event begins meanwhile is rendered anew: its status follows the clock.
func TestWheelCacheFollowsTheClock(t *testing.T) {
	start := time.Now().Add(1500 * time.Millisecond)
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, focus_area_id)
		VALUES ('Hjularrangement som begynner nå', 'seminar', $1::timestamptz, $1::timestamptz + interval '1 hour', 'published', 1)`, start)
	t.Cleanup(func() { execSQL(t, `DELETE FROM events WHERE title = 'Hjularrangement som begynner nå'`) })
	c := newClient(t).Login("ansatt@hrs.example")
	path := "/arshjul/" + start.Format("2006")
	before := getWheel(t, c, path)
	if getWheel(t, c, path) != before {
		t.Fatal("the page changed without a change")
	}
	time.Sleep(time.Until(start) + 100*time.Millisecond)
	if getWheel(t, c, path) == before {
		t.Fatal("the page is the same after the event began")
	}
}
