package web_test

import (
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// forgedForm is a form of an area sent with fields it does not have (owner, company, status,
// capacity, author): the submission may succeed or be refused, but the result must show that
// every forged field was ignored.
type forgedForm struct {
	name string
	as   string
	// send makes the object if needed and returns where to post and the forged form.
	send func(t *testing.T) (string, url.Values)
	// check returns what is wrong with the database afterwards ("" when every forged field was ignored).
	check func(t *testing.T) string
	// multipart: the form is sent as multipart/form-data.
	multipart bool
}

var forgedForms = []forgedForm{
	{
		name: "registration", as: "ansatt@vefas.example",
		send: func(t *testing.T) (string, url.Values) {
			ev := testEvent(t, "Fullt arrangement", "capacity = 1")
			if res := newClient(t).Login("ansatt@haf.example").PostForm("/arrangementer/"+ev+"/pamelding", nil); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("the first registration: status %d", res.StatusCode)
			}
			return "/arrangementer/" + ev + "/pamelding", url.Values{"answer": {"Ingen"}, "status": {"confirmed"}, "capacity": {"100"},
				"company_id": {idStr(queryInt(t, `SELECT id FROM companies WHERE slug = 'haf'`))}, "user_id": {idStr(userID(t, "ansatt@las.example"))},
				"registered_by": {idStr(userID(t, leader))}, "confirmed_at": {"2026-01-01"}}
		},
		check: func(t *testing.T) string {
			got := queryString(t, `SELECT e.capacity || ' ' || string_agg(u.email || ':' || r.status || ':' || c.slug || ':' || coalesce(rb.email, ''), ',' ORDER BY r.id)
				FROM events e JOIN registrations r ON r.event_id = e.id JOIN users u ON u.id = r.user_id JOIN companies c ON c.id = r.company_id
				LEFT JOIN users rb ON rb.id = r.registered_by WHERE e.title = 'Fullt arrangement' GROUP BY e.capacity`)
			if want := "1 ansatt@haf.example:confirmed:haf:ansatt@haf.example,ansatt@vefas.example:waitlisted:vefas:ansatt@vefas.example"; got != want {
				return "registrations " + got + ", want " + want
			}
			return ""
		},
	},
	{
		name: "event", as: leader,
		send: func(t *testing.T) (string, url.Values) {
			removeNewRows(t, "events")
			v := eventForm("Smuglet arrangement")
			v.Set("status", "published")
			v.Set("created_by", idStr(userID(t, "ansatt@las.example")))
			v.Set("created_at", "2000-01-01")
			v.Set("id", "1")
			return "/arrangementer/nytt", v
		},
		check: func(t *testing.T) string {
			if got := queryString(t, `SELECT string_agg(e.status || ':' || u.email || ':' || (e.created_at > now() - interval '1 hour'), ',') FROM events e
				JOIN users u ON u.id = e.created_by WHERE e.title = 'Smuglet arrangement'`); got != "draft:"+leader+":true" {
				return "the event is " + got
			}
			return ""
		},
	},
	{
		name: "forum reply", as: "ansatt@fimil.example",
		send: func(t *testing.T) (string, url.Values) {
			removeNewRows(t, "forum_threads")
			th := hostileThread(t, "ansatt@iris-salten.example")
			return th + "/svar", url.Values{"body": {"Smuglet svar"}, "skjema": {formKeyValue()}, "author_id": {idStr(userID(t, "direktor@las.example"))},
				"seq": {"1"}, "thread_id": {"1"}, "hidden_at": {""}, "deleted_at": {"2026-01-01"}}
		},
		check: func(t *testing.T) string {
			if got := queryString(t, `SELECT coalesce(string_agg(u.email || ':' || p.seq || ':' || (p.deleted_at IS NULL), ','), '') FROM forum_posts p
				JOIN users u ON u.id = p.author_id WHERE p.body_md = 'Smuglet svar'`); got != "ansatt@fimil.example:2:true" {
				return "the reply is " + got
			}
			return ""
		},
	},
	{
		name: "consultation input", as: "ansatt@fimil.example",
		send: func(t *testing.T) (string, url.Values) {
			c := consultationPath(addConsultation(t, "Høring med smuglede felt", "open", "5 days", ""))
			return c + "/innspill", url.Values{"input": {"Smuglet innspill"}, "company_id": {idStr(queryInt(t, `SELECT id FROM companies WHERE slug = 'hrs'`))},
				"company": {"hrs"}, "author_id": {idStr(userID(t, "direktor@hrs.example"))}}
		},
		check: func(t *testing.T) string {
			if got := queryString(t, `SELECT coalesce(string_agg(c.slug || ':' || u.email, ','), '') FROM consultation_inputs i JOIN companies c ON c.id = i.company_id
				JOIN users u ON u.id = i.author_id WHERE i.body_md = 'Smuglet innspill'`); got != "fimil:ansatt@fimil.example" {
				return "the input is " + got
			}
			return ""
		},
	},
	{
		name: "news", as: "admin@vefas.example", multipart: true,
		send: func(t *testing.T) (string, url.Values) {
			removeNewRows(t, "news")
			return "/nyheter/ny", url.Values{"kind": {"story"}, "title": {"Smuglet nyhet"}, "ingress": {"En historie om noe som gikk bra."}, "body": {"Mer **tekst**."},
				"author_id": {idStr(userID(t, leader))}, "company_id": {idStr(queryInt(t, `SELECT id FROM companies WHERE slug = 'hrs'`))}, "published_at": {"2000-01-01"}}
		},
		check: func(t *testing.T) string {
			if got := queryString(t, `SELECT coalesce(string_agg(u.email || ':' || c.slug || ':' || (n.published_at > now() - interval '1 hour'), ','), '') FROM news n
				JOIN users u ON u.id = n.author_id JOIN companies c ON c.id = n.company_id WHERE n.title = 'Smuglet nyhet'`); got != "admin@vefas.example:vefas:true" {
				return "the news item is " + got
			}
			return ""
		},
	},
	{
		name: "activity", as: "direktor@iris-salten.example",
		send: func(t *testing.T) (string, url.Values) {
			removeNewRows(t, "activities")
			return "/arshjul/aktivitet/ny", url.Values{"title": {"Smuglet aktivitet"}, "focus_area": {"1"}, "starts_on": {"2026-05-05"}, "ends_on": {"2026-05-05"},
				"status": {"planlagt"}, "created_by": {idStr(userID(t, leader))}, "id": {"1"}}
		},
		check: func(t *testing.T) string {
			if got := queryString(t, `SELECT coalesce(string_agg(u.email, ','), '') FROM activities a JOIN users u ON u.id = a.created_by
				WHERE a.title = 'Smuglet aktivitet'`); got != "direktor@iris-salten.example" {
				return "the activity was made by " + got
			}
			return ""
		},
	},
	{
		name: "indicator report", as: "admin@haf.example",
		send: func(t *testing.T) (string, url.Values) {
			dropReport(t, "haf", 2015)
			dropReport(t, "iris-salten", 2015)
			newClient(t).Login("admin@haf.example").PostForm("/nokkeltall/rapporter", url.Values{"selskap": {"haf"}, "ar-start": {"2015"}})
			return "/nokkeltall/rapporter/haf/2015", url.Values{"verdi-kundetilfredshet": {"61"}, "handling": {"lagre"}, "selskap": {"iris-salten"},
				"company_id": {idStr(queryInt(t, `SELECT id FROM companies WHERE slug = 'iris-salten'`))}, "status": {"submitted"}, "ar": {"2014"}}
		},
		check: func(t *testing.T) string {
			if got := queryString(t, `SELECT coalesce(string_agg(c.slug || ':' || r.year || ':' || r.status || ':' || v.value::int, ','), '') FROM indicator_reports r
				JOIN companies c ON c.id = r.company_id JOIN indicator_values v ON v.report_id = r.id WHERE v.value = 61`); got != "haf:2015:draft:61" {
				return "the values are in " + got
			}
			return ""
		},
	},
}

