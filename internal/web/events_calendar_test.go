package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

func parseICS(t *testing.T, body string) []ical.Event {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("the iCalendar does not parse: %v\n%s", err, body)
	}
	return cal.Events()
}

func TestEventICSRoundTrips(t *testing.T) {
	title := "Seminar; om plast, glass og metall – en lang tittel med æøå som må brettes over flere linjer i kalenderfilen"
	ev := testEvent(t, title, "place = $2, starts_at = $3, ends_at = $4", "Bodø, Rådhuset; sal 2", time.Date(2030, 6, 5, 7, 30, 0, 0, time.UTC), time.Date(2030, 6, 5, 9, 0, 0, 0, time.UTC))
	res := newClient(t).Login("ansatt@las.example").Get("/arrangementer/" + ev + ".ics")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("status %d, %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, l := range strings.Split(res.Body, "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets", len(l))
		}
	}
	list := parseICS(t, res.Body)
	if len(list) != 1 {
		t.Fatalf("%d events", len(list))
	}
	e := list[0]
	if got, _ := e.Props.Text(ical.PropSummary); got != title {
		t.Errorf("SUMMARY %q", got)
	}
	if got, _ := e.Props.Text(ical.PropLocation); got != "Bodø, Rådhuset; sal 2" {
		t.Errorf("LOCATION %q", got)
	}
	start, err1 := e.DateTimeStart(time.UTC)
	end, err2 := e.DateTimeEnd(time.UTC)
	if err1 != nil || err2 != nil || !start.Equal(time.Date(2030, 6, 5, 7, 30, 0, 0, time.UTC)) || !end.Equal(time.Date(2030, 6, 5, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("times %v %v (%v %v)", start, end, err1, err2)
	}
	if uid, _ := e.Props.Text(ical.PropUID); uid != "event-"+ev+"@portal.test" {
		t.Errorf("UID %q", uid)
	}
}

var feedLink = regexp.MustCompile(`http://portal\.test(/kalender/[A-Za-z0-9_-]+\.ics)`)

func TestCalendarFeedWorksUntilRevoked(t *testing.T) {
	c := newClient(t).Login("direktor@las.example")
	if res := c.PostForm("/arrangementer/kalender", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new token: %d", res.StatusCode)
	}
	page := c.Get("/arrangementer/kalender")
	m := feedLink.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("the page does not show the feed address")
	}
	if strings.Contains(c.Get("/arrangementer/kalender").Body, m[1]) {
		t.Error("the token is shown more than once")
	}
	token := strings.TrimSuffix(strings.TrimPrefix(m[1], "/kalender/"), ".ics")
	if queryInt(t, `SELECT count(*) FROM calendar_tokens WHERE hash = sha256($1::text::bytea)`, token) != 1 {
		t.Error("the stored token is not the SHA-256 of the link's")
	}
	anon := newClient(t)
	res := anon.Get(m[1])
	if res.StatusCode != http.StatusOK {
		t.Fatalf("feed: %d", res.StatusCode)
	}
	var titles []string
	for _, e := range parseICS(t, res.Body) {
		s, _ := e.Props.Text(ical.PropSummary)
		titles = append(titles, s)
	}
	joined := strings.Join(titles, "|")
	if !strings.Contains(joined, "Direktørforum: strategisamling") || !strings.Contains(joined, "Seminar: nye krav til utsortering") || strings.Contains(joined, "Webinar") {
		t.Errorf("personal feed has %v", titles)
	}
	all := anon.Get("/kalender/" + token + "/alle.ics")
	if all.StatusCode != http.StatusOK || !strings.Contains(all.Body, "Webinar: bærekraftsrapportering") || strings.Contains(all.Body, "Avfall Nord 2027") {
		t.Errorf("cluster feed: %d", all.StatusCode)
	}
	// Another user's cluster feed does not have the restricted event.
	o := newClient(t).Login("ansatt@las.example")
	o.PostForm("/arrangementer/kalender", nil)
	om := feedLink.FindStringSubmatch(o.Get("/arrangementer/kalender").Body)
	if om == nil {
		t.Fatal("no feed address for the employee")
	}
	if body := anon.Get(strings.TrimSuffix(om[1], ".ics") + "/alle.ics").Body; strings.Contains(body, "strategisamling") || !strings.Contains(body, "BEGIN:VCALENDAR") {
		t.Error("a non-member's cluster feed shows the restricted event")
	}
	// Revoked: the feed stops working.
	if res := c.PostForm("/arrangementer/kalender/slett", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	for _, p := range []string{m[1], "/kalender/" + token + "/alle.ics", "/kalender/ugyldig.ics"} {
		if res := anon.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s after revoking: %d", p, res.StatusCode)
		}
	}
}

func TestAttendeeCSVEscapesFormulasAndKeepsLetters(t *testing.T) {
	ev := testEvent(t, "CSV-test", "")
	var orig string
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT name FROM users WHERE email = 'ansatt@haf.example'`).Scan(&orig); err != nil {
		t.Fatal(err)
	}
	execSQL(t, `UPDATE users SET name = '=HYPERLINK("http://x")' WHERE email = 'ansatt@haf.example'`)
	t.Cleanup(func() { execSQL(t, `UPDATE users SET name = $1 WHERE email = 'ansatt@haf.example'`, orig) })
	newClient(t).Login("ansatt@haf.example").PostForm("/arrangementer/"+ev+"/pamelding", url.Values{"answer": {"+47 og @ og -1, Bærum ærlig øl"}})
	newClient(t).Login("direktor@senja-avfall.example").PostForm("/arrangementer/"+ev+"/pamelding", nil)

	if res := newClient(t).Login("ansatt@las.example").Get("/arrangementer/" + ev + "/deltakere.csv"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member gets the export: %d", res.StatusCode)
	}
	res := newClient(t).Login("klyngeleder@remiks.example").Get("/arrangementer/" + ev + "/deltakere.csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Body, "\ufeff") {
		t.Fatalf("status %d, BOM %v", res.StatusCode, strings.HasPrefix(res.Body, "\ufeff"))
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	var found bool
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
		if row[0] == `'=HYPERLINK("http://x")` && row[5] == "'+47 og @ og -1, Bærum ærlig øl" && row[2] == "Helgeland Avfallsforedling IKS" {
			found = true
		}
	}
	if !found {
		t.Errorf("rows %q", rows)
	}
}

func TestFeedTokenIsNotLogged(t *testing.T) {
	var logs strings.Builder
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), &logs)
	c := webtest.NewClient(t, h).Login("ansatt@fimil.example")
	c.PostForm("/arrangementer/kalender", nil)
	m := feedLink.FindStringSubmatch(c.Get("/arrangementer/kalender").Body)
	if m == nil {
		t.Fatal("no feed address")
	}
	if res := webtest.NewClient(t, h).Get(m[1]); res.StatusCode != http.StatusOK {
		t.Fatalf("feed: %d", res.StatusCode)
	}
	token := strings.TrimSuffix(strings.TrimPrefix(m[1], "/kalender/"), ".ics")
	if strings.Contains(logs.String(), token) {
		t.Error("the request log contains the secret feed token")
	}
	if !strings.Contains(logs.String(), "/kalender/{token}.ics") {
		t.Error("the feed request was not logged by its route pattern")
	}
}
