package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database/dbtest"
)

// addConsultation inserts a consultation with the given status whose internal deadline is
// inputIn from now (a PostgreSQL interval), and removes it when the test ends.
func addConsultation(t *testing.T, title, status, inputIn, draft string) int64 {
	t.Helper()
	id := queryInt(t, `
		INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id, status, draft_md, draft_html, final_md, final_html, sent_on)
		VALUES ($1, 'Miljødirektoratet', (now() + interval '30 days')::date, now() + $2::interval, 2, $3, $4, CASE WHEN $4 = '' THEN '' ELSE '<p>' || $4 || '</p>' END,
		        CASE WHEN $3 = 'sent' THEN 'Endelig svar' ELSE '' END, CASE WHEN $3 = 'sent' THEN '<p>Endelig svar</p>' ELSE '' END,
		        CASE WHEN $3 = 'sent' THEN now()::date END)
		RETURNING id`, title, inputIn, status, draft)
	t.Cleanup(func() { execSQL(t, `DELETE FROM consultations WHERE id = $1`, id) })
	return id
}

var (
	archiveTitle = regexp.MustCompile(`>(Arkivhøring \d{3})<`)
	nextLink     = regexp.MustCompile(`href="([^"]+)">Vis flere<`)
)

func poolOf(t *testing.T) *pgxpool.Pool { return dbtest.Pool(t) }

func consultationPath(id int64) string { return "/horinger/" + idStr(id) }

func inputOf(t *testing.T, id int64, slug string) (count int64, body string) {
	t.Helper()
	count = queryInt(t, `SELECT count(*) FROM consultation_inputs i JOIN companies c ON c.id = i.company_id WHERE i.consultation_id = $1 AND c.slug = $2`, id, slug)
	if count > 0 {
		body = queryString(t, `SELECT i.body_md || ' / ' || u.email FROM consultation_inputs i JOIN companies c ON c.id = i.company_id JOIN users u ON u.id = i.author_id WHERE i.consultation_id = $1 AND c.slug = $2`, id, slug)
	}
	return count, body
}

