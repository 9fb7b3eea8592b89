package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCompanyAdminEditsAddressesPhoneAndLogo(t *testing.T) {
	t.Cleanup(func() {
		execSQL(t, `UPDATE companies SET postal_address = '', phone = '' WHERE slug = 'haf'`)
		execSQL(t, `DELETE FROM company_logos WHERE company_id = (SELECT id FROM companies WHERE slug = 'haf')`)
	})
	admin := newClient(t).Login("admin@haf.example")
	form := url.Values{"name": {"Helgeland Avfallsforedling IKS"}, "short_name": {"HAF"}, "municipalities": {"Rana, Hemnes"},
		"address": {"Vika, Mo i Rana"}, "postal_address": {"Postboks 1, 8601 Mo i Rana"}, "phone": {"75 13 00 00"}, "website": {"https://haf.example"},
		"description": {"Avfallsselskapet på Helgeland."}}
	if res := admin.PostForm("/medlemmer/haf/rediger", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the profile: status %d", res.StatusCode)
	}
	bad := url.Values{"name": {"HAF"}, "phone": {"ring oss"}, "postal_address": {strings.Repeat("x", 301)}}
	if res := admin.PostForm("/medlemmer/haf/rediger", bad); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `id="phone-feil"`) || !strings.Contains(res.Body, `id="postal_address-feil"`) {
		t.Errorf("a bad phone and postal address: status %d", res.StatusCode)
	}

	// The logo: re-encoded, so the metadata and the payload after the image are gone.
	res := postNewsTo(t, admin, "/medlemmer/haf/logo", nil, "logo.png", testPNG(t))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("uploading the logo: status %d", res.StatusCode)
	}
	viewer := newClient(t).Login("ansatt@las.example")
	page := viewer.Get("/medlemmer/haf").Body
	for _, want := range []string{"Postboks 1, 8601 Mo i Rana", `href="tel:75130000"`, "Besøksadresse", `src="/medlemmer/haf/logo"`, `alt="Logoen til Helgeland Avfallsforedling IKS"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the company page lacks %q", want)
		}
	}
	logo := viewer.Get("/medlemmer/haf/logo")
	if logo.StatusCode != http.StatusOK || logo.Header.Get("Content-Type") != "image/png" || logo.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("the logo: status %d, %v", logo.StatusCode, logo.Header)
	}
	if strings.Contains(logo.Body, "SECRET-METADATA") || strings.Contains(logo.Body, "<script>") || !bytes.HasPrefix([]byte(logo.Body), []byte("\x89PNG")) {
		t.Error("the logo was not re-encoded")
	}
	// A file that is not an image, or whose name lies about it, is refused beside the field.
	for name, data := range map[string][]byte{"logo.png": []byte("not an image at all"), "logo.jpg": testPNG(t)} {
		res := postNewsTo(t, admin, "/medlemmer/haf/logo", nil, name, data)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="logo-feil"`) {
			t.Errorf("%s: status %d, want 422 with the error beside the field", name, res.StatusCode)
		}
	}
	if res := postNewsTo(t, admin, "/medlemmer/haf/logo", nil, "", nil); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("no file: status %d, want 422", res.StatusCode)
	}
	// Another company's admin and a member may not change it.
	other := newClient(t).Login("admin@fimil.example")
	for _, c := range []*struct {
		who  string
		resp int
	}{{"admin@fimil.example", postNewsTo(t, other, "/medlemmer/haf/logo", nil, "logo.png", testPNG(t)).StatusCode},
		{"admin@fimil.example remove", other.PostForm("/medlemmer/haf/logo/slett", nil).StatusCode},
		{"ansatt@las.example", postNewsTo(t, viewer, "/medlemmer/haf/logo", nil, "logo.png", testPNG(t)).StatusCode}} {
		if c.resp != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", c.who, c.resp)
		}
	}
	if res := admin.PostForm("/medlemmer/haf/logo/slett", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing the logo: status %d", res.StatusCode)
	}
	if res := viewer.Get("/medlemmer/haf/logo"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a removed logo: status %d, want 404", res.StatusCode)
	}
	if strings.Contains(viewer.Get("/medlemmer/haf").Body, `src="/medlemmer/haf/logo"`) {
		t.Error("the page still shows the removed logo")
	}
}

func TestCompanyPageShowsContactsFiguresAndActivityTheViewerMaySee(t *testing.T) {
	searchFixture(t) // direktor@las.example posts in generelt and in the directors' forum
	execSQL(t, `UPDATE companies SET contact_user_id = (SELECT id FROM users WHERE email = 'direktor@las.example') WHERE slug = 'las'`)
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, organiser_company_id)
		SELECT t, 'seminar', now() + interval '3 days', now() + interval '3 days 1 hour', s, c.id
		FROM companies c, (VALUES ('LAS-seminar om ombruk', 'published'), ('LAS-utkast', 'draft')) v(t, s) WHERE c.slug = 'las'`)
	execSQL(t, `WITH r AS (INSERT INTO indicator_reports (company_id, year, status, submitted_at)
			SELECT id, 2031, 'submitted', now() FROM companies WHERE slug = 'las' RETURNING id)
		INSERT INTO indicator_values (report_id, indicator_id, value) SELECT r.id, i.id, 1234.5 FROM r, (SELECT id FROM indicators ORDER BY id LIMIT 1) i`)
	t.Cleanup(func() {
		execSQL(t, `UPDATE companies SET contact_user_id = NULL WHERE slug = 'las'`)
		execSQL(t, `DELETE FROM events WHERE title IN ('LAS-seminar om ombruk', 'LAS-utkast')`)
		execSQL(t, `DELETE FROM indicator_reports WHERE year = 2031 AND company_id = (SELECT id FROM companies WHERE slug = 'las')`)
	})
	indicator := queryString(t, `SELECT name FROM indicators ORDER BY id LIMIT 1`)
	outsider := newClient(t).Login("ansatt@vefas.example")
	page := outsider.Get("/medlemmer/las").Body
	for _, want := range []string{"Kontaktpersoner", "direktor@las.example", "admin@las.example", "Nøkkeltall", indicator, "2031",
		"Tråd om kvernsteinsaken", "Rapport om fjordbunnkartlegging", "LAS-seminar om ombruk"} {
		if !strings.Contains(page, want) {
			t.Errorf("the company page lacks %q", want)
		}
	}
	if i, j := strings.Index(page, "direktor@las.example"), strings.Index(page, "admin@las.example"); i > j {
		t.Error("the chosen contact person is not first")
	}
	if contacts := page[strings.Index(page, `id="kontakt"`):strings.Index(page, `id="nokkeltall"`)]; strings.Contains(contacts, "ansatt@las.example") {
		t.Error("a member who is neither contact nor admin is listed as a contact")
	}
	for _, hidden := range []string{"toppsekretfjord", "LAS-utkast"} {
		if strings.Contains(page, hidden) {
			t.Errorf("an outsider sees %q on the company page", hidden)
		}
	}
	if !strings.Contains(newClient(t).Login("direktor@vefas.example").Get("/medlemmer/las").Body, "Lukket toppsekretfjord-tråd") {
		t.Error("a member of the directors' forum does not see the company's post there")
	}
}
