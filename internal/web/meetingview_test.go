package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// A meeting's page is kept rendered per viewer (meetingview.go): a view with nothing changed is
// one round trip and does not show a change made behind the triggers' back (so it is the kept
// page); every kind of change it shows is on the next view, read in a second round trip; one
// viewer's answer and tools never show for another; a viewer outside the group gets 404 every
// time.
func TestMeetingPageKeptPerViewerUntilAChange(t *testing.T) {
	id, caseID := meetingWithCase(t, "direktorforum", "Visningstest", "3 days")
	t.Cleanup(func() {
		execSQL(t, `UPDATE users SET name = 'Direktør HAF' WHERE name = 'Direktør HAF omdøpt'`)
		execSQL(t, `UPDATE companies SET name = replace(name, ' (omdøpt)', ''), short_name = replace(short_name, ' (omdøpt)', '') WHERE name LIKE '% (omdøpt)'`)
	})
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	a := webtest.NewClient(t, h).Login("direktor@las.example")
	b := webtest.NewClient(t, h).Login("direktor@haf.example")
	admin := webtest.NewClient(t, h).Login("klyngeleder@remiks.example")
	outsider := webtest.NewClient(t, h).Login("ansatt@las.example")
	path := meetingPath(id)
	view := func(c *webtest.Client) *webtest.Response {
		t.Helper()
		res := c.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		if res.Queries > 2 {
			t.Errorf("%s: %d round trips, want at most 2", path, res.Queries)
		}
		return res
	}
	if res := a.PostForm(path+"/svar", url.Values{"answer": {"kommer"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: status %d", res.StatusCode)
	}
	const comes = `value="kommer" checked`
	for round := range 2 { // the first view keeps the page, the second is the kept one
		res := view(a)
		if !strings.Contains(res.Body, comes) || strings.Contains(res.Body, "For møtelederen og sekretariatet") {
			t.Errorf("round %d: director A does not see their own answer, or sees the leader's tools", round)
		}
		if round == 1 && res.Queries != 1 {
			t.Errorf("a kept view made %d round trips, want 1", res.Queries)
		}
		if body := view(b).Body; strings.Contains(body, comes) {
			t.Errorf("round %d: director A's answer shows as director B's", round)
		}
		if body := view(admin).Body; !strings.Contains(body, "For møtelederen og sekretariatet") {
			t.Errorf("round %d: the leader does not see their tools", round)
		}
		if res := outsider.Get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("round %d: a member outside the group got status %d", round, res.StatusCode)
		}
	}

	// Kept: a title changed with the triggers off does not show until a version changes.
	execSQL(t, `DO $$ BEGIN SET LOCAL session_replication_role = replica;
		UPDATE meetings SET title = 'Visningstest bak ryggen' WHERE title = 'Visningstest'; END $$`)
	if strings.Contains(view(a).Body, "Visningstest bak ryggen") {
		t.Fatal("the page is not kept: a change no version counts shows at once")
	}
	execSQL(t, `UPDATE meeting_version SET n = n + 1`)
	if !strings.Contains(view(a).Body, "Visningstest bak ryggen") {
		t.Error("a new meeting_version does not renew the kept page")
	}

	// Each kind of change shows on the next view.
	haf := queryInt(t, `SELECT id FROM users WHERE email = 'direktor@haf.example'`)
	changes := []struct{ name, sql, want string }{
		{"another's answer (meeting_attendance)", `INSERT INTO meeting_attendance (meeting_id, user_id, answer) VALUES ($1, ` + idStr(haf) + `, 'kommer_ikke')`, "1 kommer ikke"},
		{"a case (meeting_cases)", `UPDATE meeting_cases SET title = 'Visningstest: ny sakstittel' WHERE meeting_id = $1`, "Visningstest: ny sakstittel"},
		{"a person's name (people_version)", `UPDATE users SET name = 'Direktør HAF omdøpt' WHERE id = ` + idStr(haf) + ` AND $1 > 0`, "Direktør HAF omdøpt"},
		{"a company's name (the reference version)", `UPDATE companies SET name = name || ' (omdøpt)', short_name = CASE WHEN short_name <> '' THEN short_name || ' (omdøpt)' ELSE '' END WHERE id = (SELECT company_id FROM users WHERE id = ` + idStr(haf) + `) AND $1 > 0`, " (omdøpt)"},
		{"an action (meeting_actions)", `INSERT INTO meeting_actions (case_id, title, responsible_user_id, due_on) SELECT ` + idStr(caseID) + `, 'Visningstiltak', ` + idStr(haf) + `, current_date + 9 WHERE $1 > 0`, "Visningstiltak"},
	}
	for i, c := range changes {
		execSQL(t, c.sql, id)
		if body := view(a).Body; !strings.Contains(body, c.want) {
			t.Errorf("%s does not show on the next view (want %q)", c.name, c.want)
		}
		if i == 0 && !strings.Contains(view(b).Body, `value="kommer_ikke" checked`) {
			t.Error("director B's answer set in SQL does not show on their page")
		}
	}
}

// The agenda of a meeting kept before its publication shows once the clock passes it.
func TestKeptMeetingPageFollowsThePublication(t *testing.T) {
	id, _ := meetingWithCase(t, "direktorforum", "Publiseringstest", "2 seconds")
	execSQL(t, `UPDATE meetings SET publish_days = 0 WHERE id = $1`, id)
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	a := webtest.NewClient(t, h).Login("direktor@las.example")
	if body := a.Get(meetingPath(id)).Body; strings.Contains(body, "Publiseringstest: saken") || !strings.Contains(body, "Sakslisten publiseres") {
		t.Fatal("the agenda shows before its publication")
	}
	time.Sleep(2500 * time.Millisecond)
	if body := a.Get(meetingPath(id)).Body; !strings.Contains(body, "Publiseringstest: saken") {
		t.Error("the kept page does not show the agenda once it is published")
	}
}