func TestForgedFieldsInEveryAreaAreIgnored(t *testing.T) {
	for _, f := range forgedForms {
		t.Run(f.name, func(t *testing.T) {
			path, form := f.send(t)
			h := newHostileClient(t, f.as)
			h.multipart = f.multipart
			if res := h.post(path, form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("POST %s: status %d, want 303 (the forged fields ignored)", path, res.StatusCode)
			}
			if msg := f.check(t); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// formulaStarts are the first characters that make a spreadsheet run a cell as a formula.
const formulaStarts = "=+-@\t\r"

// export is a CSV export of the portal with hostile text planted in what it shows.
type export struct {
	name, as string
	// plant puts formulas into the rows the export shows and returns its address and the planted texts.
	plant func(t *testing.T) (string, []string)
}

// plantText sets column of the rows of table matching where to text until the test ends.
func plantText(t *testing.T, table, column, where, text string) {
	t.Helper()
	old := queryString(t, `SELECT `+column+` FROM `+table+` WHERE `+where+` LIMIT 1`)
	execSQL(t, `UPDATE `+table+` SET `+column+` = $1 WHERE `+where, text)
	t.Cleanup(func() { execSQL(t, `UPDATE `+table+` SET `+column+` = $1 WHERE `+where, old) })
}

var exports = []export{
	{
		name: "event participants", as: leader,
		plant: func(t *testing.T) (string, []string) {
			ev := testEvent(t, "Eksport med formler", "question = 'Allergier?'")
			plantText(t, "users", "name", `email = 'ansatt@haf.example'`, `=HYPERLINK("http://evil.example")`)
			plantText(t, "users", "title", `email = 'ansatt@haf.example'`, `-2+3`)
			plantText(t, "companies", "name", `slug = 'haf'`, `@SUM(1+1)`)
			if res := newClient(t).Login("ansatt@haf.example").PostForm("/arrangementer/"+ev+"/pamelding", url.Values{"answer": {`+47 99 00 00 00`}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("register: status %d", res.StatusCode)
			}
			return "/arrangementer/" + ev + "/deltakere.csv", []string{`=HYPERLINK("http://evil.example")`, `@SUM(1+1)`, `+47 99 00 00 00`}
		},
	},
	{
		name: "årshjul", as: "ansatt@vefas.example",
		plant: func(t *testing.T) (string, []string) {
			id := queryInt(t, `INSERT INTO activities (title, description, focus_area_id, starts_on, ends_on, status, company_id, responsible_user_id)
				VALUES ('=1+2', '-cmd|'' /C calc''!A0', 1, '2026-03-01', '2026-03-02', 'planlagt', (SELECT id FROM companies WHERE slug = 'senja-avfall'),
				(SELECT id FROM users WHERE email = 'direktor@senja-avfall.example')) RETURNING id`)
			t.Cleanup(func() { execSQL(t, `DELETE FROM activities WHERE id = $1`, id) })
			plantText(t, "companies", "name", `slug = 'senja-avfall'`, "\t=1")
			plantText(t, "users", "name", `email = 'direktor@senja-avfall.example'`, `+SUM(1)`)
			return "/arshjul/2026/arshjul.csv", []string{`=1+2`, `-cmd|' /C calc'!A0`, "\t=1", `+SUM(1)`}
		},
	},
	{
		name: "indicators", as: "ansatt@vefas.example",
		plant: func(t *testing.T) (string, []string) {
			year := queryInt(t, `SELECT max(year) FROM indicator_reports WHERE status = 'submitted'`)
			slug := queryString(t, `SELECT c.slug FROM companies c JOIN indicator_reports r ON r.company_id = c.id WHERE r.year = $1 AND r.status = 'submitted' ORDER BY c.slug LIMIT 1`, year)
			plantText(t, "companies", "name", `slug = '`+slug+`'`, `=HYPERLINK("http://evil.example")`)
			plantText(t, "indicators", "name", `slug = 'kundetilfredshet'`, `@Kundetilfredshet`)
			plantText(t, "indicators", "unit", `slug = 'kundetilfredshet'`, `+poeng`)
			return "/nokkeltall/eksport.csv?ar=" + idStr(year), []string{`=HYPERLINK("http://evil.example")`, `@Kundetilfredshet`, `+poeng`}
		},
	},
}

func TestEveryExportDefusesFormulas(t *testing.T) {
	for _, e := range exports {
		t.Run(e.name, func(t *testing.T) {
			path, planted := e.plant(t)
			res := newHostileClient(t, e.as).get(path)
			if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
				t.Fatalf("GET %s: status %d, %q", path, res.StatusCode, res.Header.Get("Content-Type"))
			}
			r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff")))
			r.Comma = ';'
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("the export is no CSV: %v", err)
			}
			cells := map[string]bool{}
			for _, row := range rows {
				for _, cell := range row {
					cells[cell] = true
					if cell != "" && strings.ContainsRune(formulaStarts, rune(cell[0])) {
						t.Errorf("cell %q starts a formula", cell)
					}
				}
			}
			for _, p := range planted {
				if !cells["'"+p] {
					t.Errorf("%q is not in the export as the text '%s", p, p)
				}
			}
		})
	}
}

// Every parameter that leads somewhere after a request: each must stay on this site.
func TestRedirectParametersStayOnTheSite(t *testing.T) {
	cleanIPThrottle(t)
	targets := []string{"https://evil.example/", "//evil.example", `/\evil.example`, "/%2F%2Fevil.example", "javascript:alert(1)", " //evil.example", "\t//evil.example", "https:evil.example"}
	for _, next := range targets {
		// The login form's next, by address and by form field.
		if res := newHostileClient(t, "ansatt@las.example").get("/logg-inn?next=" + url.QueryEscape(next)); res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusBadRequest {
			t.Errorf("signed in, GET /logg-inn?next=%q: status %d", next, res.StatusCode)
		}
		anon := newHostileClient(t, "")
		anon.get("/logg-inn")
		anon.post("/logg-inn", url.Values{"email": {"ansatt@las.example"}, "password": {"feil passord"}, "next": {next}})
		// Through the second factor: next is kept in the session until the code is given.
		admin := newHostileClient(t, "")
		admin.get("/logg-inn")
		if res := admin.post("/logg-inn", url.Values{"email": {leader}, "password": {webtest.DemoPassword}, "next": {next}}); res.Header.Get("Location") != "/logg-inn/kode" {
			t.Fatalf("the password step: status %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		if res := admin.post("/logg-inn/kode", url.Values{"code": {webtest.TOTPCode(t, leader)}, "next": {next}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Errorf("next=%q through the code step: status %d to %q", next, res.StatusCode, res.Header.Get("Location"))
		}
	}
	// Every form of the suite with a hostile next in the address and the form: the answer stays here
	// (the hostile client fails on any Location off the site).
	for _, f := range hostileForms {
		t.Run(f.name, func(t *testing.T) {
			who := formUser(t, f)
			h := newHostileClient(t, who)
			h.multipart = f.multipart
			path := f.path(t, who)
			v := f.valid(t)
			v.Set("next", "https://evil.example/")
			v.Set("tilbake", "//evil.example")
			if f.undo != nil {
				t.Cleanup(func() { f.undo(t, who) })
			}
			if res := h.post(path+"?next=https://evil.example/&tilbake=//evil.example", v); res.StatusCode >= 400 && res.StatusCode != http.StatusConflict {
				t.Errorf("a valid submission with a next: status %d", res.StatusCode)
			}
		})
	}
}

// Every filter, sort and paging parameter of every list, with SQL and markup in it: never a 500,
// never echoed raw, and nothing changes.
func TestFiltersAndSortsWithHostileValues(t *testing.T) {
	lists := map[string][]string{
		"/personer":                 {"q", "selskap", "gruppe", "etter"},
		"/dokumenter":               {"q", "fokus", "tema", "tagg", "selskap", "type", "sortering", "ar", "etter"},
		"/forum/sok":                {"q", "side"},
		"/forum/generelt":           {"etter"},
		"/arrangementer":            {"omrade", "maned", "etter", "start"},
		"/arrangementer/tidligere":  {"omrade", "etter"},
		"/arshjul/2026":             {"status", "start", "omrade", "fokus"},
		"/arshjul/2026/arshjul.csv": {"status", "fokus"},
		"/horinger/arkiv":           {"q", "etter"},
		"/nyheter":                  {"etter"},
		"/nokkeltall":               {"ar", "selskap"},
		"/nokkeltall/eksport.csv":   {"ar"},
		"/varsler":                  {"for"},
	}
	values := []string{`'; DROP TABLE users; --`, `1' OR '1'='1`, `1 ORDER BY 1--`, `title DESC; SELECT pg_sleep(5)`, `") UNION SELECT password_hash FROM users --`,
		`%' OR 1=1 --`, `\'`, `<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `-1`, `99999999999999999999999`, `2026-13-45`}
	h := newHostileClient(t, "admin@las.example")
	before := databaseFingerprint(t)
	for list, params := range lists {
		for _, p := range params {
			for _, v := range values {
				path := list + "?" + url.Values{p: {v}}.Encode()
				res := h.get(path)
				switch res.StatusCode {
				case http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusUnprocessableEntity:
				default:
					t.Errorf("GET %s: status %d", path, res.StatusCode)
				}
				if strings.ContainsAny(v, `<>"`) && strings.Contains(res.Body, v) {
					t.Errorf("GET %s: the value is echoed unescaped", path)
				}
			}
		}
	}
	if after := databaseFingerprint(t); after != before {
		t.Errorf("GET requests changed the database:\n%s", diffLines(before, after))
	}
	// Sorts are whitelisted: an unknown sort lists as the default does (or is refused), never by the column named.
	def := h.get("/dokumenter")
	for _, sort := range []string{"title", "id DESC", "tittel; DROP TABLE documents", "1", "(SELECT 1)"} {
		res := h.get("/dokumenter?sortering=" + url.QueryEscape(sort))
		if res.StatusCode == http.StatusOK && strings.Join(docTitles(res.Body), "|") != strings.Join(docTitles(def.Body), "|") {
			t.Errorf("sortering=%q orders the list differently from the default", sort)
		}
	}
	// The searches show what was searched for, escaped.
	for _, search := range []string{"/dokumenter?q=", "/forum/sok?q=", "/horinger/arkiv?q="} {
		payload := `<b>"fett"</b>`
		if res := h.get(search + url.QueryEscape(payload)); res.StatusCode == http.StatusOK && !strings.Contains(res.Body, html.EscapeString(payload)) && !strings.Contains(res.Body, "&lt;b&gt;&#34;fett&#34;&lt;/b&gt;") {
			t.Errorf("GET %s: the search is not shown back escaped", search)
		}
	}
}
