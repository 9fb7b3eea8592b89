package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// addMeeting inserts a meeting of group (slug) starting in `in` (a PostgreSQL interval) led by
// the cluster leader, with the agenda published publishDays before; removed when the test ends.
func addMeeting(t *testing.T, group, title, in string, publishDays int) int64 {
	t.Helper()
	id := queryInt(t, `INSERT INTO meetings (group_id, title, starts_at, ends_at, place, leader_id, publish_days)
		SELECT g.id, $2, now() + $3::interval, now() + $3::interval + interval '2 hours', 'Tromsø',
		       (SELECT id FROM users WHERE email = 'klyngeleder@remiks.example'), $4
		FROM groups g WHERE g.slug = $1 RETURNING id`, group, title, in, publishDays)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM meeting_actions WHERE case_id IN (SELECT id FROM meeting_cases WHERE meeting_id = $1)`, id)
		execSQL(t, `DELETE FROM meeting_cases WHERE meeting_id = $1`, id)
		execSQL(t, `DELETE FROM meetings WHERE id = $1`, id)
	})
	return id
}

func meetingPath(id int64) string { return "/moter/" + idStr(id) }

func TestCallingAMeetingSendsTheInvitationWithICS(t *testing.T) {
	admin := newClient(t).Login("klyngeleder@remiks.example")
	steering := idStr(queryInt(t, `SELECT id FROM groups WHERE slug = 'styringsgruppen'`))
	leader := idStr(queryInt(t, `SELECT id FROM users WHERE email = 'direktor@hrs.example'`))
	day := time.Now().AddDate(0, 0, 20).Format(time.DateOnly)

	// A leader from outside the group is refused; so is a meeting without place or link.
	outsider := idStr(queryInt(t, `SELECT id FROM users WHERE email = 'direktor@las.example'`))
	res := admin.PostForm("/moter/ny", url.Values{"group": {steering}, "title": {"Styringsgruppemøte, invitasjonstest"}, "date": {day},
		"start": {"09:30"}, "end": {"11:00"}, "leader": {outsider}, "publish_days": {"7"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Møtelederen må være medlem av gruppen.") ||
		!strings.Contains(res.Body, "Skriv hvor møtet holdes") {
		t.Fatalf("invalid meeting: status %d, want 422 with the messages", res.StatusCode)
	}
	res = admin.PostForm("/moter/ny", url.Values{"group": {steering}, "title": {"Styringsgruppemøte, invitasjonstest"}, "date": {day},
		"start": {"09:30"}, "end": {"11:00"}, "place": {"Remiks, Tromsø; møterom 2"}, "online_url": {"https://example.org/mote"},
		"leader": {leader}, "publish_days": {"7"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d", res.StatusCode)
	}
	path := res.Header.Get("Location")
	id := queryInt(t, `SELECT id FROM meetings WHERE title = 'Styringsgruppemøte, invitasjonstest'`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM meetings WHERE id = $1`, id) })
	if path != meetingPath(id) {
		t.Fatalf("redirect to %q", path)
	}
	before := queryInt(t, `SELECT count(*) FROM mail_outbox`)
	if res := admin.PostForm(path+"/innkalling", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: status %d", res.StatusCode)
	}
	members := queryInt(t, `SELECT count(*) FROM group_members gm JOIN users u ON u.id = gm.user_id JOIN groups g ON g.id = gm.group_id WHERE g.slug = 'styringsgruppen' AND u.active`)
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox`) - before; n != members || n == 0 {
		t.Fatalf("%d mails, want one per member of the group (%d)", n, members)
	}
	// Every recipient is a member of the group; nobody else is mailed.
	if n := queryInt(t, `SELECT count(*) FROM (SELECT * FROM mail_outbox ORDER BY id DESC LIMIT $1) o
		WHERE o.to_address NOT IN (SELECT u.email FROM group_members gm JOIN users u ON u.id = gm.user_id JOIN groups g ON g.id = gm.group_id WHERE g.slug = 'styringsgruppen')`, members); n != 0 {
		t.Fatalf("%d mails to people outside the group", n)
	}
	subject := queryString(t, `SELECT subject FROM mail_outbox WHERE to_address = 'direktor@hrs.example' ORDER BY id DESC LIMIT 1`)
	body := queryString(t, `SELECT body FROM mail_outbox WHERE to_address = 'direktor@hrs.example' ORDER BY id DESC LIMIT 1`)
	calendar := queryString(t, `SELECT calendar FROM mail_outbox WHERE to_address = 'direktor@hrs.example' ORDER BY id DESC LIMIT 1`)
	if !strings.HasPrefix(subject, "Innkalling: Styringsgruppen ") || !strings.Contains(subject, "kl. 09.30") {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{"Du er innkalt til møte i Styringsgruppen.", "kl. 09.30–11.00", "Sted: Remiks, Tromsø; møterom 2",
		"Nettmøte: https://example.org/mote", "Sakslisten publiseres", "/moter/" + idStr(id)} {
		if !strings.Contains(body, want) {
			t.Errorf("the invitation lacks %q:\n%s", want, body)
		}
	}
	checkMeetingICS(t, calendar, id, day)
	// The same calendar is offered on the meeting's page.
	res = admin.Get(path + "/mote.ics")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("mote.ics: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	checkMeetingICS(t, res.Body, id, day)
	if page := admin.Get(path); !strings.Contains(page.Body, "Sendt ") || !strings.Contains(page.Body, "Send innkallingen på nytt") {
		t.Error("the page does not show that the invitation was sent")
	}
}

// checkMeetingICS parses an invitation's calendar with go-ical and checks its event.
func checkMeetingICS(t *testing.T, body string, id int64, day string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("unfolded line of %d octets: %q", len(l), l)
		}
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("the calendar does not parse: %v\n%s", err, body)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	e := evs[0]
	start, err := e.DateTimeStart(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	end, _ := e.DateTimeEnd(time.UTC)
	oslo, _ := time.LoadLocation("Europe/Oslo")
	if got := start.In(oslo).Format(time.DateOnly + " 15:04"); got != day+" 09:30" {
		t.Errorf("DTSTART %s in Oslo, want %s 09:30", got, day)
	}
	if end.Sub(start) != 90*time.Minute {
		t.Errorf("DTEND is %v after DTSTART", end.Sub(start))
	}
	summary, _ := e.Props.Text(ical.PropSummary)
	location, _ := e.Props.Text(ical.PropLocation)
	uid, _ := e.Props.Text(ical.PropUID)
	desc, _ := e.Props.Text(ical.PropDescription)
	if summary != "Styringsgruppen: Styringsgruppemøte, invitasjonstest" || location != "Remiks, Tromsø; møterom 2" {
		t.Errorf("SUMMARY %q, LOCATION %q", summary, location)
	}
	if !strings.HasPrefix(uid, "meeting-"+idStr(id)+"@") {
		t.Errorf("UID %q", uid)
	}
	if !strings.Contains(desc, "Nettmøte: https://example.org/mote") || !strings.Contains(desc, "/moter/"+idStr(id)) {
		t.Errorf("DESCRIPTION %q", desc)
	}
}

// attendanceRow is a row of "Hvem kommer": the name, the answer (with the deputy), the company.
var attendanceRow = regexp.MustCompile(`<th scope="row">([^<]+)</th><td>\s*([^<(]+?)\s*(?:\(([^)]*)\))?\s*</td><td>[^<]*</td>`)

func TestMembersAnswerTheInvitationAndSeeWhoComes(t *testing.T) {
	id := addMeeting(t, "styringsgruppen", "Svartest", "10 days", 7)
	hrs := newClient(t).Login("direktor@hrs.example")
	senja := newClient(t).Login("direktor@senja-avfall.example")
	iris := newClient(t).Login("direktor@iris-salten.example")
	if res := hrs.PostForm(meetingPath(id)+"/svar", url.Values{"answer": {"kommer"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("kommer: status %d", res.StatusCode)
	}
	if res := senja.PostForm(meetingPath(id)+"/svar", url.Values{"answer": {"vara"}, "substitute": {"Ola Vara"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("vara: status %d", res.StatusCode)
	}
	if res := iris.PostForm(meetingPath(id)+"/svar", url.Values{"answer": {"kommer"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("kommer: status %d", res.StatusCode)
	}
	// A second answer replaces the first.
	if res := iris.PostForm(meetingPath(id)+"/svar", url.Values{"answer": {"kommer_ikke"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("kommer ikke: status %d", res.StatusCode)
	}
	if res := iris.PostForm(meetingPath(id)+"/svar", url.Values{"answer": {"kanskje"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an unknown answer: status %d, want 422", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM meeting_attendance WHERE meeting_id = $1`, id); n != 3 {
		t.Fatalf("%d answers stored, want 3", n)
	}
	page := hrs.Get(meetingPath(id))
	if page.StatusCode != http.StatusOK {
		t.Fatalf("status %d", page.StatusCode)
	}
	answers := map[string]string{}
	for _, m := range attendanceRow.FindAllStringSubmatch(page.Body, -1) {
		answers[m[1]] = strings.TrimSpace(m[2]) + "|" + m[3]
	}
	hrsName := queryString(t, `SELECT name FROM users WHERE email = 'direktor@hrs.example'`)
	senjaName := queryString(t, `SELECT name FROM users WHERE email = 'direktor@senja-avfall.example'`)
	irisName := queryString(t, `SELECT name FROM users WHERE email = 'direktor@iris-salten.example'`)
	if answers[hrsName] != "Kommer|" || answers[senjaName] != "Vara møter|Ola Vara" || answers[irisName] != "Kommer ikke|" {
		t.Errorf("the list of who comes: %v", answers)
	}
	if !regexp.MustCompile(`1 kommer, 1 sender vara,\s+1 kommer ikke`).MatchString(page.Body) {
		t.Error("the page does not count the answers")
	}
	// Someone outside the group cannot answer, nor learn that the meeting exists.
	las := newClient(t).Login("direktor@las.example") // direktørforum, not the steering group
	if res := las.PostForm(meetingPath(id)+"/svar", url.Values{"answer": {"kommer"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("an outsider's answer: status %d, want 404", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM meeting_attendance WHERE meeting_id = $1`, id); n != 3 {
		t.Errorf("%d answers after the outsider's try", n)
	}
}
