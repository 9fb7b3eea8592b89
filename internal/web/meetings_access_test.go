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
	// The calendar feed of an outsider has no meetings.
	out := newClient(t).Login("ansatt@las.example")
	out.PostForm("/arrangementer/kalender", nil)
	if page := out.Get("/arrangementer/kalender"); strings.Contains(page.Body, "Hemmelighold") {
		t.Error("the calendar page mentions the meeting")
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
