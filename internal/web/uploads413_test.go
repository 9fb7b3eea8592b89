package web_test

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// browserForm posts a multipart form as a browser does: the fields before the file, the file,
// then the fields after it, with the length of the whole body known.
func browserForm(t *testing.T, c *webtest.Client, path string, before [][2]string, fileField, filename string, file []byte, after [][2]string) *webtest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range before {
		_ = mw.WriteField(f[0], f[1])
	}
	fw, _ := mw.CreateFormFile(fileField, filename)
	_, _ = fw.Write(file)
	for _, f := range after {
		_ = mw.WriteField(f[0], f[1])
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, webtest.Origin+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", webtest.Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// A news image over the 8 MB limit brings the same form back with 413, a Norwegian message
// beside the image field and everything typed kept (before and after the file), signed in; a
// good image with the same fields is then published.
func TestTooLargeNewsImageKeepsTheTypedFields(t *testing.T) {
	t.Cleanup(func() { execSQL(t, `DELETE FROM news WHERE title = 'Nyhet med for stort bilde'`) })
	c := newClient(t).Login("admin@vefas.example")
	before := [][2]string{{"kind", "story"}, {"title", "Nyhet med for stort bilde"}, {"ingress", "Skrevet før bildet ble for stort."}, {"body", "Brødtekst som ikke skal gå tapt."}}
	after := [][2]string{{"image_alt", "Ombruksboden i Alta"}}
	big := append(testPNG(t), bytes.Repeat([]byte{0}, 9<<20)...)
	res := browserForm(t, c, "/nyheter/ny", before, "image", "stort.png", big, after)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413 with the form", res.StatusCode)
	}
	body := html.UnescapeString(mainOf(res.Body))
	for _, want := range []string{`id="image-feil"`, "Bildet er større enn 8 MB", `value="Nyhet med for stort bilde"`, "Skrevet før bildet ble for stort.",
		"Brødtekst som ikke skal gå tapt.", `value="Ombruksboden i Alta"`, `href="#image"`, `<option value="story" selected`} {
		if !strings.Contains(body, want) {
			t.Errorf("the news form that came back lacks %s", want)
		}
	}
	if !strings.Contains(res.Body, `class="site-user"`) {
		t.Error("the answer looks logged out (no header with the person)")
	}
	if n := queryInt(t, `SELECT count(*) FROM news WHERE title = 'Nyhet med for stort bilde'`); n != 0 {
		t.Fatalf("%d news items after the refused upload", n)
	}
	if res := browserForm(t, c, "/nyheter/ny", before, "image", "bod.png", testPNG(t), after); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the same form with a good image: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	if n := queryInt(t, `SELECT count(*) FROM news n JOIN news_images i ON i.news_id = n.id WHERE n.title = 'Nyhet med for stort bilde' AND n.image_alt = 'Ombruksboden i Alta'`); n != 1 {
		t.Error("the news item with its image and the field after it was not stored")
	}
	// Editing: the same answer, and the stored item is unchanged.
	id := queryInt(t, `SELECT id FROM news WHERE title = 'Nyhet med for stort bilde'`)
	edit := "/nyheter/" + idStr(id) + "/rediger"
	changed := [][2]string{{"kind", "story"}, {"title", "Nyhet med for stort bilde, endret"}, {"ingress", "Ny ingress."}, {"body", "Ny tekst."}}
	res = browserForm(t, c, edit, changed, "image", "stort.png", big, after)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, `value="Nyhet med for stort bilde, endret"`) || !strings.Contains(res.Body, `id="image-feil"`) {
		t.Errorf("editing with a too large image: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM news WHERE id = $1 AND title = 'Nyhet med for stort bilde'`, id); n != 1 {
		t.Error("a refused edit changed the news item")
	}
}

// A CSV file over the 256 kB limit brings the report page back with 413, a Norwegian message
// linked to the file field and the draft's values, signed in, and imports nothing.
func TestTooLargeCSVImportKeepsTheReport(t *testing.T) {
	dropReport(t, "las", 2016)
	admin := newClient(t).Login("admin@las.example")
	admin.PostForm("/nokkeltall/rapporter", url.Values{"selskap": {"las"}, "ar-start": {"2016"}})
	if res := admin.PostForm("/nokkeltall/rapporter/las/2016", url.Values{"verdi-utsorteringsgrad-husholdningsavfall": {"41,7"}, "handling": {"lagre"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save draft: status %d", res.StatusCode)
	}
	big := []byte("indikator;verdi\n" + strings.Repeat("restavfall-per-innbygger;230\n", 40000)) // about 1,1 MB
	res := browserForm(t, admin, "/nokkeltall/rapporter/las/2016/import", nil, "fil", "verdier.csv", big, nil)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413 with the report page", res.StatusCode)
	}
	body := html.UnescapeString(mainOf(res.Body))
	for _, want := range []string{"Filen er større enn 256 kB", `href="#fil"`, `id="fil"`, `value="41,7"`, "Ingenting ble importert"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report page that came back lacks %s", want)
		}
	}
	if strings.Contains(body, "Linje 0") {
		t.Error("a message about the whole file is numbered as line 0")
	}
	if !strings.Contains(res.Body, `class="site-user"`) {
		t.Error("the answer looks logged out (no header with the person)")
	}
	if n := reportValues(t, "las", 2016); n != 1 {
		t.Errorf("%d values in the draft after the refused import, want the 1 saved", n)
	}
	// No file chosen: 422 with the page.
	if res := browserForm(t, admin, "/nokkeltall/rapporter/las/2016/import", nil, "fil", "", nil, nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Velg en CSV-fil å importere.") {
		t.Errorf("no file: status %d", res.StatusCode)
	}
}
