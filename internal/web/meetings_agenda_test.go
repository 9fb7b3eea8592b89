package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var caseHeading = regexp.MustCompile(`<h3 class="ds-heading" data-size="sm" id="sak-\d+-tittel">(Sak \d{2}/\d{4}) ([^<]+)</h3>`)

func TestAgendaIsPublishedToTheGroupDaysBeforeAndLaterChangesAreMarked(t *testing.T) {
	// The meeting is in 10 days; its agenda is published 7 days before.
	id := addMeeting(t, "styringsgruppen", "Publiseringstest", "10 days", 7)
	admin := newClient(t).Login("klyngeleder@remiks.example")
	res := admin.PostForm(meetingPath(id)+"/saker/ny", url.Values{"kind": {"vedtak"}, "title": {"Budsjettforslag"},
		"background": {"Bakgrunn **viktig**"}, "proposal": {"Styringsgruppen vedtar budsjettet."}, "focus_area": {"3"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new case: status %d", res.StatusCode)
	}
	caseID := queryInt(t, `SELECT id FROM meeting_cases WHERE meeting_id = $1`, id)
	member := newClient(t).Login("direktor@hrs.example")
	page := member.Get(meetingPath(id))
	if page.StatusCode != http.StatusOK || strings.Contains(page.Body, "Budsjettforslag") || !strings.Contains(page.Body, "Sakslisten publiseres") {
		t.Fatalf("before publication the member sees the agenda (status %d)", page.StatusCode)
	}
	if res := member.Get(meetingPath(id) + "/protokoll"); res.StatusCode != http.StatusNotFound {
		t.Errorf("protocol before publication: status %d, want 404", res.StatusCode)
	}
	// The leader prepares it: the admin sees it, unmarked.
	page = admin.Get(meetingPath(id))
	m := caseHeading.FindStringSubmatch(page.Body)
	if m == nil || m[2] != "Budsjettforslag" || !strings.Contains(page.Body, "<strong>viktig</strong>") || !strings.Contains(page.Body, "Forslag til vedtak") {
		t.Fatalf("the admin does not see the case with its background and proposal")
	}
	if strings.Contains(page.Body, "changed-note") {
		t.Error("a change before publication is marked")
	}
	// Published: publish 12 days before a meeting in 10 days.
	execSQL(t, `UPDATE meetings SET publish_days = 12 WHERE id = $1`, id)
	execSQL(t, `UPDATE meeting_cases SET created_at = now() - interval '3 days' WHERE meeting_id = $1`, id)
	page = member.Get(meetingPath(id))
	if !strings.Contains(page.Body, "Budsjettforslag") || strings.Contains(page.Body, "changed-note") {
		t.Fatal("after publication the member does not see the unmarked case")
	}
	// A change after publication is marked for everyone.
	res = admin.PostForm(meetingPath(id)+"/saker/"+idStr(caseID), url.Values{"kind": {"vedtak"}, "title": {"Budsjettforslag, revidert"},
		"proposal": {"Styringsgruppen vedtar det reviderte budsjettet."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: status %d", res.StatusCode)
	}
	page = member.Get(meetingPath(id))
	if !strings.Contains(page.Body, "Budsjettforslag, revidert") || !strings.Contains(page.Body, "Endret etter at sakslisten ble publisert") {
		t.Error("the change after publication is not marked")
	}
	// So is a case added after publication.
	admin.PostForm(meetingPath(id)+"/saker/ny", url.Values{"kind": {"orientering"}, "title": {"Sen orientering"}})
	page = member.Get(meetingPath(id))
	if !strings.Contains(page.Body, "Lagt til etter at sakslisten ble publisert") {
		t.Error("a case added after publication is not marked")
	}
	// A member who does not manage the meeting cannot add or change cases.
	if res := member.PostForm(meetingPath(id)+"/saker/ny", url.Values{"kind": {"vedtak"}, "title": {"Kapret"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member adding a case: status %d, want 403", res.StatusCode)
	}
	if res := member.PostForm(meetingPath(id)+"/saker/"+idStr(caseID), url.Values{"kind": {"vedtak"}, "title": {"Kapret"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member editing a case: status %d, want 403", res.StatusCode)
	}
	// Invalid input is refused with the messages beside the fields.
	res = admin.PostForm(meetingPath(id)+"/saker/ny", url.Values{"kind": {"tull"}, "title": {""}, "focus_area": {"99"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Velg sakstype.") || !strings.Contains(res.Body, "Velg et av fokusområdene i listen.") {
		t.Errorf("invalid case: status %d", res.StatusCode)
	}
}

func TestCasePapersComeFromTheGroupsDocuments(t *testing.T) {
	id := addMeeting(t, "direktorforum", "Saksdokumenttest", "3 days", 7)
	admin := newClient(t).Login("klyngeleder@remiks.example")
	admin.PostForm(meetingPath(id)+"/saker/ny", url.Values{"kind": {"drofting"}, "title": {"Sak med dokumenter"}})
	caseID := queryInt(t, `SELECT id FROM meeting_cases WHERE meeting_id = $1`, id)
	groupDoc := queryInt(t, `SELECT id FROM documents WHERE title = 'Referat fra direktørforum'`)
	openDoc := queryInt(t, `SELECT id FROM documents WHERE group_id IS NULL AND deleted_at IS NULL ORDER BY id LIMIT 1`)
	casePath := meetingPath(id) + "/saker/" + idStr(caseID)
	// The form offers the group's documents only.
	form := admin.Get(casePath).Body
	sel := regexp.MustCompile(`(?s)<select[^>]*name="document"[^>]*>(.*?)</select>`).FindStringSubmatch(form)
	if sel == nil || !strings.Contains(sel[1], `<option value="`+idStr(groupDoc)+`"`) || strings.Contains(sel[1], `<option value="`+idStr(openDoc)+`"`) {
		t.Errorf("the form does not offer exactly the group's documents: %v", sel)
	}
	if res := admin.PostForm(casePath+"/dokumenter", url.Values{"document": {idStr(openDoc)}}); res.StatusCode != http.StatusConflict ||
		!strings.Contains(res.Body, "begrenset til Direktørforum") {
		t.Errorf("an open document as case paper: status %d, want 409", res.StatusCode)
	}
	if res := admin.PostForm(casePath+"/dokumenter", url.Values{"document": {idStr(groupDoc)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("attach: status %d", res.StatusCode)
	}
	page := newClient(t).Login("direktor@vefas.example").Get(meetingPath(id))
	if !strings.Contains(page.Body, `href="/dokumenter/`+idStr(groupDoc)+`">Referat fra direktørforum</a>`) {
		t.Error("the member does not see the case paper")
	}
	if res := admin.PostForm(casePath+"/dokumenter/"+idStr(groupDoc)+"/fjern", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("detach: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM meeting_case_papers WHERE case_id = $1`, caseID); n != 0 {
		t.Errorf("%d papers after detaching", n)
	}
}
