package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

func TestProgrammeOnThePageAndInTheICS(t *testing.T) {
	start := time.Date(2031, 9, 10, 7, 0, 0, 0, time.UTC) // 09.00 in Oslo
	ev := testEvent(t, "Konferanse med program", "starts_at = $2, ends_at = $3", start, start.Add(8*time.Hour))
	addDocuments(t, "las", "Lysark", 2)
	open := queryInt(t, `SELECT min(id) FROM documents WHERE title LIKE 'Lysark %'`)
	secret := queryInt(t, `SELECT max(id) FROM documents WHERE title LIKE 'Lysark %'`)
	execSQL(t, `UPDATE documents SET group_id = (SELECT id FROM groups WHERE slug = 'direktorforum') WHERE id = $1`, secret)
	admin := newClient(t).Login("klyngeleder@remiks.example")
	session := url.Values{"title": {"Plukkanalyser i praksis"}, "starts_at": {"2031-09-10T09:30"}, "ends_at": {"2031-09-10T10:15"},
		"room": {"Sal 2"}, "url": {"https://strøm.example/sal2"}, "speakers": {"direktor@las.example\nKari Gjest"},
		"description": {"Hva tallene sier."}, "documents": {"/dokumenter/" + idStr(open) + "\n" + idStr(secret)}}
	bad := url.Values{}
	for k, v := range session {
		bad[k] = v
	}
	bad.Set("starts_at", "2031-09-11T09:30") // after the event
	bad.Set("ends_at", "2031-09-11T10:30")
	bad.Set("speakers", "ingen@finnes.example")
	res := admin.PostForm("/arrangementer/"+ev+"/program", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "innenfor arrangementets tid") || !strings.Contains(res.Body, "Ingen i portalen har e-postadressen ingen@finnes.example") {
		t.Errorf("an invalid session: %d", res.StatusCode)
	}
	if res := admin.PostForm("/arrangementer/"+ev+"/program", session); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add session: %d", res.StatusCode)
	}
	session.Set("title", "Åpning")
	session.Set("starts_at", "2031-09-10T09:00")
	session.Set("ends_at", "2031-09-10T09:30")
	session.Set("speakers", "")
	session.Set("documents", "")
	admin.PostForm("/arrangementer/"+ev+"/program", session)

	member := newClient(t).Login("ansatt@hrs.example")
	page := member.Get("/arrangementer/" + ev).Body
	for _, want := range []string{`id="program"`, "Plukkanalyser i praksis", "Sal 2", "Kari Gjest (gjest)", "Hva tallene sier.", "Lysark", "kl. 09.30–10.15"} {
		if !strings.Contains(page, want) {
			t.Errorf("the agenda lacks %q", want)
		}
	}
	if strings.Index(page, "Åpning") > strings.Index(page, "Plukkanalyser i praksis") {
		t.Error("the agenda is not in time order")
	}
	if strings.Contains(page, "/dokumenter/"+idStr(secret)) {
		t.Error("a group's document is shown to someone outside the group")
	}
	if strings.Contains(page, "strøm.example") {
		t.Error("the session link is shown to someone not registered")
	}
	if !strings.Contains(newClient(t).Login("direktor@las.example").Get("/arrangementer/"+ev).Body, "/dokumenter/"+idStr(secret)) {
		t.Error("the group's member does not see the group's document")
	}
	_, e := oneEvent(t, member.Get("/arrangementer/"+ev+".ics").Body)
	desc := prop(e, ical.PropDescription)
	if !strings.Contains(desc, "Program:\n09.00–09.30 Åpning (Sal 2)\n09.30–10.15 Plukkanalyser i praksis (Sal 2) – ") || !strings.Contains(desc, "Kari Gjest") {
		t.Errorf("the .ics description lacks the agenda:\n%s", desc)
	}
	// The personal feed carries the agenda too.
	member.PostForm("/arrangementer/"+ev+"/pamelding", nil)
	member.PostForm("/arrangementer/kalender", nil)
	link := feedLink.FindStringSubmatch(member.Get("/arrangementer/kalender").Body)
	if link == nil {
		t.Fatal("no feed address")
	}
	_, fe := oneEventNamed(t, newClient(t).Get(link[1]).Body, prop(e, ical.PropUID))
	if !strings.Contains(prop(fe, ical.PropDescription), "09.30–10.15 Plukkanalyser i praksis") {
		t.Errorf("the feed lacks the agenda: %q", prop(fe, ical.PropDescription))
	}
	// Edit and delete; members may do neither.
	sid := idStr(queryInt(t, `SELECT id FROM event_sessions WHERE event_id = $1 AND title = 'Åpning'`, ev))
	if res := admin.Get("/arrangementer/" + ev + "/program/" + sid); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `value="Åpning"`) {
		t.Errorf("edit page: %d", res.StatusCode)
	}
	assertRefused(t, "member edits a session", member.PostForm("/arrangementer/"+ev+"/program/"+sid, session))
	assertRefused(t, "member deletes a session", member.PostForm("/arrangementer/"+ev+"/program/"+sid+"/slett", nil))
	if res := admin.PostForm("/arrangementer/"+ev+"/program/"+sid+"/slett", nil); res.StatusCode != http.StatusSeeOther || strings.Contains(member.Get("/arrangementer/"+ev).Body, "Åpning") {
		t.Errorf("delete: %d", res.StatusCode)
	}
	other := testEvent(t, "Et annet arrangement", "")
	assertRefused(t, "a session through another event", admin.PostForm("/arrangementer/"+other+"/program/"+idStr(queryInt(t, `SELECT id FROM event_sessions WHERE event_id = $1`, ev))+"/slett", nil))
}

