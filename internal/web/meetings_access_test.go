package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// An outsider of the group sees no meeting, case, paper, minutes or action — by list, id,
// search, feed or notification — but does see the group's decisions marked as shared.
func TestOutsiderOfTheGroupSeesNothingButSharedDecisions(t *testing.T) {
	id, shared, private := decidedMeeting(t, "styringsgruppen", "Hemmelighold")
	admin := newClient(t).Login("klyngeleder@remiks.example")
	casePath := meetingPath(id) + "/saker/" + idStr(private)
	admin.PostForm(casePath+"/tiltak", url.Values{"action_title": {"Hemmeligholdtiltak"},
		"action_responsible": {"u" + idStr(queryInt(t, `SELECT id FROM users WHERE email = 'direktor@hrs.example'`))},
		"action_due":         {time.Now().AddDate(0, 0, -3).Format(time.DateOnly)}})
	action := queryInt(t, `SELECT id FROM meeting_actions WHERE title = 'Hemmeligholdtiltak'`)
	lockMinutes(t, id)
	// direktor@las is in direktørforum but not in the steering group; ansatt@las in neither.
	for _, email := range []string{"direktor@las.example", "ansatt@las.example"} {
		c := newClient(t).Login(email)
		for _, path := range []string{meetingPath(id), meetingPath(id) + "/protokoll", meetingPath(id) + "/mote.ics", meetingPath(id) + "/referat",
			meetingPath(id) + "/rediger", meetingPath(id) + "/saker/ny", casePath, "/moter/gruppe/styringsgruppen", "/vedtak/" + idStr(private)} {
			if res := c.Get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s GET %s: status %d, want 404", email, path, res.StatusCode)
			}
		}
		for _, path := range []string{meetingPath(id) + "/svar", meetingPath(id) + "/godkjenn", meetingPath(id) + "/innkalling", meetingPath(id) + "/referat",
			casePath, casePath + "/tiltak", casePath + "/deling?delt=ja", casePath + "/dokumenter", "/moter/tiltak/" + idStr(action)} {
			if res := c.PostForm(path, url.Values{"answer": {"kommer"}, "status": {"lukket"}, "note": {"x"}, "document": {"1"}}); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s POST %s: status %d, want 404", email, path, res.StatusCode)
			}
		}
		// Lists, search, the dashboard and notifications show nothing of it.
		for _, path := range []string{"/moter", "/vedtak", "/vedtak?q=Hemmeligholdmandat", "/", "/varsler", "/forum/sok?q=Hemmelighold", "/dokumenter?q=Hemmelighold"} {
			res := c.Get(path)
			for _, secret := range []string{"Vedtakstest Hemmelighold<", "Intern sak Hemmelighold", "om Hemmeligholdmandat", "Hemmeligholdtiltak", meetingPath(id)} {
				if strings.Contains(res.Body, secret) {
					t.Errorf("%s: %s shows %q", email, path, secret)
				}
			}
		}
		// The shared decision shows, in the register and by id.
		if res := c.Get("/vedtak"); !strings.Contains(res.Body, "Delt vedtak om Hemmeligholdbudsjett.") {
			t.Errorf("%s: the shared decision is not in the register", email)
		}
		if res := c.Get("/vedtak/" + idStr(shared)); res.StatusCode != http.StatusOK {
			t.Errorf("%s: the shared decision by id: status %d", email, res.StatusCode)
		}
	}
	// The calendar feeds: the meeting is in the members' feed of their groups' meetings, in no
	// feed of an outsider.
	for email, want := range map[string]bool{"direktor@hrs.example": true, "direktor@las.example": false, "ansatt@las.example": false} {
		feed := meetingFeedOf(t, email)
		if got := strings.Contains(feed, "Vedtakstest Hemmelighold"); got != want {
			t.Errorf("%s: the meeting in the feed of meetings: %v, want %v", email, got, want)
		}
		for _, uid := range parseICSUIDs(t, feed) {
			if uid == "meeting-"+idStr(id)+"@portal.test" && !want {
				t.Errorf("%s: the meeting's UID is in the feed", email)
			}
		}
	}
	// The group's members do see it all.
	member := newClient(t).Login("direktor@hrs.example")
	for _, path := range []string{meetingPath(id), meetingPath(id) + "/protokoll", "/moter/gruppe/styringsgruppen", "/vedtak/" + idStr(private)} {
		if res := member.Get(path); res.StatusCode != http.StatusOK {
			t.Errorf("member GET %s: status %d", path, res.StatusCode)
		}
	}
	if res := member.Get("/moter"); !strings.Contains(res.Body, "Vedtakstest Hemmelighold") {
		t.Error("the member's list lacks the meeting")
	}
}

