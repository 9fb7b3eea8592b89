package web_test

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/news"
)

// The area forms under the hostile-input suite: forum, events, årshjul, indicators,
// consultations, news and documents. Each is one entry, as in hostileForms.
func init() {
	hostileForms = append(hostileForms, areaForms...)
	restrictedObjects = append(restrictedObjects, areaObjects...)
}

const leader = "klyngeleder@remiks.example" // a cluster admin (with the second factor)

// removeNewRows deletes, when the test ends, the rows of table made during it.
func removeNewRows(t *testing.T, table string) {
	t.Helper()
	last := queryInt(t, `SELECT coalesce(max(id), 0) FROM `+table)
	t.Cleanup(func() { execSQL(t, `DELETE FROM `+table+` WHERE id > $1`, last) })
}

// formKeyValue is a fresh one-time form key, as the forum forms carry.
func formKeyValue() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// hostileThread starts a thread in the generelt forum as email and returns its address.
func hostileThread(t *testing.T, email string) string {
	t.Helper()
	return startThread(t, newClient(t).Login(email), "generelt", "Tråd for fiendtlig innhold", "Første innlegg.")
}

// latestThread is the address of the newest thread email started.
func latestThread(t *testing.T, email string) string {
	t.Helper()
	return queryString(t, `SELECT '/forum/' || f.slug || '/' || th.id FROM forum_threads th JOIN forums f ON f.id = th.forum_id
		JOIN forum_posts p ON p.thread_id = th.id AND p.seq = 1 WHERE p.author_id = $1 ORDER BY th.id DESC LIMIT 1`, userID(t, email))
}

// ownDocument uploads a document as email and returns its address.
func ownDocument(t *testing.T, email, title string) string {
	t.Helper()
	loc := uploaded(t, newClient(t).Login(email), title, "notat.txt", []byte("Notat "+title+"\n"))
	id := strings.TrimPrefix(loc, "/dokumenter/")
	t.Cleanup(func() { execSQL(t, `DELETE FROM documents WHERE id = $1`, id) })
	return loc
}

// lastRow is the address of the newest row of table under prefix ("/arshjul/aktivitet/", …).
func lastRow(table, prefix string) func(*testing.T, string) string {
	return func(t *testing.T, _ string) string {
		return prefix + idStr(queryInt(t, `SELECT max(id) FROM `+table))
	}
}

