package web_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// A member's own dashboard blocks are kept while nothing they show has changed (dashviewer.go,
// migration 00390): a view then reads no block, a change a version does not count is not shown
// until the blocks expire a minute later, and each kind of change shows on the next view: a
// thread (the forums' versions), reading it (the person's dashboard_version), a consultation and
// the company's input (everyone's), a registration (event_version), a meeting answer (the
// person's), an overdue action (meeting_version), joining a group (the key's visibility).
// Fails without the cache, without a trigger or a version in the key, or without the expiry.
func TestDashboardOwnBlocksKeptUntilAChange(t *testing.T) {
	email, uid := freshUser(t, "las", "member")
	var mu sync.Mutex
	at := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return at }
	c := webtest.NewClient(t, webtest.PortalAt(t, dbtest.Pool(t), clock)).Login(email)
	director := newClient(t).Login("direktor@las.example")
	section := func(from, to string) string {
		t.Helper()
		return dashSection(t, getOK(t, c, "/").Body, from, to)
	}
	forumBlock := func() string { return section("Nytt i forumene", "Alle forum") }

	first := getOK(t, c, "/")
	warm := getOK(t, c, "/")
	if warm.Queries != 1 || warm.Statements >= first.Statements {
		t.Errorf("a second view: %d round trips and %d statements (the first %d); want 1 and fewer", warm.Queries, warm.Statements, first.Statements)
	}

	// A thread the versions are set back for: the blocks kept are shown, until they expire.
	forumVersion, searchVersion := queryInt(t, `SELECT version FROM forums WHERE slug = 'generelt'`), queryInt(t, `SELECT n FROM search_version`)
	forumsVersion := queryInt(t, `SELECT n FROM forum_version`)
	thread := startThread(t, director, "generelt", "Dashbordtråd som huskes", "Start.")
	execSQL(t, `UPDATE forums SET version = $1 WHERE slug = 'generelt'`, forumVersion)
	execSQL(t, `UPDATE forum_version SET n = $1`, forumsVersion) // after the forum's, which counts
	execSQL(t, `UPDATE search_version SET n = $1`, searchVersion)
	if strings.Contains(forumBlock(), "Dashbordtråd som huskes") {
		t.Error("the blocks were not kept")
	}
	mu.Lock()
	at = at.Add(61 * time.Second)
	mu.Unlock()
	if !strings.Contains(forumBlock(), "Dashbordtråd som huskes") {
		t.Error("the blocks kept did not expire")
	}

	startThread(t, director, "generelt", "Dashbordtråd nummer to", "Start.")
	if !strings.Contains(forumBlock(), "Dashbordtråd nummer to") {
		t.Error("a new thread is not among the unread")
	}
	getOK(t, c, thread)
	if strings.Contains(forumBlock(), "Dashbordtråd som huskes") {
		t.Error("a thread read is still among the unread")
	}

	consultations := func() string { return section("Høringer som venter på innspill", "Alle høringer") }
	execSQL(t, `INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id, summary)
		VALUES ('Dashbordhøring om avgifter', 'Miljødirektoratet', current_date + 3, now() + interval '1 hour', 1, 'Sammendrag')`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM consultations WHERE title = 'Dashbordhøring om avgifter'`) })
	if got := consultations(); !strings.Contains(got, "Dashbordhøring om avgifter") || !strings.Contains(got, "Mangler innspill") {
		t.Error("a new consultation is not on the dashboard")
	}
	execSQL(t, `INSERT INTO consultation_inputs (consultation_id, company_id, body_md, body_html, author_id)
		SELECT k.id, u.company_id, 'Innspill', '<p>Innspill</p>', u.id FROM consultations k, users u
		WHERE k.title = 'Dashbordhøring om avgifter' AND u.id = $1`, uid)
	if !strings.Contains(consultations(), "Selskapet har gitt innspill") {
		t.Error("the company's input is not on the dashboard")
	}

	ev := testEvent(t, "Dashbordarrangement som huskes", "starts_at = now() + interval '1 hour', ends_at = now() + interval '2 hours'")
	section("Mine neste arrangementer", "Alle arrangementer")
	execSQL(t, `INSERT INTO registrations (event_id, user_id, company_id, status) SELECT $1, id, company_id, 'confirmed' FROM users WHERE id = $2`, ev, uid)
	if !strings.Contains(section("Mine neste arrangementer", "Alle arrangementer"), "Dashbordarrangement som huskes") {
		t.Error("a registration made for the person is not on the dashboard")
	}

	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug = 'direktorforum'`, uid)
	getOK(t, c, "/")
	execSQL(t, `INSERT INTO meetings (group_id, title, starts_at, ends_at, place)
		SELECT id, 'Dashbordmøte som huskes', now() + interval '2 days', now() + interval '2 days 2 hours', 'Bodø' FROM groups WHERE slug = 'direktorforum'`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM meetings WHERE title = 'Dashbordmøte som huskes'`) })
	meetingsBlock := func() string { return section("Mine neste møter", "Alle møter") }
	if !strings.Contains(meetingsBlock(), "Dashbordmøte som huskes") {
		t.Fatal("a member of the group does not see the group's meeting")
	}
	execSQL(t, `INSERT INTO meeting_attendance (meeting_id, user_id, answer) SELECT id, $1, 'kommer_ikke' FROM meetings WHERE title = 'Dashbordmøte som huskes'`, uid)
	if got := meetingsBlock(); !strings.Contains(got, "Ditt svar: Kommer ikke") {
		t.Errorf("the person's answer is not on the dashboard: %s", got)
	}
}

// An owner's front page is kept per person the same way: a news item the versions are set back
// for is not shown until the page expires, and a news item, a document and an event opened to
// owners each show on the next view.
func TestGuestFrontKeptUntilAChange(t *testing.T) {
	var mu sync.Mutex
	at := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return at }
	c := webtest.NewClient(t, webtest.PortalAt(t, dbtest.Pool(t), clock)).Login(ownerEmail)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM news WHERE title LIKE 'Eierforside%'`)
		execSQL(t, `DELETE FROM documents WHERE title LIKE 'Eierforside%'`)
		execSQL(t, `DELETE FROM events WHERE title LIKE 'Eierforside%'`)
	})
	news := func(title string) {
		execSQL(t, `INSERT INTO news (author_id, kind, title, ingress, body_md, body_html, published_at, open_to)
			SELECT u.id, 'news', $1, 'Ingress', 'Tekst', '<p>Tekst</p>', '2099-01-03', '{owner}' FROM users u WHERE u.email = 'klyngeleder@remiks.example'`, title)
	}
	shows := func(what string) bool { t.Helper(); return strings.Contains(getOK(t, c, "/").Body, what) }
	if first, warm := getOK(t, c, "/"), getOK(t, c, "/"); warm.Queries != 1 || warm.Statements >= first.Statements {
		t.Errorf("a second view: %d round trips and %d statements (the first %d); want 1 and fewer", warm.Queries, warm.Statements, first.Statements)
	}

	newsVersion, searchVersion := queryInt(t, `SELECT n FROM news_version`), queryInt(t, `SELECT n FROM search_version`)
	news("Eierforside: nyhet som huskes")
	execSQL(t, `UPDATE news_version SET n = $1`, newsVersion)
	execSQL(t, `UPDATE search_version SET n = $1`, searchVersion)
	if shows("Eierforside: nyhet som huskes") {
		t.Error("the front page was not kept")
	}
	mu.Lock()
	at = at.Add(61 * time.Second)
	mu.Unlock()
	if !shows("Eierforside: nyhet som huskes") {
		t.Error("the front page kept did not expire")
	}

	news("Eierforside: nyhet nummer to")
	if !shows("Eierforside: nyhet nummer to") {
		t.Error("a news item opened to owners is not on the front page")
	}
	execSQL(t, `INSERT INTO documents (title, company_id, kind, search, open_to)
		SELECT 'Eierforside: dokument', c.id, 'pdf', to_tsvector('norwegian', 'dokument'), '{owner}' FROM companies c WHERE c.slug = 'las'`)
	if !shows("Eierforside: dokument") {
		t.Error("a document opened to owners is not on the front page")
	}
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, open_to)
		VALUES ('Eierforside: eiermøte', 'mote', now() + interval '3 days', now() + interval '3 days 2 hours', 'published', '{owner}')`)
	if !shows("Eierforside: eiermøte") {
		t.Error("an event opened to owners is not on the front page")
	}
}