// pastEvent inserts a published event that ended yesterday, with confirmed registrations of
// emails, and returns its id.
func pastEvent(t *testing.T, title string, emails ...string) string {
	t.Helper()
	ev := testEvent(t, title, "starts_at = now() - interval '2 days', ends_at = now() - interval '2 days' + interval '3 hours 30 minutes'")
	for _, e := range emails {
		execSQL(t, `INSERT INTO registrations (event_id, user_id, company_id, status, confirmed_at)
			SELECT $1, id, company_id, 'confirmed', now() FROM users WHERE email = $2`, ev, e)
	}
	return ev
}

func TestFeedbackOncePerParticipantAndAnonymous(t *testing.T) {
	ev := pastEvent(t, "Evalueringstest", "ansatt@las.example", "ansatt@haf.example", "ansatt@iris-salten.example")
	coming := testEvent(t, "Ikke ferdig ennå", "")
	a := newClient(t).Login("ansatt@las.example")
	if !strings.Contains(a.Get("/arrangementer/"+ev).Body, "Gi en kort tilbakemelding") {
		t.Error("the participant is not invited to give feedback")
	}
	if res := a.Get("/arrangementer/" + ev + "/tilbakemelding"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "faglig utbytte") {
		t.Fatalf("form: %d", res.StatusCode)
	}
	if res := a.PostForm("/arrangementer/"+ev+"/tilbakemelding", url.Values{"overall": {"6"}, "benefit": {"3"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("overall 6: %d", res.StatusCode)
	}
	if res := a.PostForm("/arrangementer/"+ev+"/tilbakemelding", url.Values{"overall": {"5"}, "benefit": {"4"}, "comment": {"Hemmelig ros fra LAS"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("feedback: %d", res.StatusCode)
	}
	if res := a.PostForm("/arrangementer/"+ev+"/tilbakemelding", url.Values{"overall": {"1"}, "benefit": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("second feedback: %d", res.StatusCode)
	}
	named := newClient(t).Login("ansatt@haf.example")
	named.PostForm("/arrangementer/"+ev+"/tilbakemelding", url.Values{"overall": {"3"}, "benefit": {"2"}, "comment": {"Navngitt kritikk"}, "named": {"ja"}})
	// Not participants: someone not registered, and anyone before the event is over.
	outsider := newClient(t).Login("ansatt@fimil.example")
	if res := outsider.PostForm("/arrangementer/"+ev+"/tilbakemelding", url.Values{"overall": {"1"}, "benefit": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("feedback by someone who did not take part: %d", res.StatusCode)
	}
	if res := outsider.Get("/arrangementer/" + ev + "/tilbakemelding"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the form for someone who did not take part: %d", res.StatusCode)
	}
	outsider.PostForm("/arrangementer/"+coming+"/pamelding", nil)
	if res := outsider.PostForm("/arrangementer/"+coming+"/tilbakemelding", url.Values{"overall": {"1"}, "benefit": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("feedback before the event: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM event_feedback WHERE event_id = $1`, ev); n != 2 {
		t.Fatalf("%d answers, want 2", n)
	}
	// The organiser sees averages, the distribution as a chart and a table, the comments; the
	// anonymous one without a name, the named one with.
	admin := newClient(t).Login("klyngeleder@remiks.example")
	page := admin.Get("/arrangementer/" + ev + "/tilbakemeldinger").Body
	for _, want := range []string{"2 svar, 3 med bekreftet plass", "4,0 av 5", "3,0 av 5", "<svg", "<table", "Hemmelig ros fra LAS", "Navngitt kritikk", "– Anonym"} {
		if !strings.Contains(page, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if name := queryString(t, `SELECT name FROM users WHERE email = 'ansatt@las.example'`); strings.Contains(page, name) {
		t.Errorf("the anonymous writer %q is named to the organiser", name)
	}
	if name := queryString(t, `SELECT name FROM users WHERE email = 'ansatt@haf.example'`); !strings.Contains(page, name) {
		t.Error("the named writer is not named")
	}
	if queryInt(t, `SELECT count(*) FROM event_feedback WHERE event_id = $1 AND user_id IS NOT NULL`, ev) != 1 {
		t.Error("the anonymous answer is stored with its writer")
	}
	year := time.Now().Add(-48 * time.Hour).Format("2006")
	scores := admin.Get("/arrangementer/tilbakemeldinger?ar=" + year).Body
	if !strings.Contains(scores, "Evalueringstest") || !strings.Contains(scores, ">"+year+"<") {
		t.Error("the cluster's figures lack the event or the year")
	}
	assertRefused(t, "member reads the summary", a.Get("/arrangementer/"+ev+"/tilbakemeldinger"))
	assertRefused(t, "member reads the figures", a.Get("/arrangementer/tilbakemeldinger"))
	if res := admin.Get("/arrangementer/tilbakemeldinger?ar=abc"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad year: %d", res.StatusCode)
	}
}

func TestCompetenceRecord(t *testing.T) {
	ev := pastEvent(t, "Kompetansedag", "ansatt@reno-vest.example", "direktor@reno-vest.example")
	execSQL(t, `UPDATE registrations r SET checked_in_at = now() - interval '2 days' FROM users u
		WHERE u.id = r.user_id AND r.event_id = $1 AND u.email = 'ansatt@reno-vest.example'`, ev)
	person := idStr(userID(t, "ansatt@reno-vest.example"))
	own := newClient(t).Login("ansatt@reno-vest.example")
	me := own.Get("/meg").Body
	if !strings.Contains(me, "Kompetansedag") || !strings.Contains(me, "<td>3,5</td>") {
		t.Error("/meg lacks the attended event with its hours")
	}
	if !strings.Contains(me, "Sum (1 arrangement)") {
		t.Error("/meg's sum does not say one event in the singular")
	}
	if strings.Contains(newClient(t).Login("direktor@reno-vest.example").Get("/meg").Body, "Kompetansedag") {
		t.Error("someone registered but not checked in has it in the record")
	}
	for who, sees := range map[string]bool{"admin@reno-vest.example": true, "klyngeleder@remiks.example": true, "ansatt@las.example": false, "admin@las.example": false, "direktor@reno-vest.example": false} {
		c := newClient(t).Login(who)
		page := c.Get("/personer/" + person)
		if page.StatusCode != http.StatusOK || strings.Contains(page.Body, "Kompetansedag") != sees {
			t.Errorf("%s: the person page shows the record: %v, want %v", who, !sees, sees)
		}
		csv := c.Get("/personer/" + person + "/kompetanse.csv")
		if sees && (csv.StatusCode != http.StatusOK || !strings.Contains(csv.Body, "Kompetansedag;Seminar;") || !strings.Contains(csv.Body, ";3,5")) {
			t.Errorf("%s: csv %d\n%s", who, csv.StatusCode, csv.Body)
		}
		if !sees && csv.StatusCode != http.StatusNotFound {
			t.Errorf("%s: csv %d, want 404", who, csv.StatusCode)
		}
	}
	if res := own.Get("/personer/" + person + "/kompetanse.csv"); res.StatusCode != http.StatusOK {
		t.Errorf("own csv: %d", res.StatusCode)
	}
}

func TestMonthCalendar(t *testing.T) {
	start := time.Date(2031, 4, 15, 8, 0, 0, 0, time.UTC)
	testEvent(t, "Aprilseminaret", "starts_at = $2, ends_at = $3", start, start.Add(2*time.Hour))
	testEvent(t, "Hemmelig april", "starts_at = $2, ends_at = $3, group_id = (SELECT id FROM groups WHERE slug = 'direktorforum')", start, start.Add(2*time.Hour))
	c := newClient(t).Login("ansatt@las.example")
	res := c.Get("/arrangementer/kalender?maned=2031-04")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{"April 2031", `class="month-grid"`, "10.00 Aprilseminaret", "Mars 2031", "Mai 2031", "15. april 2031", "Abonner i kalenderen din"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the month lacks %q", want)
		}
	}
	if strings.Contains(res.Body, "Hemmelig april") {
		t.Error("a group's event is shown to someone outside the group")
	}
	if !strings.Contains(newClient(t).Login("direktor@las.example").Get("/arrangementer/kalender?maned=2031-04").Body, "Hemmelig april") {
		t.Error("the group's member does not see the group's event")
	}
	if strings.Count(res.Body, "<tr>") < 5 {
		t.Error("the grid has fewer than five weeks")
	}
	for _, bad := range []string{"2031-13", "april", "1999-01", "2031-4"} {
		if res := c.Get("/arrangementer/kalender?maned=" + bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("maned=%s: %d", bad, res.StatusCode)
		}
	}
	if !strings.Contains(c.Get("/arrangementer/kalender").Body, `aria-current="date"`) {
		t.Error("today is not marked in this month")
	}
}