var areaForms = []hostileForm{
	{
		name: "forum thread", as: freshMember("vefas"), path: fixed("/forum/generelt/ny"), creates: "forum_threads",
		valid: func(*testing.T) url.Values {
			return url.Values{"title": {"Hvordan sorterer dere tekstiler?"}, "body": {"Vi prøver **nye** sekker."}, "skjema": {formKeyValue()}}
		},
		text: []string{"title", "body"}, multiline: []string{"body"}, choice: []string{"skjema"},
		show: fixed("/forum/generelt"),
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM forum_posts WHERE submit_key = $1`, v.Get("skjema"))
		},
	},
	{
		name: "forum reply", as: freshMember("haf"), creates: "forum_threads",
		path: func(t *testing.T, as string) string { return hostileThread(t, as) + "/svar" },
		valid: func(*testing.T) url.Values {
			return url.Values{"body": {"Enig, det virker."}, "skjema": {formKeyValue()}}
		},
		text: []string{"body"}, multiline: []string{"body"}, choice: []string{"skjema"},
		show: func(t *testing.T, as string) string { return latestThread(t, as) + "?fra=1" },
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM forum_posts WHERE submit_key = $1`, v.Get("skjema"))
		},
	},
	{
		name: "forum post edit", as: freshMember("fimil"), creates: "forum_threads",
		path:  func(t *testing.T, as string) string { return hostileThread(t, as) + "/innlegg/1/rediger" },
		valid: func(*testing.T) url.Values { return url.Values{"body": {"Rettet innlegg."}} },
		text:  []string{"body"}, multiline: []string{"body"},
		show: func(t *testing.T, as string) string { return latestThread(t, as) },
	},
	{
		name: "forum post hidden by a moderator", as: func(*testing.T) string { return leader }, creates: "forum_threads",
		path: func(t *testing.T, _ string) string {
			email, _ := freshUser(t, "las", "member")
			return hostileThread(t, email) + "/innlegg/1/skjul"
		},
		valid: func(*testing.T) url.Values { return url.Values{"reason": {"Personopplysninger"}} },
		text:  []string{"reason"},
	},
	{
		name: "event", as: func(*testing.T) string { return leader }, path: fixed("/arrangementer/nytt"), creates: "events",
		valid: func(*testing.T) url.Values {
			v := eventForm(unique("Fagdag om fiendtlige skjema "))
			v.Set("question", "Allergier?")
			return v
		},
		text: []string{"title", "place", "description", "question"}, multiline: []string{"description"},
		choice: []string{"kind", "focus_area_id", "topic_id", "capacity", "group_id", "organiser_company_id", "starts_at"},
		show:   lastRow("events", "/arrangementer/"),
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM events WHERE title = $1`, v.Get("title"))
		},
	},
	{
		name: "event edit", as: func(*testing.T) string { return leader },
		path: func(t *testing.T, _ string) string {
			return "/arrangementer/" + testEvent(t, "Redigeres fiendtlig", "") + "/rediger"
		},
		valid: func(*testing.T) url.Values { return eventForm("Redigeres fiendtlig") },
		text:  []string{"title", "place", "description"}, multiline: []string{"description"},
		choice: []string{"kind", "capacity", "company_cap", "ends_at"},
		show:   lastRow("events", "/arrangementer/"),
	},
	{
		name: "mail to participants", as: func(*testing.T) string { return leader },
		path: func(t *testing.T, _ string) string {
			return "/arrangementer/" + testEvent(t, "Epost fiendtlig", "") + "/epost"
		},
		valid: func(*testing.T) url.Values {
			return url.Values{"subject": {"Parkering"}, "body": {"Parker bak hallen."}}
		},
		text: []string{"subject", "body"}, multiline: []string{"body"},
	},
	{
		name: "registration", as: freshMember("iris-salten"),
		path: func(t *testing.T, _ string) string {
			return "/arrangementer/" + testEvent(t, "Påmelding fiendtlig", "capacity = 1000, company_cap = NULL") + "/pamelding"
		},
		valid: func(*testing.T) url.Values { return url.Values{"answer": {"Glutenfri, takk"}} },
		text:  []string{"answer"}, multiline: []string{"answer"}, choice: []string{"user"},
		undo: func(t *testing.T, as string) {
			execSQL(t, `DELETE FROM registrations WHERE user_id = $1`, userID(t, as))
		},
		show: func(t *testing.T, _ string) string { return "/arrangementer/" + eventID(t, "Påmelding fiendtlig") },
		count: func(t *testing.T, _ url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM registrations r JOIN events e ON e.id = r.event_id WHERE e.title = 'Påmelding fiendtlig' AND r.status <> 'cancelled'`)
		},
	},
	{
		name: "activity", as: func(*testing.T) string { return leader }, path: fixed("/arshjul/aktivitet/ny"), creates: "activities",
		valid: func(*testing.T) url.Values {
			return url.Values{"title": {unique("Fagdag om tekstiler ")}, "focus_area": {"1"}, "topic": {"2"}, "starts_on": {"2026-12-20"}, "ends_on": {"2027-01-10"},
				"status": {"planlagt"}, "description": {"Innsamling av **tekstiler**."}}
		},
		text: []string{"title", "description"}, multiline: []string{"description"},
		choice: []string{"focus_area", "topic", "status", "company", "responsible", "starts_on"},
		show:   lastRow("activities", "/arshjul/aktivitet/"),
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM activities WHERE title = $1`, v.Get("title"))
		},
	},
	{
		name: "indicator", as: func(*testing.T) string { return leader }, path: fixed("/nokkeltall/indikatorer/ny"), creates: "indicators",
		valid: func(*testing.T) url.Values {
			return url.Values{"name": {unique("Andel elbiler ")}, "unit": {"%"}, "category": {"baerekraft"}, "direction": {"higher"}, "decimals": {"0"}, "description": {"Andel av egne kjøretøy."}}
		},
		text: []string{"name", "unit", "description"}, multiline: []string{"description"},
		choice: []string{"category", "direction", "decimals"},
		show:   fixed("/nokkeltall/indikatorer"),
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM indicators WHERE name = $1`, v.Get("name"))
		},
	},
	{
		name: "indicator report", as: func(*testing.T) string { return "admin@haf.example" },
		path: func(t *testing.T, as string) string {
			dropReport(t, "haf", 2016)
			if res := newClient(t).Login(as).PostForm("/nokkeltall/rapporter", url.Values{"selskap": {"haf"}, "ar-start": {"2016"}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("start the report: status %d", res.StatusCode)
			}
			return "/nokkeltall/rapporter/haf/2016"
		},
		valid: func(*testing.T) url.Values {
			return url.Values{"verdi-kundetilfredshet": {"77"}, "verdi-restavfall-per-innbygger": {"1 210"}, "handling": {"lagre"}}
		},
		text: []string{"verdi-kundetilfredshet", "verdi-restavfall-per-innbygger"}, choice: []string{"handling", "selskap"},
		show: fixed("/nokkeltall/rapporter/haf/2016"),
	},
	{
		name: "consultation", as: func(*testing.T) string { return leader }, path: fixed("/horinger/ny"), creates: "consultations",
		valid: func(*testing.T) url.Values {
			return url.Values{"title": {unique("Høring om produsentansvar ")}, "authority": {"Miljødirektoratet"}, "link": {"https://www.miljodirektoratet.no/horinger/"},
				"authority_deadline": {"2030-03-01"}, "input_deadline": {"2030-02-15T12:00"}, "focus_area": {"2"}, "status": {"open"},
				"summary": {"Kort om forslaget."}, "draft": {"## Merknader\n\nVi støtter forslaget."}}
		},
		text: []string{"title", "authority", "link", "summary", "draft"}, multiline: []string{"summary", "draft"},
		choice: []string{"focus_area", "status", "authority_deadline"},
		show:   lastRow("consultations", "/horinger/"),
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM consultations WHERE title = $1`, v.Get("title"))
		},
	},
	{
		name: "consultation input", as: func(*testing.T) string { return "ansatt@senja-avfall.example" },
		path: func(t *testing.T, _ string) string {
			return consultationPath(addConsultation(t, "Høring med fiendtlige innspill", "open", "5 days", "Utkast.")) + "/innspill"
		},
		valid: func(*testing.T) url.Values { return url.Values{"input": {"Vi mener **dette**."}} },
		text:  []string{"input"}, multiline: []string{"input"},
		show: func(t *testing.T, _ string) string {
			return consultationPath(queryInt(t, `SELECT max(id) FROM consultations WHERE title = 'Høring med fiendtlige innspill'`))
		},
	},
	{
		name: "consultation comment", as: func(*testing.T) string { return "ansatt@vefas.example" },
		path: func(t *testing.T, _ string) string {
			return consultationPath(addConsultation(t, "Høring med fiendtlige kommentarer", "open", "5 days", "Utkast.")) + "/kommentarer"
		},
		valid: func(*testing.T) url.Values { return url.Values{"comment": {unique("Godt utkast ")}} },
		text:  []string{"comment"}, multiline: []string{"comment"},
		show: func(t *testing.T, _ string) string {
			return consultationPath(queryInt(t, `SELECT max(id) FROM consultations WHERE title = 'Høring med fiendtlige kommentarer'`))
		},
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM consultation_comments WHERE body = $1`, v.Get("comment"))
		},
	},
	{
		name: "consultation stance", as: func(*testing.T) string { return "admin@las.example" },
		path: func(t *testing.T, _ string) string {
			return consultationPath(addConsultation(t, "Høring med fiendtlige standpunkt", "open", "5 days", "Utkast.")) + "/standpunkt"
		},
		valid:  func(*testing.T) url.Values { return url.Values{"stand": {"ja"}} },
		choice: []string{"stand", "company"},
	},
	{
		name: "news", as: func(*testing.T) string { return "admin@vefas.example" }, path: fixed("/nyheter/ny"), creates: "news", multipart: true,
		maxBody: 4*news.MaxImageBytes + 256<<10, // an image up to four times its limit is read past, so the form comes back
		valid: func(*testing.T) url.Values {
			return url.Values{"kind": {"story"}, "title": {unique("Ombruksboden ")}, "ingress": {"En historie om noe som gikk bra."}, "body": {"Mer **tekst**."}}
		},
		text: []string{"title", "ingress", "body"}, multiline: []string{"ingress", "body"}, choice: []string{"kind"},
		show: lastRow("news", "/nyheter/"),
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM news WHERE title = $1`, v.Get("title"))
		},
	},
	{
		name: "document details", as: func(*testing.T) string { return "ansatt@las.example" },
		path: func(t *testing.T, as string) string {
			return ownDocument(t, as, "Rutine for fiendtlig innhold") + "/rediger"
		},
		valid: func(*testing.T) url.Values {
			return url.Values{"title": {"Rutine for fiendtlig innhold"}, "description": {"Om **rutinen**."}, "tags": {"rutine, mottak"}}
		},
		text: []string{"title", "description", "tags"}, multiline: []string{"description"},
		choice: []string{"focus_area", "topic", "company", "group"},
		show:   lastRow("documents", "/dokumenter/"),
	},
}

var areaObjects = []restrictedObject{
	{
		name: "a thread in the direktørforum", outsider: "ansatt@las.example",
		gets: func(t *testing.T) []string {
			th := directorThread(t)
			return []string{"/forum/direktorforum", "/forum/direktorforum/ny", th, th + "/svar", th + "/svar?sitat=1", th + "/innlegg/1/rediger",
				"/forum/generelt/" + strings.TrimPrefix(th, "/forum/direktorforum/")}
		},
		posts: func(t *testing.T) map[string]url.Values {
			th := directorThread(t)
			form := url.Values{"body": {"Jeg snoker"}, "title": {"Snoking"}, "skjema": {formKeyValue()}, "nivaa": {"watching"}, "handling": {"pin"}, "reason": {"x"}}
			return map[string]url.Values{
				"/forum/direktorforum/ny": form, "/forum/direktorforum/lest": form, "/forum/direktorforum/folg": form,
				th + "/svar": form, th + "/folg": form, th + "/moderer": form,
				th + "/innlegg/1/rediger": form, th + "/innlegg/1/slett": form, th + "/innlegg/1/skjul": form,
				"/forum/generelt/" + strings.TrimPrefix(th, "/forum/direktorforum/") + "/svar": form, // the thread under an open forum's address
			}
		},
	},
	{
		name: "another member's forum post", outsider: "ansatt@vefas.example",
		gets: func(t *testing.T) []string { return []string{colleagueThread(t) + "/innlegg/1/rediger"} },
		posts: func(t *testing.T) map[string]url.Values {
			th := colleagueThread(t)
			return map[string]url.Values{
				th + "/innlegg/1/rediger": {"body": {"Overskrevet"}}, th + "/innlegg/1/slett": nil,
				th + "/innlegg/1/skjul": {"reason": {"Tull"}}, th + "/moderer": {"handling": {"lock"}},
			}
		},
	},
	{
		name: "an event for the direktørforum only", outsider: "ansatt@vefas.example",
		gets: func(t *testing.T) []string {
			ev := "/arrangementer/" + groupEvent(t)
			return []string{ev, ev + ".ics", ev + "/rediger", ev + "/deltakere", ev + "/deltakere.csv"}
		},
		posts: func(t *testing.T) map[string]url.Values {
			ev := "/arrangementer/" + groupEvent(t)
			return map[string]url.Values{ev + "/pamelding": {"answer": {"Jeg sniker meg inn"}}, ev + "/avmelding": nil}
		},
	},
	{
		name: "another company's registration", outsider: "admin@senja-avfall.example",
		posts: func(t *testing.T) map[string]url.Values {
			ev := testEvent(t, "Andres påmelding", "")
			if res := newClient(t).Login("ansatt@haf.example").PostForm("/arrangementer/"+ev+"/pamelding", nil); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("register: status %d", res.StatusCode)
			}
			other := idStr(userID(t, "ansatt@haf.example"))
			return map[string]url.Values{"/arrangementer/" + ev + "/avmelding": {"user": {other}}}
		},
	},
	{
		name: "a document for the direktørforum only", outsider: "ansatt@fimil.example",
		gets: func(t *testing.T) []string {
			d := restrictedDocument(t, "Fiendtlig lukket referat")
			return []string{d, d + "/last-ned", d + "/versjoner/1/last-ned", d + "/rediger"}
		},
		posts: func(t *testing.T) map[string]url.Values {
			d := "/dokumenter/" + idStr(queryInt(t, `SELECT max(id) FROM documents WHERE title = 'Fiendtlig lukket referat'`))
			return map[string]url.Values{d + "/rediger": {"title": {"Kapret"}}, d + "/slett": nil, d + "/versjoner": nil, d + "/gjenopprett": nil}
		},
	},
	{
		name: "another company's document", outsider: "admin@senja-avfall.example",
		posts: func(t *testing.T) map[string]url.Values {
			d := ownDocument(t, "ansatt@haf.example", "Fiendtlig rutine fra HAF")
			return map[string]url.Values{d + "/rediger": {"title": {"Kapret"}}, d + "/slett": nil, d + "/versjoner": nil}
		},
	},
	{
		name: "another company's indicator report", outsider: "admin@hrs.example",
		gets: func(t *testing.T) []string {
			return []string{"/nokkeltall/rapporter/iris-salten/2024", "/nokkeltall/rapporter/iris-salten/2019"}
		},
		posts: func(t *testing.T) map[string]url.Values {
			v := url.Values{"verdi-kundetilfredshet": {"99"}, "handling": {"send"}}
			return map[string]url.Values{
				"/nokkeltall/rapporter":                           {"selskap": {"iris-salten"}, "ar-start": {"2019"}},
				"/nokkeltall/rapporter/iris-salten/2024":          v,
				"/nokkeltall/rapporter/iris-salten/2019":          v,
				"/nokkeltall/rapporter/iris-salten/2024/import":   v,
				"/nokkeltall/rapporter/iris-salten/2024/gjenapne": nil,
			}
		},
	},
	{
		name: "another company's consultation stance and input", outsider: "ansatt@hrs.example",
		posts: func(t *testing.T) map[string]url.Values {
			c := consultationPath(addConsultation(t, "Høring om andres standpunkt", "open", "5 days", ""))
			return map[string]url.Values{c + "/standpunkt": {"stand": {"nei"}, "company": {"vefas"}}, c + "/rediger": {"title": {"Kapret"}}}
		},
	},
	{
		name: "another author's news", outsider: "admin@hrs.example",
		gets: func(t *testing.T) []string { return []string{othersNews(t) + "/rediger"} },
		posts: func(t *testing.T) map[string]url.Values {
			n := othersNews(t)
			return map[string]url.Values{n + "/rediger": {"title": {"Kapret"}}, n + "/slett": nil}
		},
	},
	{
		name: "an activity of the årshjul", outsider: "admin@las.example",
		gets: func(t *testing.T) []string {
			return []string{"/arshjul/aktivitet/ny", "/arshjul/aktivitet/" + anActivity(t) + "/rediger"}
		},
		posts: func(t *testing.T) map[string]url.Values {
			a := "/arshjul/aktivitet/" + anActivity(t)
			return map[string]url.Values{a + "/rediger": {"title": {"Kapret"}, "focus_area": {"1"}, "starts_on": {"2026-05-05"}, "ends_on": {"2026-05-05"}, "status": {"planlagt"}},
				a + "/slett": nil, "/arshjul/2026/kopier": nil}
		},
	},
}

// directorThread is a thread in the direktørforum (started once per test).
func directorThread(t *testing.T) string {
	t.Helper()
	if n := queryInt(t, `SELECT count(*) FROM forum_threads WHERE title = 'Fiendtlig fortrolig tråd'`); n == 0 {
		th := startThread(t, newClient(t).Login("direktor@las.example"), "direktorforum", "Fiendtlig fortrolig tråd", "Fortrolig.")
		t.Cleanup(func() { execSQL(t, `DELETE FROM forum_threads WHERE id = $1`, threadIDOf(t, th)) })
	}
	return "/forum/direktorforum/" + idStr(queryInt(t, `SELECT id FROM forum_threads WHERE title = 'Fiendtlig fortrolig tråd'`))
}

// colleagueThread is a thread in the generelt forum by a member of another company (started once per test).
func colleagueThread(t *testing.T) string {
	t.Helper()
	if n := queryInt(t, `SELECT count(*) FROM forum_threads WHERE title = 'Fiendtlig åpen tråd'`); n == 0 {
		th := startThread(t, newClient(t).Login("ansatt@iris-salten.example"), "generelt", "Fiendtlig åpen tråd", "Åpent innlegg.")
		t.Cleanup(func() { execSQL(t, `DELETE FROM forum_threads WHERE id = $1`, threadIDOf(t, th)) })
	}
	return "/forum/generelt/" + idStr(queryInt(t, `SELECT id FROM forum_threads WHERE title = 'Fiendtlig åpen tråd'`))
}

// groupEvent is a published event for the direktørforum only (made once per test).
func groupEvent(t *testing.T) string {
	t.Helper()
	if n := queryInt(t, `SELECT count(*) FROM events WHERE title = 'Fiendtlig direktørsamling'`); n == 0 {
		testEvent(t, "Fiendtlig direktørsamling", "group_id = (SELECT id FROM groups WHERE slug = 'direktorforum')")
	}
	return eventID(t, "Fiendtlig direktørsamling")
}

// othersNews is the address of a news item by admin@vefas.example (published once per test).
func othersNews(t *testing.T) string {
	t.Helper()
	if n := queryInt(t, `SELECT count(*) FROM news WHERE title = 'Fiendtlig nyhet fra Vefas'`); n == 0 {
		if res := postNews(t, newClient(t).Login("admin@vefas.example"), newsFields("Fiendtlig nyhet fra Vefas"), "", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: status %d", res.StatusCode)
		}
		t.Cleanup(func() { execSQL(t, `DELETE FROM news WHERE title = 'Fiendtlig nyhet fra Vefas'`) })
	}
	return "/nyheter/" + idStr(queryInt(t, `SELECT id FROM news WHERE title = 'Fiendtlig nyhet fra Vefas'`))
}

// anActivity is the id of a demo activity of the årshjul.
func anActivity(t *testing.T) string {
	t.Helper()
	return idStr(queryInt(t, `SELECT min(id) FROM activities`))
}
