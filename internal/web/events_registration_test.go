package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

func TestRegisterCancelAndWaitlistThroughTheRouter(t *testing.T) {
	ev := testEvent(t, "Påmeldingstest", "capacity = 1")
	a := newClient(t).Login("ansatt@senja-avfall.example")
	res := a.PostForm("/arrangementer/"+ev+"/pamelding", url.Values{"answer": {"Glutenfri, takk"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: status %d", res.StatusCode)
	}
	page := a.Get("/arrangementer/" + ev)
	if !strings.Contains(page.Body, "Du er påmeldt") || !strings.Contains(page.Body, "Meld meg av") {
		t.Error("the page does not say Du er påmeldt")
	}
	if queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = 'ansatt@senja-avfall.example' AND subject = 'Du er påmeldt: Påmeldingstest'`) != 1 {
		t.Error("no confirmation mail in the outbox")
	}
	var cal string
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT calendar FROM mail_outbox WHERE to_address = 'ansatt@senja-avfall.example' AND subject = 'Du er påmeldt: Påmeldingstest'`).Scan(&cal); err != nil {
		t.Fatal(err)
	}
	if list := parseICS(t, cal); len(list) != 1 {
		t.Error("the confirmation's calendar attachment has no event")
	} else if s, _ := list[0].Props.Text("SUMMARY"); s != "Påmeldingstest" {
		t.Errorf("the attachment's SUMMARY is %q", s)
	}
	if queryInt(t, `SELECT count(*) FROM registrations WHERE event_id = $1 AND answer = 'Glutenfri, takk'`, ev) != 1 {
		t.Error("the answer was not kept")
	}
	// Full now: the next goes on the waitlist and sees the position.
	b := newClient(t).Login("ansatt@fimil.example")
	if res := b.PostForm("/arrangementer/"+ev+"/pamelding", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("waitlist: status %d", res.StatusCode)
	}
	if page := b.Get("/arrangementer/" + ev); !strings.Contains(page.Body, "Du står på venteliste som nr. 1") {
		t.Error("the waitlisted person does not see the position")
	}
	// a cancels; b gets the seat and a mail, in the same request.
	if res := a.PostForm("/arrangementer/"+ev+"/avmelding", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: status %d", res.StatusCode)
	}
	if got := regStatus(t, ev, "ansatt@fimil.example"); got != "confirmed" {
		t.Errorf("after the cancellation the first waiting is %s", got)
	}
	if queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = 'ansatt@fimil.example' AND subject LIKE 'Du har fått plass%'`) != 1 {
		t.Error("no promotion mail")
	}
	// Leaving the waitlist: a registers again (waitlisted), then leaves.
	a.PostForm("/arrangementer/"+ev+"/pamelding", nil)
	if regStatus(t, ev, "ansatt@senja-avfall.example") != "waitlisted" {
		t.Fatal("a is not on the waitlist")
	}
	if res := a.PostForm("/arrangementer/"+ev+"/avmelding", nil); res.StatusCode != http.StatusSeeOther || regStatus(t, ev, "ansatt@senja-avfall.example") != "none" {
		t.Error("leaving the waitlist did not work")
	}
}

func TestRegistrationRefusalsThroughTheRouter(t *testing.T) {
	c := newClient(t).Login("ansatt@hrs.example")
	for _, tc := range []struct{ name, set, message string }{
		{"not open yet", "registration_opens_at = now() + interval '1 day'", "Påmeldingen har ikke åpnet ennå."},
		{"closed", "registration_closes_at = now() - interval '1 hour'", "Påmeldingsfristen er ute."},
		{"cancelled", "status = 'cancelled'", "Arrangementet er avlyst."},
		{"past", "starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour'", "Arrangementet har allerede startet eller er over."},
	} {
		ev := testEvent(t, "Avvist "+tc.name, tc.set)
		res := c.PostForm("/arrangementer/"+ev+"/pamelding", nil)
		if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, tc.message) {
			t.Errorf("%s: status %d, message shown %v", tc.name, res.StatusCode, strings.Contains(res.Body, tc.message))
		}
		if regStatus(t, ev, "ansatt@hrs.example") != "none" {
			t.Errorf("%s: a registration was made", tc.name)
		}
	}
	ev := testEvent(t, "To ganger", "")
	c.PostForm("/arrangementer/"+ev+"/pamelding", nil)
	res := c.PostForm("/arrangementer/"+ev+"/pamelding", nil)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Du er allerede påmeldt") {
		t.Errorf("twice: status %d", res.StatusCode)
	}
	if queryInt(t, `SELECT count(*) FROM registrations WHERE event_id = $1`, ev) != 1 {
		t.Error("twice made two rows")
	}
	// Cancellation after the deadline.
	execSQL(t, `UPDATE events SET cancellation_deadline = now() - interval '1 minute' WHERE id = $1`, ev)
	res = c.PostForm("/arrangementer/"+ev+"/avmelding", nil)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Avmeldingsfristen er ute") || regStatus(t, ev, "ansatt@hrs.example") != "confirmed" {
		t.Errorf("cancel after the deadline: status %d", res.StatusCode)
	}
	// A too long answer is a 422 beside the field.
	ev2 := testEvent(t, "Langt svar", "")
	res = c.PostForm("/arrangementer/"+ev2+"/pamelding", url.Values{"answer": {strings.Repeat("x", 1001)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Skriv høyst 1000 tegn") {
		t.Errorf("long answer: status %d", res.StatusCode)
	}
}

func TestForgedFieldsAndOtherPeoplesRegistrations(t *testing.T) {
	ev := testEvent(t, "Forfalsket", "capacity = 1")
	owner := newClient(t).Login("ansatt@las.example")
	owner.PostForm("/arrangementer/"+ev+"/pamelding", nil)

	// A member forges the user id of someone in another company, and in their own.
	m := newClient(t).Login("ansatt@reno-vest.example")
	for _, other := range []string{"direktor@haf.example", "direktor@reno-vest.example"} {
		res := m.PostForm("/arrangementer/"+ev+"/pamelding", url.Values{"user": {idStr(userID(t, other))}})
		assertRefused(t, "register "+other, res)
		if regStatus(t, ev, other) != "none" {
			t.Errorf("a member registered %s", other)
		}
	}
	// Forged company, status and capacity are ignored: the event is full, so the waitlist.
	res := m.PostForm("/arrangementer/"+ev+"/pamelding", url.Values{
		"company_id": {idStr(queryInt(t, `SELECT id FROM companies WHERE slug = 'las'`))}, "status": {"confirmed"}, "capacity": {"1000"},
	})
	if res.StatusCode != http.StatusSeeOther || regStatus(t, ev, "ansatt@reno-vest.example") != "waitlisted" {
		t.Errorf("forged fields: status %d, registration %s", res.StatusCode, regStatus(t, ev, "ansatt@reno-vest.example"))
	}
	if queryInt(t, `SELECT capacity FROM events WHERE id = $1`, ev) != 1 ||
		queryInt(t, `SELECT count(*) FROM registrations r JOIN companies c ON c.id = r.company_id WHERE r.event_id = $1 AND c.slug = 'reno-vest'`, ev) != 1 {
		t.Error("a forged field changed something")
	}
	// Cancelling someone else's registration.
	res = m.PostForm("/arrangementer/"+ev+"/avmelding", url.Values{"user": {idStr(userID(t, "ansatt@las.example"))}})
	assertRefused(t, "cancel another's", res)
	if regStatus(t, ev, "ansatt@las.example") != "confirmed" {
		t.Error("another's registration was cancelled")
	}
	// A company admin of another company may not cancel it either.
	res = newClient(t).Login("admin@haf.example").PostForm("/arrangementer/"+ev+"/avmelding", url.Values{"user": {idStr(userID(t, "ansatt@las.example"))}})
	assertRefused(t, "another company's admin cancels", res)
	if regStatus(t, ev, "ansatt@las.example") != "confirmed" {
		t.Error("another company's admin cancelled")
	}
}

func TestCompanyAdminRegistersColleagues(t *testing.T) {
	ev := testEvent(t, "Kollegapåmelding", "")
	adm := newClient(t).Login("admin@vefas.example")
	page := adm.Get("/arrangementer/" + ev)
	if !strings.Contains(page.Body, "Kolleger i ditt selskap") {
		t.Fatal("the company admin does not see the colleagues")
	}
	colleague := idStr(userID(t, "direktor@vefas.example"))
	// The colleagues are signed up on a page of their own, from one select of those not yet
	// registered; the registered are listed on the event page with a button each.
	if !strings.Contains(page.Body, `href="/arrangementer/`+ev+`/kolleger"`) {
		t.Fatal("the event page has no link to sign up colleagues")
	}
	list := adm.Get("/arrangementer/" + ev + "/kolleger")
	if list.StatusCode != http.StatusOK || !strings.Contains(list.Body, `<label class="ds-label" for="kollega">Kollega</label>`) ||
		!strings.Contains(list.Body, `<option value="`+colleague+`">`) {
		t.Fatalf("no select of colleagues to sign up (status %d)", list.StatusCode)
	}
	res := adm.PostForm("/arrangementer/"+ev+"/pamelding", url.Values{"user": {colleague}, "fra": {"kolleger"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/arrangementer/"+ev+"/kolleger" {
		t.Fatalf("register colleague: %d to %q, want back to the list", res.StatusCode, res.Header.Get("Location"))
	}
	if regStatus(t, ev, "direktor@vefas.example") != "confirmed" {
		t.Fatal("the colleague is not registered")
	}
	if strings.Contains(adm.Get("/arrangementer/"+ev+"/kolleger").Body, `<option value="`+colleague+`">`) {
		t.Error("the registered colleague is still offered")
	}
	if !strings.Contains(adm.Get("/arrangementer/"+ev).Body, "Meld av ") {
		t.Error("the event page does not list the registered colleague with a button to cancel")
	}
	// A member is not shown the page.
	if res := newClient(t).Login("ansatt@vefas.example").Get("/arrangementer/" + ev + "/kolleger"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member opens the colleagues page: %d", res.StatusCode)
	}
	if queryInt(t, `SELECT count(*) FROM registrations WHERE event_id = $1 AND registered_by = $2`, ev, userID(t, "admin@vefas.example")) != 1 {
		t.Error("registered_by is not the admin")
	}
	if res := adm.PostForm("/arrangementer/"+ev+"/avmelding", url.Values{"user": {colleague}}); res.StatusCode != http.StatusSeeOther || regStatus(t, ev, "direktor@vefas.example") != "none" {
		t.Errorf("cancel colleague: %d", res.StatusCode)
	}
	res = adm.PostForm("/arrangementer/"+ev+"/pamelding", url.Values{"user": {idStr(userID(t, "ansatt@iris-salten.example"))}})
	assertRefused(t, "register another company's employee", res)
	if regStatus(t, ev, "ansatt@iris-salten.example") != "none" {
		t.Error("a company admin registered another company's employee")
	}
}

func TestCompanyCapThroughTheRouter(t *testing.T) {
	ev := testEvent(t, "Kvote", "capacity = 10, company_cap = 1")
	newClient(t).Login("admin@remiks.example").PostForm("/arrangementer/"+ev+"/pamelding", nil)
	newClient(t).Login("ansatt@remiks.example").PostForm("/arrangementer/"+ev+"/pamelding", nil)
	if regStatus(t, ev, "admin@remiks.example") != "confirmed" || regStatus(t, ev, "ansatt@remiks.example") != "waitlisted" {
		t.Errorf("company cap: %s, %s", regStatus(t, ev, "admin@remiks.example"), regStatus(t, ev, "ansatt@remiks.example"))
	}
}

func TestRestrictedEventsAreInvisibleToOthers(t *testing.T) {
	ev := eventID(t, "Direktørforum: strategisamling")
	outsider := newClient(t).Login("ansatt@las.example")
	for _, p := range []string{"/arrangementer/" + ev, "/arrangementer/" + ev + ".ics"} {
		if res := outsider.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s by a non-member: %d", p, res.StatusCode)
		}
	}
	for _, p := range []string{"/pamelding", "/avmelding"} {
		if res := outsider.PostForm("/arrangementer/"+ev+p, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s by a non-member: %d", p, res.StatusCode)
		}
	}
	if regStatus(t, ev, "ansatt@las.example") != "none" {
		t.Error("a non-member registered")
	}
	for _, list := range []string{"/arrangementer", "/arrangementer?type=mote"} {
		if strings.Contains(outsider.Get(list).Body, "strategisamling") {
			t.Errorf("%s shows the restricted event", list)
		}
	}
	// A company admin of the same company may not register a direktør into it either.
	res := newClient(t).Login("admin@haf.example").PostForm("/arrangementer/"+ev+"/pamelding", url.Values{"user": {idStr(userID(t, "direktor@haf.example"))}})
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("company admin outside the group: %d", res.StatusCode)
	}
	for _, member := range []string{"direktor@haf.example", "klyngeleder@remiks.example"} {
		c := newClient(t).Login(member)
		if res := c.Get("/arrangementer/" + ev); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", member, res.StatusCode)
		}
		if !strings.Contains(c.Get("/arrangementer").Body, "strategisamling") {
			t.Errorf("%s does not see it in the list", member)
		}
	}
	// Drafts are for cluster admins only.
	draft := eventID(t, "Konferanse: Avfall Nord 2027")
	if res := outsider.Get("/arrangementer/" + draft); res.StatusCode != http.StatusNotFound {
		t.Errorf("draft for a member: %d", res.StatusCode)
	}
}
