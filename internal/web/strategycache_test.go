package web_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// The strategy page is kept rendered, and every change to what it shows is on the next view:
// the strategy's text, an activity, an event held, an attendee, feedback, a consultation
// answer sent, an indicator report, and an event that ends as the clock passes it. Each step
// fails without its trigger (migration 00320 and the versions it reads) or the expiry.
func TestStrategyPageCacheFollowsEveryChange(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Date(2063, 9, 1, 10, 0, 0, 0, time.UTC).UnixNano())
	h := webtest.PortalAt(t, dbtest.Pool(t), func() time.Time { return time.Unix(0, clock.Load()).UTC() })
	c := webtest.NewClient(t, h).Login("ansatt@las.example")
	purpose := queryString(t, `SELECT purpose FROM strategy_revisions WHERE id = (SELECT max(id) FROM strategy_revisions)`)
	t.Cleanup(func() {
		execSQL(t, `UPDATE strategy_revisions SET purpose = $1 WHERE id = (SELECT max(id) FROM strategy_revisions)`, purpose)
		execSQL(t, `DELETE FROM events WHERE title LIKE 'Hurtigtest %'`)
		execSQL(t, `DELETE FROM activities WHERE title LIKE 'Hurtigtest %'`)
		execSQL(t, `DELETE FROM consultations WHERE title LIKE 'Hurtigtest %'`)
		execSQL(t, `DELETE FROM indicator_reports WHERE year = 2062`)
	})
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, focus_area_id, topic_id) VALUES
		('Hurtigtest senere', 'workshop', '2063-09-01 09:00+00', '2063-09-01 10:05+00', 'published', 1, 1)`)

	get := func(step string) string {
		t.Helper()
		res := c.Get("/strategi")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", step, res.StatusCode)
		}
		return res.Body
	}
	insight := func(body string) string { return section(t, body, `id="delmal-innsikt"`, `</section>`) }
	get("first view")
	if res := c.Get("/strategi"); res.Queries != 1 {
		t.Errorf("a second view made %d round trips, want 1 (the session with the user and the versions)", res.Queries)
	}

	steps := []struct {
		name, sql, want string
		part            func(string) string
	}{
		{"the strategy revised", `UPDATE strategy_revisions SET purpose = 'Hurtigtest formål' WHERE id = (SELECT max(id) FROM strategy_revisions)`, "Hurtigtest formål", nil},
		{"an activity", `INSERT INTO activities (title, focus_area_id, topic_id, starts_on, ends_on, status) VALUES ('Hurtigtest aktivitet', 1, 1, '2063-02-01', '2063-02-02', 'gjennomfort')`,
			">Hurtigtest aktivitet</a>", insight},
		{"an event held", `INSERT INTO events (title, kind, starts_at, ends_at, status, focus_area_id, topic_id) VALUES ('Hurtigtest samling', 'workshop', '2063-05-01 09:00+02', '2063-05-01 15:00+02', 'published', 1, 1)`,
			"1 arrangement holdt i 2063, 0 deltakere.", insight},
		{"an attendee", `INSERT INTO registrations (event_id, user_id, company_id, status) SELECT e.id, u.id, u.company_id, 'confirmed' FROM events e, users u WHERE e.title = 'Hurtigtest samling' AND u.email = 'ansatt@las.example'`,
			"1 arrangement holdt i 2063, 1 deltaker.", insight},
		{"feedback", `INSERT INTO event_feedback (event_id, overall, benefit) SELECT e.id, 4, 5 FROM events e, generate_series(1, 3) WHERE e.title = 'Hurtigtest samling'`,
			"snitt 4,0 av 5, faglig utbytte 5,0 av 5 (3 svar)", insight},
		{"a consultation answer sent", `INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id, status, sent_on) VALUES ('Hurtigtest høring', 'Miljødirektoratet', '2063-06-01', '2063-05-01 12:00+02', 2, 'sent', '2063-05-20')`,
			"1 høringssvar sendt i 2063.", nil},
		{"an indicator report", `INSERT INTO indicator_reports (company_id, year, status, submitted_at) SELECT id, 2062, 'submitted', now() FROM companies WHERE slug = 'las'`,
			"1 av 11 selskap har rapportert nøkkeltall for 2062.", nil},
	}
	for _, st := range steps {
		execSQL(t, st.sql)
		body := get(st.name)
		if st.part != nil {
			body = st.part(body)
		}
		if !strings.Contains(body, st.want) {
			t.Errorf("after %s the page lacks %q", st.name, st.want)
		}
	}

	// The clock passes the end of the year's next event: it is counted as held.
	clock.Store(time.Date(2063, 9, 1, 10, 6, 0, 0, time.UTC).UnixNano())
	if body := insight(get("the clock")); !strings.Contains(body, "2 arrangementer holdt i 2063, 1 deltaker.") {
		t.Errorf("an event that has ended since the page was kept is not counted:\n%s", body)
	}
}

// The kept page is never shown to a viewer who would see it otherwise: the steering group's
// edit button does not reach a member, nor a member's page (without it) the steering group.
func TestStrategyPageCacheNeverCrossesViewers(t *testing.T) {
	h := webtest.PortalAt(t, dbtest.Pool(t), func() time.Time { return time.Date(2064, 3, 1, 10, 0, 0, 0, time.UTC) })
	steering := webtest.NewClient(t, h).Login("direktor@iris-salten.example")
	member := webtest.NewClient(t, h).Login("ansatt@las.example")
	for round, order := range [][]*webtest.Client{{steering, member}, {member, steering}} {
		for _, c := range order {
			res := c.Get("/strategi")
			offered := strings.Contains(res.Body, "Revider strategien")
			if want := c == steering; res.StatusCode != http.StatusOK || offered != want {
				t.Errorf("round %d, steering group %t: status %d, offered to revise %t", round, want, res.StatusCode, offered)
			}
		}
	}
}
