package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"klyngeportalen/internal/database/dbtest"
)

// outboxCalendars returns the recipients and attached calendars of the mails with subject.
func outboxCalendars(t *testing.T, subject string) map[string]string {
	t.Helper()
	rows, err := dbtest.Pool(t).Query(context.Background(), `SELECT to_address, calendar FROM mail_outbox WHERE subject = $1`, subject)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var to, cal string
		if err := rows.Scan(&to, &cal); err != nil {
			t.Fatal(err)
		}
		if _, dup := out[to]; dup {
			t.Errorf("two mails %q to %s", subject, to)
		}
		out[to] = cal
	}
	return out
}

// oneEvent parses an iCalendar with one event and returns its method and event.
func oneEvent(t *testing.T, body string) (string, ical.Event) {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("the iCalendar does not parse: %v\n%s", err, body)
	}
	list := cal.Events()
	if len(list) != 1 {
		t.Fatalf("%d events", len(list))
	}
	method, _ := cal.Props.Text(ical.PropMethod)
	return method, list[0]
}

// prop is the raw value of property name of e ("" when absent); TEXT values unescaped.
func prop(e ical.Event, name string) string {
	if v, err := e.Props.Text(name); err == nil && v != "" {
		return v
	}
	if p := e.Props.Get(name); p != nil {
		return p.Value
	}
	return ""
}