// meetingFeedOf makes a new calendar token for email and returns their feed of meetings.
func meetingFeedOf(t *testing.T, email string) string {
	t.Helper()
	c := newClient(t).Login(email)
	c.PostForm("/arrangementer/kalender", nil)
	m := feedLink.FindStringSubmatch(c.Get("/arrangementer/kalender").Body)
	if m == nil {
		t.Fatalf("%s: no feed address shown", email)
	}
	res := newClient(t).Get(strings.TrimSuffix(m[1], ".ics") + "/moter.ics")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("%s: the feed of meetings: status %d", email, res.StatusCode)
	}
	if !strings.HasPrefix(res.Body, "BEGIN:VCALENDAR\r\n") || !strings.Contains(res.Body, "\r\nVERSION:2.0\r\n") ||
		!strings.HasSuffix(res.Body, "END:VCALENDAR\r\n") {
		t.Errorf("%s: the feed is not an iCalendar: %q", email, res.Body)
	}
	return res.Body
}

// parseICSUIDs parses a calendar with go-ical and returns its events' UIDs.
func parseICSUIDs(t *testing.T, body string) []string {
	t.Helper()
	if !strings.Contains(body, "BEGIN:VEVENT") {
		return nil
	}
	var uids []string
	for _, e := range parseICS(t, body) {
		uid, _ := e.Props.Text("UID")
		uids = append(uids, uid)
	}
	return uids
}

func TestMeetingFeedOfAMember(t *testing.T) {
	id := addMeeting(t, "styringsgruppen", "Feedtest", "3 days", 7)
	feed := meetingFeedOf(t, "direktor@senja-avfall.example")
	uids := parseICSUIDs(t, feed)
	found := false
	for _, u := range uids {
		found = found || u == "meeting-"+idStr(id)+"@portal.test"
	}
	if !found || !strings.Contains(feed, "X-WR-CALNAME:Møter – Avfallsklynge Nord") {
		t.Errorf("the member's feed lacks the meeting %d: %v\n%s", id, uids, feed)
	}
	// A page with the token shows the feed's address to group members only.
	c := newClient(t).Login("direktor@senja-avfall.example")
	c.PostForm("/arrangementer/kalender", nil)
	if !strings.Contains(c.Get("/arrangementer/kalender").Body, "/moter.ics") {
		t.Error("the calendar page does not offer the feed of meetings")
	}
	o := newClient(t).Login("ansatt@las.example")
	o.PostForm("/arrangementer/kalender", nil)
	if strings.Contains(o.Get("/arrangementer/kalender").Body, "/moter.ics") {
		t.Error("the calendar page offers the feed of meetings to one without groups")
	}
	if res := newClient(t).Get("/kalender/ukjent-token/moter.ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown token: status %d, want 404", res.StatusCode)
	}
}

func TestMeetingsAreInTheMenuOnlyForThoseWithGroupMeetings(t *testing.T) {
	const link = `href="/moter"`
	if res := newClient(t).Login("ansatt@las.example").Get("/"); strings.Contains(res.Body, link) {
		t.Error("a member outside the governing groups has Møter in the menu")
	}
	for _, email := range []string{"direktor@las.example", "klyngeleder@remiks.example"} {
		if res := newClient(t).Login(email).Get("/medlemmer"); !regexp.MustCompile(`href="/moter"[^>]*>Møter</a>`).MatchString(res.Body) {
			t.Errorf("%s has no Møter in the menu", email)
		}
	}
	if res := newClient(t).Login("direktor@las.example").Get("/moter"); !strings.Contains(res.Body, `href="/moter" aria-current="page"`) {
		t.Error("Møter is not marked current on its page")
	}
}

func TestTheMeetingListNamesOnlyGroupsWithMeetings(t *testing.T) {
	res := newClient(t).Login("klyngeleder@remiks.example").Get("/moter")
	if !strings.Contains(res.Body, `href="/moter/gruppe/direktorforum"`) || strings.Contains(res.Body, `href="/moter/gruppe/plukkanalyser"`) {
		t.Error("the list does not name exactly the groups with meetings")
	}
	form := newClient(t).Login("klyngeleder@remiks.example").Get("/moter/ny")
	if !strings.Contains(form.Body, ">Plukkanalyser</option>") {
		t.Error("a new meeting cannot be called for a group without meetings")
	}
}
