package web_test

import (
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/web/webtest"
)

// Cancelling asks first: the event page links to a confirmation page (no form that cancels at
// once), which names the event, warns that the seat goes to the waitlist, and holds the form.
func TestCancellingARegistrationAsksFirst(t *testing.T) {
	ev := testEvent(t, "Avmeldingstest", "capacity = 1")
	a := newClient(t).Login("ansatt@senja-avfall.example")
	if res := a.PostForm("/arrangementer/"+ev+"/pamelding", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: status %d", res.StatusCode)
	}
	b := newClient(t).Login("ansatt@fimil.example")
	b.PostForm("/arrangementer/"+ev+"/pamelding", nil) // on the waitlist
	page := a.Get("/arrangementer/" + ev)
	if strings.Contains(page.Body, `action="/arrangementer/`+ev+`/avmelding"`) {
		t.Error("the event page has a form that cancels without asking")
	}
	if !strings.Contains(page.Body, `href="/arrangementer/`+ev+`/avmelding"`) {
		t.Fatal("the event page does not link to the confirmation")
	}
	confirm := a.Get("/arrangementer/" + ev + "/avmelding")
	if confirm.StatusCode != http.StatusOK || !strings.Contains(confirm.Body, "Vil du melde deg av?") ||
		!strings.Contains(confirm.Body, "Avmeldingstest") || !strings.Contains(confirm.Body, "første på ventelisten") ||
		!strings.Contains(confirm.Body, `action="/arrangementer/`+ev+`/avmelding"`) {
		t.Fatalf("confirmation page: status %d, no question, event, warning or form", confirm.StatusCode)
	}
	if got := regStatus(t, ev, "ansatt@senja-avfall.example"); got != "confirmed" {
		t.Fatalf("looking at the confirmation cancelled the registration: %s", got)
	}
	if res := a.PostForm("/arrangementer/"+ev+"/avmelding", nil); res.StatusCode != http.StatusSeeOther || regStatus(t, ev, "ansatt@senja-avfall.example") != "none" {
		t.Error("confirming did not cancel")
	}
	// The waitlisted one (now promoted) and nobody else: someone with nothing to cancel is sent
	// back; a colleague's page is only for the company's admin.
	if res := newClient(t).Login("ansatt@hrs.example").Get("/arrangementer/" + ev + "/avmelding"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("nothing to cancel: status %d, want 303 back to the event", res.StatusCode)
	}
	other := idStr(userID(t, "ansatt@fimil.example"))
	if res := newClient(t).Login("admin@hrs.example").Get("/arrangementer/" + ev + "/avmelding?bruker=" + other); res.StatusCode != http.StatusNotFound {
		t.Errorf("another company's admin asking to cancel for fimil: status %d, want 404", res.StatusCode)
	}
	if res := newClient(t).Login("admin@fimil.example").Get("/arrangementer/" + ev + "/avmelding?bruker=" + other); res.StatusCode != http.StatusOK ||
		!strings.Contains(res.Body, `name="user" value="`+other+`"`) {
		t.Errorf("the company admin's confirmation for a colleague: status %d, or no hidden user field", res.StatusCode)
	}
}

