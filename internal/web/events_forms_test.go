package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// addQuestion adds a question to event ev as the cluster admin and returns its field name.
func addQuestion(t *testing.T, ev string, form url.Values) string {
	t.Helper()
	admin := newClient(t).Login("klyngeleder@remiks.example")
	if res := admin.PostForm("/arrangementer/"+ev+"/sporsmal", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add question %v: %d", form, res.StatusCode)
	}
	return "q" + idStr(queryInt(t, `SELECT max(id) FROM event_questions WHERE event_id = $1`, ev))
}

func TestRegistrationFormQuestions(t *testing.T) {
	ev := testEvent(t, "Skjematest", "")
	diet := addQuestion(t, ev, url.Values{"label": {"Kostbehov"}, "kind": {"short"}, "required": {"ja"}})
	day := addQuestion(t, ev, url.Values{"label": {"Hvilken dag?"}, "kind": {"one"}, "choices": {"Tirsdag\nOnsdag"}, "required": {"ja"}})
	topics := addQuestion(t, ev, url.Values{"label": {"Tema"}, "kind": {"many"}, "choices": {"Plast\nGlass\nMetall"}})
	dinner := addQuestion(t, ev, url.Values{"label": {"Middag?"}, "kind": {"yesno"}})
	nights := addQuestion(t, ev, url.Values{"label": {"Antall netter"}, "kind": {"number"}})
	admin := newClient(t).Login("klyngeleder@remiks.example")
	// A choice question needs choices; a bad kind is refused beside the field.
	if res := admin.PostForm("/arrangementer/"+ev+"/sporsmal", url.Values{"label": {"Uten valg"}, "kind": {"one"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Skriv minst to valg") {
		t.Errorf("a choice question without choices: %d", res.StatusCode)
	}

	c := newClient(t).Login("ansatt@senja-avfall.example")
	page := c.Get("/arrangementer/" + ev)
	for _, want := range []string{"Kostbehov (må besvares)", "Hvilken dag? (må besvares)", `type="checkbox" name="` + topics, "Antall netter (valgfritt)", "Allergier?"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the registration form lacks %q", want)
		}
	}
	// A forged form that skips a required question is refused, and nobody is registered.
	res := c.PostForm("/arrangementer/"+ev+"/pamelding", url.Values{day: {"Tirsdag"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Svar på spørsmålet «Kostbehov».") {
		t.Errorf("a skipped required question: %d", res.StatusCode)
	}
	// A choice that is not one, two answers to a one-answer question, a number that is not one.
	for field, vals := range map[string][]string{day: {"Fredag"}, diet: {"a", "b"}, nights: {"to"}, dinner: {"kanskje"}, topics: {"Plast", "Papir"}} {
		f := url.Values{diet: {"Ingen"}, day: {"Tirsdag"}}
		f[field] = vals
		if res := c.PostForm("/arrangementer/"+ev+"/pamelding", f); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s = %q: %d", field, vals, res.StatusCode)
		}
	}
	if regStatus(t, ev, "ansatt@senja-avfall.example") != "none" {
		t.Fatal("an invalid form registered the person")
	}
	res = c.PostForm("/arrangementer/"+ev+"/pamelding", url.Values{"answer": {"Nøtter"}, diet: {"=HYPERLINK(\"http://x\")"}, day: {"Onsdag"},
		topics: {"Plast", "Metall"}, dinner: {"ja"}, nights: {"1,5"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d\n%s", res.StatusCode, res.Body)
	}
	// The answers are shown back and may be changed until the deadline.
	page = c.Get("/arrangementer/" + ev)
	for _, want := range []string{"Dine svar", `value="Onsdag" checked`, `value="Metall" checked`, `value="ja" checked`, `value="1,5"`, "Lagre svarene"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the answers shown back lack %q", want)
		}
	}
	if res := c.PostForm("/arrangementer/"+ev+"/svar", url.Values{diet: {""}, day: {"Tirsdag"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("clearing a required answer: %d", res.StatusCode)
	}
	if res := c.PostForm("/arrangementer/"+ev+"/svar", url.Values{"answer": {"Skalldyr"}, diet: {"=HYPERLINK(\"http://x\")"}, day: {"Tirsdag"}, topics: {"Glass"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change answers: %d", res.StatusCode)
	}
	if queryInt(t, `SELECT count(*) FROM registration_answers a JOIN registrations r ON r.id = a.registration_id
		WHERE r.event_id = $1 AND a.answer = '{Tirsdag}'`, ev) != 1 || queryInt(t, `SELECT count(*) FROM registrations WHERE event_id = $1 AND answer = 'Skalldyr'`, ev) != 1 {
		t.Error("the changed answers are not kept")
	}
	if queryInt(t, `SELECT count(*) FROM registration_answers a JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = $1 AND a.question_id = $2`,
		ev, strings.TrimPrefix(dinner, "q")) != 0 {
		t.Error("an answer left empty in the change is still kept")
	}

	// The organiser's table has a column per question, and so does the CSV, formulas neutralised.
	table := admin.Get("/arrangementer/" + ev + "/deltakere").Body
	for _, want := range []string{`<th scope="col">Kostbehov</th>`, `<th scope="col">Antall netter</th>`, "Glass", "Tirsdag"} {
		if !strings.Contains(table, want) {
			t.Errorf("the attendee table lacks %q", want)
		}
	}
	csv := admin.Get("/arrangementer/" + ev + "/deltakere.csv").Body
	if !strings.Contains(csv, "Kostbehov;Hvilken dag?;Tema;Middag?;Antall netter") || !strings.Contains(csv, `"'=HYPERLINK(""http://x"")"`) || !strings.Contains(csv, "Skalldyr") {
		t.Errorf("the CSV lacks the question columns or a neutralised formula:\n%s", csv)
	}

	// Changing answered questions: the words may change, the kind may not, a chosen choice stays.
	q := "/arrangementer/" + ev + "/sporsmal/" + strings.TrimPrefix(day, "q")
	if res := admin.PostForm(q, url.Values{"label": {"Hvilken dag?"}, "kind": {"one"}, "choices": {"Onsdag\nTorsdag"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "«Tirsdag» er valgt av noen av de påmeldte og kan ikke fjernes.") {
		t.Errorf("removing a chosen choice: %d", res.StatusCode)
	}
	if res := admin.PostForm(q, url.Values{"label": {"Hvilken dag?"}, "kind": {"short"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("changing the kind of an answered question: %d", res.StatusCode)
	}
	if res := admin.PostForm(q, url.Values{"label": {"Hvilken dag passer?"}, "kind": {"one"}, "choices": {"Tirsdag\nOnsdag\nTorsdag"}, "required": {"ja"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("renaming an answered question: %d", res.StatusCode)
	}
	if res := admin.PostForm(q+"/slett", nil); res.StatusCode != http.StatusSeeOther || queryInt(t, `SELECT count(*) FROM event_questions WHERE id = $1`, strings.TrimPrefix(day, "q")) != 1 {
		t.Errorf("an answered question was deleted: %d", res.StatusCode)
	}
	if res := admin.PostForm("/arrangementer/"+ev+"/sporsmal/"+strings.TrimPrefix(nights, "q")+"/flytt", url.Values{"retning": {"opp"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("move: %d", res.StatusCode)
	}
	if !strings.Contains(c.Get("/arrangementer/"+ev).Body, "Hvilken dag passer?") || !strings.Contains(admin.Get("/arrangementer/"+ev+"/deltakere").Body, "Tirsdag") {
		t.Error("the answer is not readable under the renamed question")
	}
	// Members may not touch the form.
	assertRefused(t, "member adds a question", c.PostForm("/arrangementer/"+ev+"/sporsmal", url.Values{"label": {"x"}, "kind": {"short"}}))
	assertRefused(t, "member reads the questions page", c.Get("/arrangementer/"+ev+"/sporsmal"))

	// After the deadline the answers are shown, not changeable, and a forged change is refused.
	execSQL(t, `UPDATE events SET registration_closes_at = now() - interval '1 minute' WHERE id = $1`, ev)
	page = c.Get("/arrangementer/" + ev)
	if strings.Contains(page.Body, "Lagre svarene") || !strings.Contains(page.Body, "Fristen for å endre svarene er ute.") || !strings.Contains(page.Body, "Tirsdag") {
		t.Error("after the deadline the answers are still editable or not shown")
	}
	if res := c.PostForm("/arrangementer/"+ev+"/svar", url.Values{diet: {"Ingen"}, day: {"Onsdag"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("answers changed after the deadline: %d", res.StatusCode)
	}
	// Someone not registered has no answers to change.
	if res := newClient(t).Login("ansatt@las.example").PostForm("/arrangementer/"+ev+"/svar", url.Values{diet: {"x"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("answers of someone not registered: %d", res.StatusCode)
	}
}

func TestCompanyAdminRegistersColleagueWithoutAnswers(t *testing.T) {
	ev := testEvent(t, "Skjema for kolleger", "")
	addQuestion(t, ev, url.Values{"label": {"Kostbehov"}, "kind": {"short"}, "required": {"ja"}})
	admin := newClient(t).Login("admin@vefas.example")
	res := admin.PostForm("/arrangementer/"+ev+"/pamelding", url.Values{"user": {idStr(userID(t, "ansatt@vefas.example"))}})
	if res.StatusCode != http.StatusSeeOther || regStatus(t, ev, "ansatt@vefas.example") != "confirmed" {
		t.Fatalf("a company admin's registration of a colleague: %d", res.StatusCode)
	}
	// The colleague fills in the required answer afterwards.
	page := newClient(t).Login("ansatt@vefas.example").Get("/arrangementer/" + ev)
	if !strings.Contains(page.Body, "Ikke besvart") && !strings.Contains(page.Body, "Lagre svarene") {
		t.Error("the colleague is not asked for the answers")
	}
}