func TestOneInputPerCompanyASecondIsAnEdit(t *testing.T) {
	id := addConsultation(t, "Høring om innspill", "open", "5 days", "")
	res := newClient(t).Login("ansatt@hrs.example").PostForm(consultationPath(id)+"/innspill", url.Values{"input": {"Første innspill fra HRS"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first input: status %d", res.StatusCode)
	}
	director := newClient(t).Login("direktor@hrs.example")
	if res := director.PostForm(consultationPath(id)+"/innspill", url.Values{"input": {"Endret innspill fra HRS"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second input: status %d", res.StatusCode)
	}
	n, body := inputOf(t, id, "hrs")
	if n != 1 || body != "Endret innspill fra HRS / direktor@hrs.example" {
		t.Fatalf("after two inputs from HRS: %d rows, %q; want one edited row by the director", n, body)
	}
	page := director.Get(consultationPath(id))
	if !strings.Contains(page.Body, "Endret innspill fra HRS") || strings.Contains(page.Body, "Første innspill") {
		t.Error("the page does not show the edited input only")
	}
	if !strings.Contains(page.Body, "Innspill fra medlemmene (1 av 11)") {
		t.Error("the page does not count one input")
	}
}

func TestNoInputAfterTheInternalDeadline(t *testing.T) {
	for _, tc := range []struct{ name, status, in string }{
		{"deadline passed", "open", "-1 hour"},
		{"no longer open", "in_progress", "5 days"},
		{"sent", "sent", "5 days"},
	} {
		id := addConsultation(t, "Høring "+tc.name, tc.status, tc.in, "")
		c := newClient(t).Login("ansatt@las.example")
		res := c.PostForm(consultationPath(id)+"/innspill", url.Values{"input": {"For sent"}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Innspillet ble ikke lagret") {
			t.Errorf("%s: status %d, want 409 saying the input was not saved", tc.name, res.StatusCode)
		}
		if n, _ := inputOf(t, id, "las"); n != 0 {
			t.Errorf("%s: the input was saved", tc.name)
		}
		if page := c.Get(consultationPath(id)); strings.Contains(page.Body, `action="/horinger/`+idStr(id)+`/innspill"`) {
			t.Errorf("%s: the page still offers the input form", tc.name)
		}
	}
}

func TestOnlyTheCompanysOwnPeopleWriteItsInput(t *testing.T) {
	id := addConsultation(t, "Høring om eget selskap", "open", "5 days", "")
	newClient(t).Login("ansatt@hrs.example").PostForm(consultationPath(id)+"/innspill", url.Values{"input": {"HRS mener dette"}})

	// A member of another company cannot write HRS's input, whatever the form says.
	other := newClient(t).Login("admin@vefas.example")
	hrs := idStr(queryInt(t, `SELECT id FROM companies WHERE slug = 'hrs'`))
	res := other.PostForm(consultationPath(id)+"/innspill", url.Values{"input": {"Overskrevet av Vefas"}, "company_id": {hrs}, "company": {"hrs"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", res.StatusCode)
	}
	if _, body := inputOf(t, id, "hrs"); body != "HRS mener dette / ansatt@hrs.example" {
		t.Errorf("HRS's input was changed by Vefas: %q", body)
	}
	if _, body := inputOf(t, id, "vefas"); body != "Overskrevet av Vefas / admin@vefas.example" {
		t.Errorf("Vefas's input went astray: %q", body)
	}
	// Members of other companies read HRS's input, and their form holds their own.
	page := other.Get(consultationPath(id))
	if !strings.Contains(page.Body, "HRS mener dette") {
		t.Error("another company's member cannot read HRS's input")
	}
	form := page.Body[strings.Index(page.Body, `name="input"`):]
	form = form[:strings.Index(form, "</textarea>")]
	if strings.Contains(form, "HRS mener") || !strings.Contains(form, "Overskrevet av Vefas") {
		t.Errorf("the input form of Vefas holds %q", form)
	}
}

func TestInputIsValidated(t *testing.T) {
	id := addConsultation(t, "Høring med validering", "open", "5 days", "")
	c := newClient(t).Login("ansatt@haf.example")
	for name, input := range map[string]string{"empty": "   ", "control": "Innspill\x01", "too long": strings.Repeat("a", 50001)} {
		res := c.PostForm(consultationPath(id)+"/innspill", url.Values{"input": {input}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="input-feil"`) || !strings.Contains(res.Body, "ds-error-summary") {
			t.Errorf("%s: status %d, want 422 with the message beside the field", name, res.StatusCode)
		}
	}
	if n, _ := inputOf(t, id, "haf"); n != 0 {
		t.Error("an invalid input was saved")
	}
	// Markdown is sanitised: no script survives.
	c.PostForm(consultationPath(id)+"/innspill", url.Values{"input": {"**Viktig** <script>alert(1)</script> [x](javascript:alert(1))"}})
	page := c.Get(consultationPath(id))
	if !strings.Contains(page.Body, "<strong>Viktig</strong>") || strings.Contains(page.Body, "<script>alert") || strings.Contains(page.Body, `href="javascript:`) {
		t.Error("the input's Markdown is not rendered safely")
	}
}

func stanceOf(t *testing.T, id int64, slug string) string {
	t.Helper()
	n := queryInt(t, `SELECT count(*) FROM consultation_stances s JOIN companies c ON c.id = s.company_id WHERE s.consultation_id = $1 AND c.slug = $2`, id, slug)
	if n == 0 {
		return "none"
	}
	return queryString(t, `SELECT s.stands_behind::text FROM consultation_stances s JOIN companies c ON c.id = s.company_id WHERE s.consultation_id = $1 AND c.slug = $2`, id, slug)
}

func TestOnlyCompanyAdminsAndDirectorsMarkTheirCompanysStand(t *testing.T) {
	id := addConsultation(t, "Høring med utkast", "in_progress", "-1 day", "Utkast til svar")
	path := consultationPath(id) + "/standpunkt"

	member := newClient(t).Login("ansatt@hrs.example")
	assertRefused(t, "a member", member.PostForm(path, url.Values{"stand": {"ja"}}))
	if s := stanceOf(t, id, "hrs"); s != "none" {
		t.Fatalf("a member set the stand: %s", s)
	}
	if strings.Contains(member.Get(consultationPath(id)).Body, `action="`+path+`"`) {
		t.Error("a member is offered the stand buttons")
	}

	if res := newClient(t).Login("admin@hrs.example").PostForm(path, url.Values{"stand": {"ja"}, "company": {"vefas"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("company admin: status %d", res.StatusCode)
	}
	director := newClient(t).Login("direktor@iris-salten.example")
	if res := director.PostForm(path, url.Values{"stand": {"nei"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("director: status %d", res.StatusCode)
	}
	if res := director.PostForm(path, url.Values{"stand": {"kanskje"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown stand: status %d, want 400", res.StatusCode)
	}
	got := map[string]string{"hrs": stanceOf(t, id, "hrs"), "iris-salten": stanceOf(t, id, "iris-salten"), "vefas": stanceOf(t, id, "vefas")}
	want := map[string]string{"hrs": "true", "iris-salten": "false", "vefas": "none"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stands %v, want %v", got, want)
	}

	// Members of other companies read the stands, but cannot change them.
	reader := newClient(t).Login("ansatt@vefas.example")
	page := html.UnescapeString(reader.Get(consultationPath(id)).Body)
	if !strings.Contains(page, ">Stiller seg bak<") || !strings.Contains(page, ">Stiller seg ikke bak<") {
		t.Error("the stand of HRS is not shown to other members")
	}
	assertRefused(t, "a member of another company", reader.PostForm(path, url.Values{"stand": {"nei"}, "company": {"hrs"}}))
	if s := stanceOf(t, id, "hrs"); s != "true" {
		t.Errorf("HRS's stand changed to %s", s)
	}
}

func TestClusterAdminRegistersAndRecordsTheFinalResponse(t *testing.T) {
	member := newClient(t).Login("admin@hrs.example")
	assertRefused(t, "company admin form", member.Get("/horinger/ny"))
	assertRefused(t, "company admin post", member.PostForm("/horinger/ny", url.Values{"title": {"Snik"}}))

	admin := newClient(t).Login("klyngeleder@remiks.example")
	if res := admin.PostForm("/horinger/ny", url.Values{"title": {""}, "authority_deadline": {"i morgen"}, "status": {"open"}, "focus_area": {"2"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `id="title-feil"`) || !strings.Contains(res.Body, `id="authority_deadline-feil"`) || !strings.Contains(res.Body, `id="input_deadline-feil"`) {
		t.Fatalf("invalid form: status %d, want 422 with messages", res.StatusCode)
	}
	form := url.Values{"title": {"Høring om produsentansvar for tekstiler"}, "authority": {"Miljødirektoratet"}, "link": {"https://www.miljodirektoratet.no/horinger/"},
		"authority_deadline": {"2030-03-01"}, "input_deadline": {"2030-02-15T12:00"}, "focus_area": {"2"}, "status": {"open"},
		"draft": {"## Merknader\n\nVi støtter forslaget."}}
	res := admin.PostForm("/horinger/ny", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	id := queryInt(t, `SELECT id FROM consultations WHERE title = 'Høring om produsentansvar for tekstiler'`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM consultations WHERE id = $1`, id) })
	if loc != consultationPath(id) {
		t.Errorf("redirect to %q", loc)
	}
	page := admin.Get(loc).Body
	for _, want := range []string{"15. februar 2030 kl. 12.00", "1. mars 2030", "En samlet stemme", "<h4>Merknader</h4>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	newClient(t).Login("admin@hrs.example").PostForm(loc+"/standpunkt", url.Values{"stand": {"ja"}})
	newClient(t).Login("direktor@las.example").PostForm(loc+"/standpunkt", url.Values{"stand": {"nei"}})

	// Sent without a date or final text is refused; with them, the page shows who stood behind.
	form.Set("status", "sent")
	if res := admin.PostForm(loc+"/rediger", form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="sent_on-feil"`) {
		t.Fatalf("sent without date: status %d", res.StatusCode)
	}
	form.Set("sent_on", "2030-02-28")
	form.Set("final", "Klyngen støtter forslaget.")
	if res := admin.PostForm(loc+"/rediger", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sent: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM audit_log WHERE action IN ('consultation.create', 'consultation.update') AND target_id = $1`, id); n != 2 {
		t.Errorf("%d audit entries for the consultation, want 2", n)
	}
	page = html.UnescapeString(newClient(t).Login("ansatt@fimil.example").Get(loc).Body)
	backers := page[strings.Index(page, "Selskapene som stilte seg bak svaret (1)"):]
	backers = backers[:strings.Index(backers, "</ul>")]
	if !strings.Contains(backers, "<li>HRS</li>") || strings.Contains(backers, "LAS") {
		t.Errorf("backers: %q", backers)
	}
	if !strings.Contains(page, "28. februar 2030") || !strings.Contains(page, "Klyngen støtter forslaget.") {
		t.Error("the final response or its date is missing")
	}
}

func TestArchiveSearchIsNorwegianFullText(t *testing.T) {
	addConsultation(t, "Endringer i forskriftene om emballasje", "sent", "-10 days", "")
	addConsultation(t, "Regler for deponering av slam", "closed", "-10 days", "")
	addConsultation(t, "Åpen høring om forskriftene for næringsavfall", "open", "5 days", "")
	c := newClient(t).Login("ansatt@reno-vest.example")
	res := c.Get("/horinger/arkiv?q=forskrift")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, "Endringer i forskriftene om emballasje") {
		t.Error("the stemmed search did not find 'forskriftene' for 'forskrift'")
	}
	if strings.Contains(res.Body, "deponering") || strings.Contains(res.Body, "næringsavfall") {
		t.Error("the search shows what does not match, or an open consultation in the archive")
	}
	for _, q := range []string{`"& | ! ( :*`, "-", strings.Repeat("ø", 300)} {
		if res := c.Get("/horinger/arkiv?q=" + url.QueryEscape(q) + "&etter=tull"); res.StatusCode != http.StatusOK {
			t.Errorf("search for %q: status %d", q, res.StatusCode)
		}
	}
	// A control character never reaches the search: the address is refused with a message.
	if res := c.Get("/horinger/arkiv?q=" + url.QueryEscape("ab\x00")); res.StatusCode != http.StatusBadRequest {
		t.Errorf("search with a NUL: status %d, want 400", res.StatusCode)
	}
	all := c.Get("/horinger/arkiv").Body
	if !strings.Contains(all, "deponering") {
		t.Error("the archive without a query lacks a closed consultation")
	}
	list := c.Get("/horinger").Body
	current := list[strings.Index(list, `id="aktuelle"`):strings.Index(list, `id="tidligere"`)]
	if !strings.Contains(current, "næringsavfall") || strings.Contains(current, "deponering") || strings.Contains(current, "emballasje") {
		t.Error("the list of current consultations is wrong")
	}
	if recent := list[strings.Index(list, `id="tidligere"`):]; !strings.Contains(recent, "deponering") {
		t.Error("the latest closed consultation is not among the recent ones")
	}
}

func TestArchivePaginates(t *testing.T) {
	execSQL(t, `
		INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id, status, final_md, final_html, sent_on)
		SELECT 'Arkivhøring ' || lpad(i::text, 3, '0'), 'Departementet', date '2020-01-01' + i, now() - interval '1 year', 1, 'sent', 'x', '<p>x</p>', date '2020-01-01' + i
		FROM generate_series(1, 45) i`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM consultations WHERE title LIKE 'Arkivhøring %'`) })
	c := newClient(t).Login("ansatt@reno-vest.example")
	seen := map[string]bool{}
	next := "/horinger/arkiv?q=Arkivh%C3%B8ring"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("too many pages")
		}
		body := c.Get(next).Body
		for _, m := range archiveTitle.FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				t.Errorf("%s on two pages", m[1])
			}
			seen[m[1]] = true
		}
		next = ""
		if m := nextLink.FindStringSubmatch(body); m != nil {
			next = html.UnescapeString(m[1])
		}
	}
	if len(seen) != 45 {
		t.Errorf("%d consultations over the pages, want 45", len(seen))
	}
}

func TestConsultationPagesQueryCountDoesNotGrow(t *testing.T) {
	id := addConsultation(t, "Høring med mye aktivitet", "open", "5 days", "Utkast")
	c := newClient(t).Login("admin@senja-avfall.example")
	pages := []string{"/horinger", "/horinger/arkiv", "/horinger/arkiv?q=avfall", consultationPath(id), "/nyheter"}
	measure := func() map[string]int64 {
		counts := map[string]int64{}
		for _, p := range pages {
			res := coldGet(t, c, p)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d", p, res.StatusCode)
			}
			counts[p] = res.Queries
		}
		return counts
	}
	before := measure()
	execSQL(t, `INSERT INTO consultation_inputs (consultation_id, company_id, body_md, body_html) SELECT $1, id, 'Innspill', '<p>Innspill</p>' FROM companies`, id)
	execSQL(t, `INSERT INTO consultation_stances (consultation_id, company_id, stands_behind) SELECT $1, id, true FROM companies`, id)
	execSQL(t, `INSERT INTO consultation_comments (consultation_id, author_id, body) SELECT $1, u.id, 'Kommentar ' || i FROM users u, generate_series(1, 3) i`, id)
	execSQL(t, `
		INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id, status, final_md, final_html, sent_on)
		SELECT 'Mengdehøring om avfall ' || i, 'Direktoratet', date '2021-01-01' + i, now() + make_interval(days => i), 1,
		       CASE WHEN i % 2 = 0 THEN 'open' ELSE 'sent' END, 'svar om avfall', '<p>svar</p>', date '2021-01-01' + i
		FROM generate_series(1, 150) i`)
	execSQL(t, `INSERT INTO news (title, ingress, body_md, body_html) SELECT 'Mengdenyhet ' || i, 'Ingress til nyheten', '', '' FROM generate_series(1, 100) i`)
	addDocuments(t, "senja-avfall", "Mengdehøringsdokument", 60)
	execSQL(t, `UPDATE documents SET consultation_id = $1 WHERE title LIKE 'Mengdehøringsdokument %'`, id)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM consultations WHERE title LIKE 'Mengdehøring %'`)
		execSQL(t, `DELETE FROM news WHERE title LIKE 'Mengdenyhet %'`)
	})
	after := measure()
	t.Logf("queries per page, little data: %v; much more data: %v", before, after)
	for _, p := range pages {
		if after[p] != before[p] || after[p] > 5 {
			t.Errorf("GET %s: %d queries with little data, %d with much more; want equal and at most 5", p, before[p], after[p])
		}
	}
	if n := strings.Count(c.Get(consultationPath(id)).Body, "Mengdehøringsdokument "); n != 20 {
		t.Errorf("the consultation page lists %d of its 60 documents, want 20", n)
	}
}

func TestMembersCommentOnTheDraft(t *testing.T) {
	noDraft := addConsultation(t, "Høring uten utkast", "open", "5 days", "")
	withDraft := addConsultation(t, "Høring med utkast til kommentar", "open", "5 days", "Utkastet")
	c := newClient(t).Login("ansatt@avfallsservice.example")
	if res := c.PostForm(consultationPath(noDraft)+"/kommentarer", url.Values{"comment": {"Hei"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a comment without a draft: status %d, want 409", res.StatusCode)
	}
	if res := c.PostForm(consultationPath(withDraft)+"/kommentarer", url.Values{"comment": {""}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="comment-feil"`) {
		t.Errorf("an empty comment: status %d, want 422 with a message", res.StatusCode)
	}
	if res := c.PostForm(consultationPath(withDraft)+"/kommentarer", url.Values{"comment": {"Bra utkast <b>!</b>"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: status %d", res.StatusCode)
	}
	page := newClient(t).Login("ansatt@fimil.example").Get(consultationPath(withDraft)).Body
	if !strings.Contains(page, "Bra utkast &lt;b&gt;!&lt;/b&gt;") || !strings.Contains(page, ", Avfallsservice – ") {
		t.Error("the comment is not shown, escaped, with its company")
	}
	if n := queryInt(t, `SELECT count(*) FROM consultation_comments WHERE consultation_id = $1`, noDraft); n != 0 {
		t.Error("a comment was saved without a draft")
	}
}
