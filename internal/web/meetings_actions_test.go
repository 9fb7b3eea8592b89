package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestOverdueActionsAreFlaggedAndClosedWithANote(t *testing.T) {
	id, caseID := meetingWithCase(t, "styringsgruppen", "Oppfølgingstest", "-10 days")
	admin := newClient(t).Login("klyngeleder@remiks.example")
	hrsID := queryInt(t, `SELECT id FROM users WHERE email = 'direktor@hrs.example'`)
	casePath := meetingPath(id) + "/saker/" + idStr(caseID)
	yesterday := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	if res := admin.PostForm(casePath+"/tiltak", url.Values{"action_title": {"Lage felles mal Oppfølgingstest"}, "action_responsible": {"u" + idStr(hrsID)},
		"action_due": {yesterday}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add action: status %d", res.StatusCode)
	}
	company := queryInt(t, `SELECT id FROM companies WHERE slug = 'vefas'`)
	if res := admin.PostForm(casePath+"/tiltak", url.Values{"action_title": {"Selskapets tiltak Oppfølgingstest"}, "action_responsible": {"c" + idStr(company)},
		"action_due": {time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add company action: status %d", res.StatusCode)
	}
	if res := admin.PostForm(casePath+"/tiltak", url.Values{"action_title": {""}, "action_responsible": {"x1"}, "action_due": {"i morgen"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Velg en ansvarlig person eller et selskap i listen.") || !strings.Contains(res.Body, "Skriv fristen som åååå-mm-dd.") {
		t.Errorf("invalid action: status %d", res.StatusCode)
	}
	action := queryInt(t, `SELECT id FROM meeting_actions WHERE title = 'Lage felles mal Oppfølgingstest'`)

	// Overdue on the responsible person's dashboard and on the group's page.
	hrs := newClient(t).Login("direktor@hrs.example")
	dash := hrs.Get("/")
	if !strings.Contains(dash.Body, "Dine forfalte oppfølgingstiltak") || !strings.Contains(dash.Body, "Lage felles mal Oppfølgingstest") {
		t.Fatal("the overdue action is not on the responsible person's dashboard")
	}
	if other := newClient(t).Login("direktor@senja-avfall.example").Get("/"); strings.Contains(other.Body, "Lage felles mal Oppfølgingstest") {
		t.Error("the action is on someone else's dashboard")
	}
	group := hrs.Get("/moter/gruppe/styringsgruppen")
	row := group.Body[strings.Index(group.Body, "Lage felles mal Oppfølgingstest"):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "Forfalt") || !strings.Contains(row, queryString(t, `SELECT name FROM users WHERE id = $1`, hrsID)) {
		t.Errorf("the group's page does not flag the overdue action: %s", row)
	}
	if strings.Contains(group.Body[strings.Index(group.Body, "Selskapets tiltak Oppfølgingstest"):][:400], "Forfalt") {
		t.Error("an action not yet due is flagged")
	}
	// Someone neither responsible nor managing the meeting cannot change it.
	if res := newClient(t).Login("direktor@senja-avfall.example").PostForm("/moter/tiltak/"+idStr(action), url.Values{"status": {"lukket"}, "note": {"Kapret"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("another member closing the action: status %d, want 403", res.StatusCode)
	}
	// Closing takes a short note.
	if res := hrs.PostForm("/moter/tiltak/"+idStr(action), url.Values{"status": {"lukket"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Skriv et kort notat") {
		t.Errorf("closing without a note: status %d, want 422", res.StatusCode)
	}
	if res := hrs.PostForm("/moter/tiltak/"+idStr(action), url.Values{"status": {"lukket"}, "note": {"Malen er sendt ut."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("closing: status %d", res.StatusCode)
	}
	if s := queryString(t, `SELECT status || '|' || closed_note || '|' || (closed_at IS NOT NULL) FROM meeting_actions WHERE id = $1`, action); s != "lukket|Malen er sendt ut.|true" {
		t.Errorf("after closing: %q", s)
	}
	if dash := hrs.Get("/"); strings.Contains(dash.Body, "Lage felles mal Oppfølgingstest") {
		t.Error("the closed action is still on the dashboard")
	}
	if page := hrs.Get(meetingPath(id)); !strings.Contains(page.Body, "Malen er sendt ut.") {
		t.Error("the meeting's page does not show the closing note")
	}
}

func TestMeetingPagesRunABoundedNumberOfQueries(t *testing.T) {
	id, caseID := meetingWithCase(t, "direktorforum", "Spørringstest", "-1 day")
	admin := newClient(t).Login("klyngeleder@remiks.example")
	admin.PostForm(meetingPath(id)+"/referat", minutesForm(caseID, "Drøftet.", "Vedtatt."))
	pages := []string{"/moter", "/moter/gruppe/direktorforum", meetingPath(id), meetingPath(id) + "/protokoll", meetingPath(id) + "/referat",
		meetingPath(id) + "/saker/" + idStr(caseID), "/vedtak", "/vedtak?q=vedtatt&fokus=1", "/"}
	// Each page is viewed once before: a page kept for its viewer (a meeting's) reads itself in
	// a second round trip on the first view after a change.
	counts := map[string]int64{}
	for _, p := range pages {
		admin.Get(p)
		res := coldGet(t, admin, p)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", p, res.StatusCode)
		}
		counts[p] = res.Queries
	}
	// More cases, papers, answers, actions and decisions.
	doc := queryInt(t, `SELECT id FROM documents WHERE title = 'Referat fra direktørforum'`)
	for i := range 12 {
		admin.PostForm(meetingPath(id)+"/saker/ny", url.Values{"kind": {"vedtak"}, "title": {"Mengdesak " + idStr(int64(i))}})
	}
	execSQL(t, `INSERT INTO meeting_case_papers (case_id, document_id) SELECT id, $2 FROM meeting_cases WHERE meeting_id = $1 ON CONFLICT DO NOTHING`, id, doc)
	execSQL(t, `INSERT INTO meeting_actions (case_id, title, responsible_user_id, due_on) SELECT c.id, 'Mengdetiltak', u.id, current_date - 1
		FROM meeting_cases c, users u WHERE c.meeting_id = $1 AND u.email = 'klyngeleder@remiks.example'`, id)
	execSQL(t, `INSERT INTO meeting_attendance (meeting_id, user_id, answer) SELECT $1, gm.user_id, 'kommer' FROM group_members gm JOIN groups g ON g.id = gm.group_id
		WHERE g.slug = 'direktorforum' ON CONFLICT DO NOTHING`, id)
	execSQL(t, `UPDATE meeting_cases SET decision_md = 'Vedtatt.', decision_html = '<p>Vedtatt.</p>' WHERE meeting_id = $1`, id)
	execSQL(t, `UPDATE meetings SET minutes_locked_at = now() WHERE id = $1`, id)
	for _, p := range pages {
		admin.Get(p)
		res := coldGet(t, admin, p)
		if res.StatusCode != http.StatusOK && !(p == meetingPath(id)+"/referat" && res.StatusCode == http.StatusConflict) {
			t.Fatalf("%s after: status %d", p, res.StatusCode)
		}
		if res.Queries != counts[p] || res.Queries > 12 {
			t.Errorf("%s ran %d queries, then %d with more data; want equal and at most 12", p, counts[p], res.Queries)
		}
	}
	// A view with nothing changed since the last: the meetings page (with the viewer's answers),
	// the register and a meeting are kept, and read with who the viewer is.
	for p, want := range map[string]int64{"/moter": 1, meetingPath(id): 1, "/vedtak": 1} {
		admin.Get(p)
		if res := admin.Get(p); res.Queries != want {
			t.Errorf("%s: %d round trips, want %d", p, res.Queries, want)
		}
	}
}

func TestResponsiblePeopleAreMembersOfTheGroup(t *testing.T) {
	id, caseID := meetingWithCase(t, "styringsgruppen", "Ansvarligtest", "2 days")
	admin := newClient(t).Login("klyngeleder@remiks.example")
	outsider := idStr(queryInt(t, `SELECT id FROM users WHERE email = 'direktor@las.example'`)) // not in the steering group
	res := admin.PostForm(meetingPath(id)+"/saker/"+idStr(caseID)+"/tiltak", url.Values{"action_title": {"Tiltak for utenforstående"},
		"action_responsible": {"u" + outsider}, "action_due": {"2030-01-01"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an action for someone outside the group: status %d, want 422", res.StatusCode)
	}
	res = admin.PostForm(meetingPath(id)+"/saker/ny", url.Values{"kind": {"vedtak"}, "title": {"Sak for utenforstående"}, "responsible": {outsider}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Saksansvarlig må være medlem av gruppen.") {
		t.Errorf("a case for someone outside the group: status %d, want 422", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM meeting_actions a JOIN meeting_cases c ON c.id = a.case_id WHERE c.meeting_id = $1`, id); n != 0 {
		t.Errorf("%d actions stored", n)
	}
}

func TestComingMeetingsOnTheMembersDashboard(t *testing.T) {
	id := addMeeting(t, "styringsgruppen", "Dashbordmøte", "4 days", 7)
	hrs := newClient(t).Login("direktor@hrs.example")
	hrs.PostForm(meetingPath(id)+"/svar", url.Values{"answer": {"kommer"}})
	dash := hrs.Get("/")
	i := strings.Index(dash.Body, "Styringsgruppen: Dashbordmøte")
	if i < 0 || !strings.Contains(dash.Body[i:], "Ditt svar: Kommer") {
		t.Fatal("the coming meeting with the member's answer is not on the dashboard")
	}
	for _, email := range []string{"direktor@las.example", "ansatt@las.example"} {
		if strings.Contains(newClient(t).Login(email).Get("/").Body, "Dashbordmøte") {
			t.Errorf("%s sees the steering group's meeting on the dashboard", email)
		}
	}
}

// Past meetings page by keys, 20 a page, newest first, on the meetings page and a group's page:
// every meeting once, the coming ones and the group's actions on the first page only, each page
// read in one batch after the session.
func TestPastMeetingsPage(t *testing.T) {
	execSQL(t, `INSERT INTO meetings (group_id, title, starts_at, ends_at, place)
		SELECT g.id, 'Arkivmøte ' || i, timestamptz '2018-01-10 10:00+01' + i * interval '20 days', timestamptz '2018-01-10 13:00+01' + i * interval '20 days', 'Tromsø'
		FROM groups g, generate_series(1, 25) i WHERE g.slug = 'direktorforum'`)
	total := queryInt(t, `SELECT count(*) FROM meetings m JOIN groups g ON g.id = m.group_id WHERE g.slug = 'direktorforum' AND m.ends_at <= now()`)
	admin := newClient(t).Login("klyngeleder@remiks.example")
	link := regexp.MustCompile(`<h3 class="ds-heading" data-size="xs"><a class="ds-link" href="/moter/(\d+)">`)
	next := regexp.MustCompile(`href="(/moter[^"]*\?etter=[^"]+)"[^>]*>Eldre møter`)
	for _, start := range []string{"/moter/gruppe/direktorforum", "/moter"} {
		seen, pages, path := map[string]bool{}, 0, start
		for path != "" {
			res := admin.Get(path)
			if res.StatusCode != http.StatusOK || res.Queries != 2 && start == "/moter" || res.Queries != 3 && start != "/moter" {
				t.Fatalf("GET %s: status %d in %d round trips", path, res.StatusCode, res.Queries)
			}
			if first := pages == 0; strings.Contains(res.Body, "Kommende møter") != first {
				t.Errorf("%s: the coming meetings shown on page %d", path, pages+1)
			}
			for _, m := range link.FindAllStringSubmatch(res.Body, -1) {
				if seen[m[1]] {
					t.Errorf("%s: meeting %s shown twice", start, m[1])
				}
				seen[m[1]] = true
			}
			path = ""
			if m := next.FindStringSubmatch(res.Body); m != nil {
				path = html.UnescapeString(m[1])
			}
			if pages++; pages > 5 {
				t.Fatal("the pages go on and on")
			}
		}
		if start != "/moter" && int64(len(seen)) < total || pages < 2 {
			t.Errorf("%s: %d meetings in %d pages, want the group's %d past ones and more in at least 2", start, len(seen), pages, total)
		}
	}
	if res := admin.Get("/moter?etter=tull"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Kommende møter") {
		t.Errorf("a bad cursor: status %d, not the first page", res.StatusCode)
	}
}