func TestChangesOfTimeAndPlaceReachEveryone(t *testing.T) {
	admin := newClient(t).Login("klyngeleder@remiks.example")
	f := eventForm("Endringstest")
	f.Set("online_url", "https://møte.example/rom-42")
	res := admin.PostForm("/arrangementer/nytt", f)
	m := eventLocation.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("create: %d", res.StatusCode)
	}
	ev := m[1]
	t.Cleanup(func() { execSQL(t, `DELETE FROM events WHERE id = $1`, ev) })
	admin.PostForm("/arrangementer/"+ev+"/publiser", nil)
	people := []string{"ansatt@fimil.example", "ansatt@vefas.example", "ansatt@hrs.example"} // capacity 2: the third waits
	for _, who := range people {
		newClient(t).Login(who).PostForm("/arrangementer/"+ev+"/pamelding", nil)
	}
	if regStatus(t, ev, "ansatt@hrs.example") != "waitlisted" {
		t.Fatal("the third is not waiting")
	}
	// The meeting link: only the confirmed see it, on the page, in the .ics and in the confirmation mail.
	confirmed, waiting, other := newClient(t).Login("ansatt@fimil.example"), newClient(t).Login("ansatt@hrs.example"), newClient(t).Login("ansatt@las.example")
	if !strings.Contains(confirmed.Get("/arrangementer/"+ev).Body, "https://møte.example/rom-42") {
		t.Error("a confirmed participant does not see the meeting link")
	}
	for name, body := range map[string]string{"waiting": waiting.Get("/arrangementer/" + ev).Body, "other": other.Get("/arrangementer/" + ev).Body,
		"waiting .ics": waiting.Get("/arrangementer/" + ev + ".ics").Body, "other .ics": other.Get("/arrangementer/" + ev + ".ics").Body} {
		if strings.Contains(body, "rom-42") {
			t.Errorf("%s sees the meeting link", name)
		}
	}
	if !strings.Contains(other.Get("/arrangementer/"+ev).Body, "når du har fått bekreftet plass") {
		t.Error("the page does not say that the link comes with a confirmed seat")
	}
	if _, e := oneEvent(t, confirmed.Get("/arrangementer/"+ev+".ics").Body); !strings.Contains(prop(e, ical.PropDescription), "https://møte.example/rom-42") {
		t.Error("the confirmed participant's .ics lacks the meeting link")
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE subject = 'Du er påmeldt: Endringstest' AND body LIKE '%rom-42%' AND calendar LIKE '%rom-42%'`); n != 2 {
		t.Errorf("%d confirmation mails with the meeting link, want 2", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE subject = 'Du står på venteliste: Endringstest' AND body LIKE '%rom-42%'`); n != 0 {
		t.Error("the waitlist mail has the meeting link")
	}
	_, before := oneEvent(t, confirmed.Get("/arrangementer/"+ev+".ics").Body)

	// A change of something else mails nobody.
	f.Set("capacity", "2")
	f.Set("description", "Ny tekst")
	if res := admin.PostForm("/arrangementer/"+ev+"/rediger", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE subject = 'Endret: Endringstest'`); n != 0 {
		t.Errorf("%d change mails for a new description", n)
	}
	// A new time: one mail to each registered and waiting, with the same UID and a higher SEQUENCE.
	f.Set("starts_at", "2031-03-06T10:00")
	f.Set("ends_at", "2031-03-06T14:00")
	if res := admin.PostForm("/arrangementer/"+ev+"/rediger", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit time: %d", res.StatusCode)
	}
	mails := outboxCalendars(t, "Endret: Endringstest")
	if len(mails) != 3 {
		t.Fatalf("%d change mails, want 3 (two confirmed, one waiting)", len(mails))
	}
	for _, who := range people {
		method, e := oneEvent(t, mails[who])
		start, err := e.DateTimeStart(time.UTC)
		if method != "PUBLISH" || err != nil || !start.Equal(time.Date(2031, 3, 6, 9, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: method %q, start %v (%v)", who, method, start, err)
		}
		if prop(e, ical.PropUID) != prop(before, ical.PropUID) || prop(e, ical.PropSequence) != "1" || prop(before, ical.PropSequence) != "0" {
			t.Errorf("%s: UID %q (was %q), SEQUENCE %q (was %q)", who, prop(e, ical.PropUID), prop(before, ical.PropUID), prop(e, ical.PropSequence), prop(before, ical.PropSequence))
		}
		if strings.Contains(mails[who], "rom-42") != (who != "ansatt@hrs.example") {
			t.Errorf("%s: the meeting link in the updated calendar is wrong", who)
		}
	}
	// A new place: another round, SEQUENCE 2.
	f.Set("place", "Tromsø")
	f.Set("address", "Storgata 1, 9008 Tromsø")
	admin.PostForm("/arrangementer/"+ev+"/rediger", f)
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE subject = 'Endret: Endringstest' AND body LIKE '%nytt sted er Tromsø, Storgata 1%'`); n != 3 {
		t.Errorf("%d mails about the new place, want 3", n)
	}
	page := confirmed.Get("/arrangementer/" + ev).Body
	if !strings.Contains(page, "https://www.openstreetmap.org/search?query=Storgata+1%2C+9008+Troms%C3%B8") {
		t.Error("the page lacks the map link of the address")
	}

	// The personal feed shows the new version; cancelling mails METHOD:CANCEL, and the feed says so.
	confirmed.PostForm("/arrangementer/kalender", nil)
	feed := feedLink.FindStringSubmatch(confirmed.Get("/arrangementer/kalender").Body)
	if feed == nil {
		t.Fatal("no feed address")
	}
	anon := newClient(t)
	_, fe := oneEventNamed(t, anon.Get(feed[1]).Body, prop(before, ical.PropUID))
	if prop(fe, ical.PropSequence) != "2" {
		t.Errorf("the feed has SEQUENCE %q, want 2", prop(fe, ical.PropSequence))
	}
	if res := admin.PostForm("/arrangementer/"+ev+"/avlys", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	mails = outboxCalendars(t, "Avlyst: Endringstest")
	if len(mails) != 3 {
		t.Fatalf("%d cancellation mails, want 3", len(mails))
	}
	for who, cal := range mails {
		method, e := oneEvent(t, cal)
		if method != "CANCEL" || prop(e, ical.PropStatus) != "CANCELLED" || prop(e, ical.PropSequence) != "3" || prop(e, ical.PropUID) != prop(before, ical.PropUID) {
			t.Errorf("%s: method %q, status %q, sequence %q", who, method, prop(e, ical.PropStatus), prop(e, ical.PropSequence))
		}
	}
	_, fe = oneEventNamed(t, anon.Get(feed[1]).Body, prop(before, ical.PropUID))
	if prop(fe, ical.PropStatus) != "CANCELLED" || prop(fe, ical.PropSequence) != "3" {
		t.Errorf("the feed after cancelling: status %q, sequence %q", prop(fe, ical.PropStatus), prop(fe, ical.PropSequence))
	}
}

// oneEventNamed returns the calendar's event with uid.
func oneEventNamed(t *testing.T, body, uid string) (string, ical.Event) {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	for _, e := range cal.Events() {
		if prop(e, ical.PropUID) == uid {
			m, _ := cal.Props.Text(ical.PropMethod)
			return m, e
		}
	}
	t.Fatalf("the feed lacks %s", uid)
	return "", ical.Event{}
}