// An empty login asks for the fields, in an error summary that names them, links to them and
// takes focus; it is not a failed attempt ("Feil e-post eller passord").
func TestEmptyLoginAsksForTheFields(t *testing.T) {
	res := newClient(t).PostForm("/logg-inn", url.Values{"email": {""}, "password": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	for _, want := range []string{`href="#email">Skriv e-postadressen din.`, `href="#password">Skriv passordet ditt.`, `autofocus`, `aria-invalid="true"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the answer lacks %s", want)
		}
	}
	if strings.Contains(res.Body, "Feil e-post eller passord") {
		t.Error("an empty form is answered as a wrong password")
	}
	only := newClient(t).PostForm("/logg-inn", url.Values{"email": {"ansatt@hrs.example"}, "password": {""}})
	if strings.Contains(only.Body, `href="#email"`) || !strings.Contains(only.Body, `href="#password"`) || !strings.Contains(only.Body, `value="ansatt@hrs.example"`) {
		t.Error("with the address typed, only the password is asked for and the address is kept")
	}
}

// The error summary names each field: "Tittel må fylles ut.", not "Feltet må fylles ut.".
func TestErrorSummaryNamesTheField(t *testing.T) {
	c := newClient(t).Login("ansatt@hrs.example")
	res := c.PostForm("/forum/plukkanalyser/ny", url.Values{"title": {""}, "body": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	if !strings.Contains(res.Body, `<a class="ds-link" href="#title">Tittel må fylles ut.</a>`) {
		t.Errorf("the summary does not name the title field:\n%s", between(res.Body, "ds-error-summary", "</ul>"))
	}
}

// Browsers asking for /favicon.ico get the portal's icon, and every page links it.
func TestFavicon(t *testing.T) {
	c := newClient(t)
	res := c.Get("/favicon.ico")
	if res.StatusCode != http.StatusMovedPermanently || !strings.HasPrefix(res.Header.Get("Location"), "/static/favicon.") {
		t.Fatalf("/favicon.ico: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if icon := c.Get(res.Header.Get("Location")); icon.StatusCode != http.StatusOK || icon.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("the icon: status %d, type %q", icon.StatusCode, icon.Header.Get("Content-Type"))
	}
	if page := c.Get("/logg-inn"); !strings.Contains(page.Body, `<link rel="icon" href="`+res.Header.Get("Location")+`"`) {
		t.Error("the page does not link the icon")
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}

// fileFirstRequest posts the upload form as a browser sends it now that the file comes first:
// the file part, then the other fields.
func fileFirstRequest(t *testing.T, fields url.Values, filename string, content io.Reader) *http.Request {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		fw, err := mw.CreateFormFile("file", filename)
		if err == nil {
			_, err = io.Copy(fw, content)
		}
		for k, vs := range fields {
			for _, v := range vs {
				if err == nil {
					err = mw.WriteField(k, v)
				}
			}
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, webtest.Origin+"/dokumenter", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", webtest.Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	t.Cleanup(func() { pr.Close() })
	return req
}

// A file over the limit (well over: 30 MB, past the body limit a form has) brings the same form
// back with the message beside the file field and everything else typed kept, not a bare 413
// page; the file field is the form's first. A good file sent first is stored with its fields.
func TestTooLargeUploadKeepsTheTypedFields(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	if page := c.Get("/dokumenter/ny"); strings.Index(page.Body, `id="file"`) > strings.Index(page.Body, `id="title"`) {
		t.Error("the file field is not the upload form's first")
	}
	before := documentCount(t)
	fields := url.Values{"title": {"Årsrapport med vedlegg"}, "tags": {"rapport, årsmelding"}, "description": {"Skrevet før filen ble for stor."}}
	res := c.Do(fileFirstRequest(t, fields, "stor.pdf", newRandomPDF(30<<20, 3)))
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413 with the form", res.StatusCode)
	}
	body := mainOf(res.Body)
	for _, want := range []string{`id="file-feil"`, "Filen er større enn 25 MB", `value="Årsrapport med vedlegg"`, `value="rapport, årsmelding"`, "Skrevet før filen ble for stor.", `href="#file">Fil: filen er større enn 25 MB`} {
		if !strings.Contains(body, want) {
			t.Errorf("the form that came back lacks %s", want)
		}
	}
	if !strings.Contains(res.Body, `class="site-user"`) {
		t.Error("the answer looks logged out (no header with the person)")
	}
	if n := documentCount(t); n != before {
		t.Errorf("%d documents after the refused upload, want %d", n, before)
	}
	ok := c.Do(fileFirstRequest(t, url.Values{"title": {"Liten fil først"}}, "notat.txt", strings.NewReader("Et kort notat om plukkanalyser.\n")))
	if ok.StatusCode != http.StatusSeeOther {
		t.Fatalf("a good upload with the file first: status %d\n%s", ok.StatusCode, mainOf(ok.Body))
	}
	if queryInt(t, `SELECT count(*) FROM documents WHERE title = 'Liten fil først'`) != 1 {
		t.Error("the fields after the file were not stored")
	}
}

// Forms speak plain Norwegian: no "Markdown" (how to format is behind a disclosure), and the
// document page and the audit log keep checksums and raw records behind «Tekniske detaljer».
func TestNoJargonOnTheForms(t *testing.T) {
	c := newClient(t).Login("klyngeleder@remiks.example")
	for _, path := range []string{"/forum/plukkanalyser/ny", "/dokumenter/ny", "/nyheter/ny", "/arshjul/aktivitet/ny", "/arrangementer/nytt", "/horinger/ny", "/horinger/1"} {
		res := c.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, res.StatusCode)
			continue
		}
		if strings.Contains(res.Body, "Markdown") {
			t.Errorf("%s says Markdown", path)
		}
	}
	forum := c.Get("/forum/plukkanalyser/ny").Body
	if i, j := strings.Index(forum, "<details"), strings.Index(forum, "[[dok:123]]"); i < 0 || j < i {
		t.Error("the document-link notation is not behind the disclosure")
	}
	doc := c.Get("/dokumenter/1").Body
	if strings.Contains(doc, `<th scope="col">SHA-256</th>`) || !strings.Contains(doc, "Tekniske detaljer") {
		t.Error("the document page shows SHA-256 in its table, or has no technical details disclosure")
	}
	c.PostForm("/medlemmer/remiks/brukere/inviter", url.Values{"email": {"ny.kollega@remiks.example"}, "name": {"Ny Kollega"}, "title": {"Rådgiver"}, "role": {"member"}})
	log := c.Get("/admin/logg").Body
	if !strings.Contains(log, "Tekniske detaljer") {
		t.Error("the audit log shows no technical details disclosure")
	}
	if i := strings.Index(log, "<tbody>"); i < 0 || strings.Contains(between(log[i:], "<td", "<details"), "{&#34;") {
		t.Error("the audit log shows a raw record outside the disclosure")
	}
}

// The årshjul's legend explains the red «I dag» line only on a wheel that has it.
func TestTodayInTheLegendOnlyOnTheCurrentYear(t *testing.T) {
	c := newClient(t).Login("ansatt@hrs.example")
	year := time.Now().Year()
	if res := c.Get("/arshjul/" + strconv.Itoa(year)); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, ">I dag</text>") {
		t.Errorf("this year's wheel (status %d) has no «I dag» in its legend", res.StatusCode)
	}
	for _, y := range []int{year - 1, year + 1} {
		if res := c.Get("/arshjul/" + strconv.Itoa(y)); res.StatusCode != http.StatusOK || strings.Contains(res.Body, ">I dag</text>") {
			t.Errorf("the wheel of %d (status %d) has «I dag» in its legend", y, res.StatusCode)
		}
	}
}

// A role in the middle of a sentence is written in lower case: «…, medlem i Hålogaland …».
func TestRoleInASentenceIsLowerCase(t *testing.T) {
	res := newClient(t).Login("ansatt@hrs.example").Get("/meg")
	if !strings.Contains(res.Body, "ansatt@hrs.example, medlem i <a") {
		t.Errorf("/meg does not say «…, medlem i»: %s", between(res.Body, "Du er logget inn som", "</a>"))
	}
}
