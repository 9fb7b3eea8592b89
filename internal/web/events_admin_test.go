package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func eventForm(title string) url.Values {
	return url.Values{
		"title": {title}, "kind": {"workshop"}, "starts_at": {"2031-03-05T09:30"}, "ends_at": {"2031-03-05T15:00"},
		"place": {"Narvik"}, "capacity": {"2"}, "focus_area_id": {"1"}, "topic_id": {"2"}, "description": {"**Velkommen** <script>alert(1)</script>"},
	}
}

var eventLocation = regexp.MustCompile(`^/arrangementer/(\d+)$`)

func TestOrganiserCreatesPublishesEditsAndCancels(t *testing.T) {
	admin := newClient(t).Login("klyngeleder@remiks.example")
	// Invalid: 422 with messages beside the fields.
	bad := eventForm("")
	bad.Set("ends_at", "2031-03-05T08:00")
	bad.Set("topic_id", "5") // a topic of another focus area
	bad.Set("capacity", "-3")
	res := admin.PostForm("/arrangementer/nytt", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form: %d", res.StatusCode)
	}
	for _, want := range []string{"Feltet må fylles ut.", "Slutten må være etter starten.", "Skriv et helt tall fra 1 til 100 000.", "feilsammendrag"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	wrongTopic := eventForm("Feil tema")
	wrongTopic.Set("topic_id", "5")
	if res := admin.PostForm("/arrangementer/nytt", wrongTopic); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a topic of another focus area: %d", res.StatusCode)
	}

	res = admin.PostForm("/arrangementer/nytt", eventForm("Administrasjonstest"))
	m := eventLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	ev := m[1]
	t.Cleanup(func() { execSQL(t, `DELETE FROM events WHERE id = $1 OR title = 'Kopi av Administrasjonstest'`, ev) })
	if strings.Contains(admin.Get("/arrangementer/"+ev).Body, "<script>alert") {
		t.Error("the description is not sanitised")
	}
	member := newClient(t).Login("ansatt@fimil.example")
	if res := member.Get("/arrangementer/" + ev); res.StatusCode != http.StatusNotFound {
		t.Errorf("a draft for a member: %d", res.StatusCode)
	}
	if res := admin.PostForm("/arrangementer/"+ev+"/publiser", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	page := member.Get("/arrangementer/" + ev)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "5. mars 2031 kl. 09.30–15.00") || !strings.Contains(page.Body, "<strong>Velkommen</strong>") {
		t.Errorf("published page: %d", page.StatusCode)
	}
	// Members may use none of the organiser's tools.
	for _, p := range []string{"/rediger", "/publiser", "/avlys", "/kopier", "/epost"} {
		assertRefused(t, "member POST "+p, member.PostForm("/arrangementer/"+ev+p, eventForm("Kapret")))
	}
	for _, p := range []string{"/rediger", "/deltakere", "/deltakere.csv"} {
		assertRefused(t, "member GET "+p, member.Get("/arrangementer/"+ev+p))
	}
	assertRefused(t, "member creates", member.PostForm("/arrangementer/nytt", eventForm("Kapret")))

	// Full: two confirmed, one waiting; raising the capacity promotes at once.
	for _, who := range []string{"ansatt@fimil.example", "ansatt@vefas.example", "ansatt@hrs.example"} {
		newClient(t).Login(who).PostForm("/arrangementer/"+ev+"/pamelding", nil)
	}
	if regStatus(t, ev, "ansatt@hrs.example") != "waitlisted" {
		t.Fatal("the third is not waiting")
	}
	f := eventForm("Administrasjonstest")
	f.Set("capacity", "1")
	if res := admin.PostForm("/arrangementer/"+ev+"/rediger", f); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Det er allerede 2 påmeldte") {
		t.Errorf("capacity below the confirmed: %d", res.StatusCode)
	}
	f.Set("capacity", "3")
	if res := admin.PostForm("/arrangementer/"+ev+"/rediger", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if regStatus(t, ev, "ansatt@hrs.example") != "confirmed" {
		t.Error("a raised capacity did not promote the waiting")
	}
	// Check-in and mail to all.
	reg := queryInt(t, `SELECT r.id FROM registrations r JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 AND u.email = 'ansatt@vefas.example'`, ev)
	if res := admin.PostForm(fmt.Sprintf("/arrangementer/%s/deltakere/%d/innsjekk", ev, reg), url.Values{"til_stede": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("check in: %d", res.StatusCode)
	}
	if queryInt(t, `SELECT count(*) FROM registrations WHERE id = $1 AND checked_in_at IS NOT NULL`, reg) != 1 {
		t.Error("not checked in")
	}
	if res := admin.Get("/arrangementer/" + ev + "/deltakere"); !strings.Contains(res.Body, "Sjekket inn") {
		t.Error("the attendee page does not show the check-in")
	}
	if res := admin.PostForm("/arrangementer/"+ev+"/epost", url.Values{"subject": {""}, "body": {"x"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("empty subject: %d", res.StatusCode)
	}
	if res := admin.PostForm("/arrangementer/"+ev+"/epost", url.Values{"subject": {"Parkering"}, "body": {"Parker bak hallen."}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("mail all: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE subject = 'Parkering: Administrasjonstest'`); n != 3 {
		t.Errorf("%d mails to all, want 3", n)
	}
	// Copy, then cancel: everyone registered gets a mail, and registration is refused.
	if res := admin.PostForm("/arrangementer/"+ev+"/kopier", nil); res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/rediger") {
		t.Errorf("copy: %d", res.StatusCode)
	}
	if queryInt(t, `SELECT count(*) FROM events WHERE title = 'Kopi av Administrasjonstest' AND status = 'draft'`) != 1 {
		t.Error("no draft copy")
	}
	if res := admin.PostForm("/arrangementer/"+ev+"/avlys", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE subject = 'Avlyst: Administrasjonstest'`); n != 3 {
		t.Errorf("%d cancellation mails, want 3", n)
	}
	if res := newClient(t).Login("ansatt@las.example").PostForm("/arrangementer/"+ev+"/pamelding", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("register for a cancelled event: %d", res.StatusCode)
	}
}

func TestEventPagesQueryCountDoesNotGrow(t *testing.T) {
	c := newClient(t).Login("admin@iris-salten.example")
	ev := eventID(t, "Workshop: plukkanalyser i praksis")
	pages := []string{"/arrangementer", "/arrangementer/tidligere", "/arrangementer?type=workshop&omrade=3", "/arrangementer/" + ev,
		"/arrangementer/kalender", "/arrangementer/kalender?maned=" + time.Now().AddDate(0, 0, 20).Format("2006-01")}
	// Each page is viewed once before its cold view: an event's page kept for its viewer reads
	// itself in a second round trip on the first view after a change.
	measure := func() map[string]int64 {
		counts := map[string]int64{}
		for _, p := range pages {
			c.Get(p)
			res := coldGet(t, c, p)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", p, res.StatusCode)
			}
			counts[p] = res.Queries
		}
		return counts
	}
	before := measure()
	addPeople(t, "iris-salten", "Mange", 150)
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, capacity, focus_area_id)
		SELECT 'Mengdearrangement ' || i, 'workshop', now() + i * interval '1 day', now() + i * interval '1 day' + interval '2 hours', 'published', 100, 3
		FROM generate_series(1, 80) i`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM events WHERE title LIKE 'Mengdearrangement %'`) })
	execSQL(t, `INSERT INTO registrations (event_id, user_id, company_id, status)
		SELECT e.id, u.id, u.company_id, 'confirmed' FROM events e, users u
		WHERE (e.title LIKE 'Mengdearrangement %' OR e.id = $1) AND u.email LIKE 'mange-%'`, ev)
	// A long registration form and programme, with speakers and materials.
	execSQL(t, `INSERT INTO event_questions (event_id, position, kind, label, choices)
		SELECT $1, i, 'one', 'Spørsmål ' || i, '{A,B,C}' FROM generate_series(1, 30) i`, ev)
	execSQL(t, `INSERT INTO event_sessions (event_id, title, starts_at, ends_at)
		SELECT $1, 'Post ' || i, e.starts_at, e.ends_at FROM events e, generate_series(1, 25) i WHERE e.id = $1`, ev)
	execSQL(t, `INSERT INTO event_session_speakers (session_id, position, user_id)
		SELECT s.id, 1, (SELECT min(id) FROM users) FROM event_sessions s WHERE s.event_id = $1`, ev)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM event_questions WHERE event_id = $1`, ev)
		execSQL(t, `DELETE FROM event_sessions WHERE event_id = $1`, ev)
	})
	// Many materials, some of them for a group only.
	addDocuments(t, "iris-salten", "Mengdemateriell", 60)
	execSQL(t, `UPDATE documents SET event_id = $1, group_id = CASE WHEN id % 3 = 0 THEN (SELECT id FROM groups WHERE slug = 'direktorforum') END
		WHERE title LIKE 'Mengdemateriell %'`, ev)
	after := measure()
	for _, p := range pages {
		t.Logf("GET %s: %d queries with the demo data, %d with 80 more events and 150 more attendees each", p, before[p], after[p])
		if after[p] != before[p] || after[p] > 7 {
			t.Errorf("GET %s: %d queries before, %d with many events and registrations; want equal and at most 7", p, before[p], after[p])
		}
	}
	if n := after["/arrangementer/"+ev]; n > 3 {
		t.Errorf("the event page after a change: %d round trips, want 3 (the session with the user and the versions, the page's reads in one batch, the attendees)", n)
	}
	c.Get("/arrangementer/" + ev) // the reference lists loaded at the current version
	if n := c.Get("/arrangementer/" + ev).Queries; n != 1 {
		t.Errorf("the event page seen again: %d round trips, want 1 (the page's reads with who the viewer is, the attendees from the cache)", n)
	}
	page := c.Get("/arrangementer/" + ev).Body
	if !strings.Contains(page, "Mange 150") {
		t.Error("the event page does not list the added attendees")
	}
	if n := strings.Count(page, `<li class="doc">`); n != 20 || !strings.Contains(page, `href="/dokumenter?arrangement=`+ev+`"`) {
		t.Errorf("the event page lists %d of its 60 materials, want 20 and a link to all of them", n)
	}
	if !strings.Contains(c.Get("/arrangementer").Body, "Vis flere arrangementer") {
		t.Error("the list does not paginate")
	}
}
