package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/notify"
)

// registerFor puts the user on event id with status, as the events area would.
func registerFor(t *testing.T, eventID, userID int64, status string) int64 {
	t.Helper()
	return queryInt(t, `INSERT INTO registrations (event_id, user_id, company_id, status)
		SELECT $1, id, company_id, $3 FROM users WHERE id = $2 RETURNING id`, eventID, userID, status)
}

// Every area's notifications land in the one centre and the one badge, as each person chose
// per area on /meg: in the portal, by e-mail at once, in the daily digest, or not at all.
func TestNotificationsFromEveryArea(t *testing.T) {
	email, uid := freshUser(t, "las", "company_admin")
	seedSecret(t, uid) // company admins have a second factor
	c := newClient(t).Login(email)
	if res := c.PostForm("/meg/varsler", url.Values{"valg-arrangementer": {"immediate"}, "valg-nyheter": {"off"}, "valg-horinger": {"digest"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choices: status %d", res.StatusCode)
	}
	me := c.Get("/meg")
	for _, want := range []string{`id="valg-arrangementer-immediate" value="immediate" checked`, `id="valg-nyheter-off" value="off" checked`, `id="valg-dokumenter-app" value="app" checked`} {
		if !strings.Contains(me.Body, want) {
			t.Errorf("/meg does not show the choice %s", want)
		}
	}
	if res := c.PostForm("/meg/varsler", url.Values{"valg-nyheter": {"spam"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an invalid channel: status %d, want 422", res.StatusCode)
	}

	// Events: changed, moved up from the waitlist, cancelled.
	event := queryInt(t, `SELECT id FROM events WHERE status = 'published' AND group_id IS NULL AND starts_at > now() ORDER BY id LIMIT 1`)
	reg := registerFor(t, event, uid, "waitlisted")
	execSQL(t, `UPDATE registrations SET status = 'confirmed', confirmed_at = now() WHERE id = $1`, reg)
	execSQL(t, `UPDATE events SET place = 'Nytt møterom, Bodø' WHERE id = $1`, event)
	// Consultations: a new one, its deadline approaching for my company; news; an indicator reminder.
	consultation := queryInt(t, `INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id)
		SELECT 'Høring om varslingstest', 'Miljødirektoratet', current_date + 30, now() + interval '2 days', min(id) FROM focus_areas RETURNING id`)
	t.Cleanup(func() { // the new consultation notified every member: others' tests count their bells
		execSQL(t, `DELETE FROM notifications WHERE dedupe = 'horing:' || $1::bigint OR kind = 'news'`, consultation)
	})
	execSQL(t, `INSERT INTO consultation_reminders (consultation_id, company_id) SELECT $1, company_id FROM users WHERE id = $2`, consultation, uid)
	execSQL(t, `INSERT INTO news (title, ingress) VALUES ('Nyhet ingen skal varsles om', 'Ingress')`)
	execSQL(t, `INSERT INTO indicator_reminders (company_id, year) SELECT company_id, 2025 FROM users WHERE id = $1`, uid)

	centre := c.Get("/varsler")
	for _, want := range []string{"Du har fått plass på", "har fått ny tid eller nytt sted", "Ny høring: «Høring om varslingstest»",
		"Fristen for innspill til «Høring om varslingstest» nærmer seg", "rapporter nøkkeltallene for 2025"} {
		if !strings.Contains(centre.Body, want) {
			t.Errorf("the centre lacks %q", want)
		}
	}
	if strings.Contains(centre.Body, "Nyhet ingen skal varsles om") {
		t.Error("news notified although turned off")
	}
	if !strings.Contains(c.Get("/meg").Body, "Varsler, 5 uleste") {
		t.Error("the badge does not count the five notifications")
	}

	ctx := context.Background()
	pool := dbtest.Pool(t)
	if _, err := notify.NewStore(pool).SendImmediate(ctx, "https://portal.example"); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = $1 AND subject LIKE '%ny tid eller nytt sted%'`, email); n != 1 {
		t.Errorf("%d mails at once of the changed event, want 1", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = $1 AND subject LIKE '%Høring om varslingstest%'`, email); n != 0 {
		t.Error("a consultation chosen for the digest was mailed at once")
	}
	if _, err := forum.NewStore(pool, markdown.New()).SendDigests(ctx, time.Now(), "https://portal.example"); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = $1 AND subject LIKE 'Dagens nytt%' AND body LIKE '%Høring om varslingstest%'`, email); n != 1 {
		t.Error("the daily digest does not hold the consultation")
	}
	execSQL(t, `UPDATE events SET status = 'cancelled' WHERE id = $1`, event)
	if !strings.Contains(c.Get("/varsler").Body, "er avlyst") {
		t.Error("no notification of the cancelled event")
	}
	if res := c.PostForm("/varsler/lest", nil); res.StatusCode != http.StatusSeeOther || !strings.Contains(c.Get("/meg").Body, "Varsler, ingen uleste") {
		t.Error("marking all read does not clear the badge")
	}
}

// Notifications of restricted things reach only those who may see them, and leave the centre
// of someone who loses access: a document in the directors' forum, an event for a group.
func TestNotificationsRespectAccess(t *testing.T) {
	director := newClient(t).Login("direktor@las.example")
	thread := startThread(t, director, "direktorforum", "Dokumentvarsel i lukket forum", "Start.")
	id := threadIDOf(t, thread)
	memberEmail, member := freshUser(t, "hrs", "member")
	group := queryInt(t, `SELECT id FROM groups WHERE slug = 'direktorforum'`)
	execSQL(t, `INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)`, group, member)
	_, outsider := freshUser(t, "hrs", "member")
	for _, u := range []int64{member, outsider} { // the outsider's watch is a leftover from before
		execSQL(t, `INSERT INTO forum_thread_watches (user_id, thread_id, level) VALUES ($1, $2, 'watching')`, u, id)
	}
	key := formKey(t, director, thread)
	res := director.Do(uploadRequest(t, thread+"/svar", url.Values{"body": {"Vedlagt referat."}, "skjema": {key}}, "referat-styremote.txt",
		strings.NewReader("Referat fra styremøtet.\n")))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply with file: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'document'`, member); n != 1 {
		t.Errorf("the member watching the thread has %d document notifications, want 1", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM notifications WHERE user_id = $1`, outsider); n != 0 {
		t.Errorf("someone outside the directors' forum got %d notifications of it", n)
	}
	m := newClient(t).Login(memberEmail)
	if !strings.Contains(m.Get("/varsler").Body, "referat-styremote") {
		t.Fatal("the member's centre does not show the document")
	}
	execSQL(t, `DELETE FROM group_members WHERE user_id = $1`, member)
	page := m.Get("/varsler")
	if strings.Contains(page.Body, "referat-styremote") || strings.Contains(page.Body, "Dokumentvarsel i lukket forum") {
		t.Error("someone who left the group still sees notifications of its forum")
	}
	if !strings.Contains(m.Get("/meg").Body, "Varsler, ingen uleste") {
		t.Error("the badge counts notifications of a forum one left")
	}
}
