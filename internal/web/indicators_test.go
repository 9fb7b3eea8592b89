package web_test

import (
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/web/webtest"
)

// reportValues counts the stored values of a company's report for year.
func reportValues(t *testing.T, slug string, year int) int64 {
	return queryInt(t, `SELECT count(*) FROM indicator_values v JOIN indicator_reports r ON r.id = v.report_id
		JOIN companies c ON c.id = r.company_id WHERE c.slug = $1 AND r.year = $2`, slug, year)
}

func dropReport(t *testing.T, slug string, year int) {
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM indicator_reports WHERE year = $2 AND company_id = (SELECT id FROM companies WHERE slug = $1)`, slug, year)
	})
}

func TestIndicatorComparisonShowsEveryCompanyMedianBestAndDemoLabel(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	res := c.Get("/nokkeltall")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	body := html.UnescapeString(res.Body)
	for _, want := range []string{"Nøkkeltall", "Median i klyngen", "demodata", "Utsorteringsgrad husholdningsavfall", "Restavfall per innbygger",
		"Plukkanalyser", "Matavfall", ">Vefas", ">FIMIL", `class="compare__own"`, "<svg"} {
		if !strings.Contains(body, want) {
			t.Errorf("comparison lacks %q", want)
		}
	}
	if n := strings.Count(res.Body, `data-color="success" data-size="sm">best<`); n < 5 {
		t.Errorf("%d best marks, want one per indicator at least", n)
	}
	if strings.Contains(res.Body, "Rapporter nøkkeltall") {
		t.Error("a member is offered to report")
	}
	if n := strings.Count(res.Body, "<h1"); n != 1 {
		t.Errorf("%d h1", n)
	}
}

func TestIndicatorPagesRunABoundedNumberOfQueries(t *testing.T) {
	c := newClient(t).Login("admin@remiks.example")
	pages := []string{"/nokkeltall", "/nokkeltall?ar=2023", "/nokkeltall/indikatorer", "/nokkeltall/indikatorer/klimagassutslipp", "/nokkeltall/rapporter",
		"/nokkeltall/rapporter/remiks/" + strconv.Itoa(time.Now().Year()-1)}
	measure := func() map[string]int64 {
		out := map[string]int64{}
		for _, p := range pages {
			res := coldGet(t, c, p)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", p, res.StatusCode)
			}
			out[p] = res.Queries
		}
		return out
	}
	before := measure()
	// Many more years of submitted reports, with values and plukkanalyser.
	execSQL(t, `INSERT INTO indicator_reports (company_id, year, status, submitted_at)
		SELECT c.id, y, 'submitted', now() FROM companies c, generate_series(2001, 2015) y`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM indicator_reports WHERE year BETWEEN 2001 AND 2015`) })
	execSQL(t, `INSERT INTO indicator_values (report_id, indicator_id, value)
		SELECT r.id, i.id, 10 + r.year - 2000 FROM indicator_reports r, indicators i WHERE r.year BETWEEN 2001 AND 2015`)
	execSQL(t, `INSERT INTO pick_analyses (report_id, sampled_on, sample_kg) SELECT id, make_date(year, 5, 1), 500 FROM indicator_reports WHERE year BETWEEN 2001 AND 2015`)
	execSQL(t, `INSERT INTO pick_analysis_shares (report_id, fraction_id, share)
		SELECT r.id, f.id, CASE WHEN f.id = 7 THEN 40 ELSE 10 END FROM indicator_reports r, waste_fractions f WHERE r.year BETWEEN 2001 AND 2015`)
	after := measure()
	for _, p := range pages {
		t.Logf("%s: %d queries", p, after[p])
		if after[p] != before[p] || after[p] > 12 {
			t.Errorf("%s: %d queries, then %d with more data (want the same, at most 12)", p, before[p], after[p])
		}
	}
}

var svgBlock = regexp.MustCompile(`(?s)<svg.*?</svg>`)
var tagText = regexp.MustCompile(`<[^>]+>`)

// Every value drawn in a chart is also in the page's tables, and every SVG parses as XML.
func TestIndicatorChartsParseAndTheirValuesAreInTheTables(t *testing.T) {
	c := newClient(t).Login("ansatt@hrs.example")
	for _, path := range []string{"/nokkeltall/indikatorer/restavfall-per-innbygger?ar=2023", "/nokkeltall/indikatorer/klimagassutslipp", "/nokkeltall?ar=2024"} {
		res := c.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		svgs := svgBlock.FindAllString(res.Body, -1)
		if len(svgs) == 0 {
			t.Fatalf("%s: no charts", path)
		}
		tables := strings.Join(regexp.MustCompile(`(?s)<table.*?</table>`).FindAllString(res.Body, -1), "")
		cells := map[string]bool{}
		for _, cell := range regexp.MustCompile(`(?s)<t[dh][^>]*>(.*?)</t[dh]>`).FindAllStringSubmatch(tables, -1) {
			cells[strings.TrimSpace(strings.Fields(html.UnescapeString(tagText.ReplaceAllString(cell[1], " ")) + " ")[0])] = true
		}
		checked := 0
		for _, svg := range svgs {
			d := xml.NewDecoder(strings.NewReader(svg))
			for {
				_, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s: SVG does not parse: %v", path, err)
				}
			}
			// Bar values are written beside the bars; points and segments carry their value in a title.
			for _, m := range regexp.MustCompile(`class="chart__value"[^>]*>([^<]*)<`).FindAllStringSubmatch(svg, -1) {
				v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(html.UnescapeString(m[1])), "★"))
				if !cells[v] {
					t.Errorf("%s: bar value %q is not in a table", path, v)
				}
				checked++
			}
			for _, m := range regexp.MustCompile(`<title>[^<]*: ([^<: ]+)( %)?</title>`).FindAllStringSubmatch(svg, -1) {
				if !cells[html.UnescapeString(m[1])] {
					t.Errorf("%s: value %q of a point or segment is not in a table", path, m[1])
				}
				checked++
			}
		}
		if checked < 5 {
			t.Errorf("%s: only %d values checked", path, checked)
		}
	}
}

func TestOnlyClusterAdminsDefineIndicators(t *testing.T) {
	form := url.Values{"name": {"Andel elbiler i flåten"}, "unit": {"%"}, "category": {"baerekraft"}, "direction": {"higher"}, "decimals": {"0"}, "description": {"Andel av egne kjøretøy."}}
	t.Cleanup(func() { execSQL(t, `DELETE FROM indicators WHERE slug = 'andel-elbiler-i-flaten'`) })
	admin := newClient(t).Login("admin@hrs.example")
	if res := admin.PostForm("/nokkeltall/indikatorer/ny", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("company admin defines an indicator: %d", res.StatusCode)
	}
	if res := admin.PostForm("/nokkeltall/indikatorer/klimagassutslipp/rediger", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("company admin edits an indicator: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM indicators WHERE slug = 'andel-elbiler-i-flaten'`); n != 0 {
		t.Fatal("the company admin's indicator was stored")
	}
	leader := newClient(t).Login("klyngeleder@remiks.example")
	bad := url.Values{"name": {""}, "unit": {""}, "category": {"x"}, "direction": {"up"}, "decimals": {"9"}}
	res := leader.PostForm("/nokkeltall/indikatorer/ny", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid indicator: %d", res.StatusCode)
	}
	for _, want := range []string{"Feltet må fylles ut", "Velg en kategori", "Velg om høyere", "mellom 0 og 3 desimaler", `aria-invalid="true"`} {
		if !strings.Contains(html.UnescapeString(res.Body), want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	if res := leader.PostForm("/nokkeltall/indikatorer/ny", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cluster admin defines: %d", res.StatusCode)
	}
	if unit := queryInt(t, `SELECT decimals FROM indicators WHERE slug = 'andel-elbiler-i-flaten' AND unit = '%' AND direction = 'higher'`); unit != 0 {
		t.Error("indicator not stored as typed")
	}
	if n := queryInt(t, `SELECT count(*) FROM audit_log a JOIN indicators i ON i.id = a.target_id WHERE a.action = 'indicator.create' AND i.slug = 'andel-elbiler-i-flaten'`); n != 1 {
		t.Errorf("%d audit rows for the new indicator", n)
	}
	if res := leader.PostForm("/nokkeltall/indikatorer/ny", form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "finnes allerede") {
		t.Errorf("duplicate name: %d", res.StatusCode)
	}
}

func TestCompanyAdminReportsOnlyForOwnCompany(t *testing.T) {
	dropReport(t, "hrs", 2019)
	dropReport(t, "iris-salten", 2019)
	admin := newClient(t).Login("admin@hrs.example")
	// Forged company: in the start form and in the address.
	if res := admin.PostForm("/nokkeltall/rapporter", url.Values{"selskap": {"iris-salten"}, "ar-start": {"2019"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("start for another company: %d", res.StatusCode)
	}
	for _, p := range []string{"/nokkeltall/rapporter/iris-salten/2019", "/nokkeltall/rapporter/iris-salten/2024"} {
		if res := admin.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
		if res := admin.PostForm(p, url.Values{"verdi-kundetilfredshet": {"99"}, "handling": {"send"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d", p, res.StatusCode)
		}
	}
	if n := queryInt(t, `SELECT count(*) FROM indicator_reports r JOIN companies c ON c.id = r.company_id WHERE c.slug = 'iris-salten' AND r.year = 2019`); n != 0 {
		t.Error("a report was made for another company")
	}
	if n := queryInt(t, `SELECT count(*) FROM indicator_values v JOIN indicator_reports r ON r.id = v.report_id JOIN indicators i ON i.id = v.indicator_id
		JOIN companies c ON c.id = r.company_id WHERE c.slug = 'iris-salten' AND i.slug = 'kundetilfredshet' AND v.value = 99`); n != 0 {
		t.Error("another company's value was changed")
	}
	// A year in the future cannot be reported for through the address either.
	if res := admin.PostForm("/nokkeltall/rapporter/hrs/2099", url.Values{"verdi-kundetilfredshet": {"50"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("report for 2099: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM indicator_reports WHERE year = 2099`); n != 0 {
		t.Error("a report for 2099 was made")
	}
	member := newClient(t).Login("ansatt@hrs.example")
	if res := member.Get("/nokkeltall/rapporter"); res.StatusCode != http.StatusNotFound {
		t.Errorf("member sees reporting: %d", res.StatusCode)
	}
	if res := member.PostForm("/nokkeltall/rapporter/hrs/2019", url.Values{"verdi-kundetilfredshet": {"50"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("member reports: %d", res.StatusCode)
	}

	// The own company: start, save a draft, submit; then it is locked.
	res := admin.PostForm("/nokkeltall/rapporter", url.Values{"selskap": {"hrs"}, "ar-start": {"2019"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/nokkeltall/rapporter/hrs/2019" {
		t.Fatalf("start own: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res = admin.PostForm("/nokkeltall/rapporter/hrs/2019", url.Values{"verdi-utsorteringsgrad-husholdningsavfall": {"41,5"}, "verdi-restavfall-per-innbygger": {"1 210"}, "handling": {"lagre"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save draft: %d", res.StatusCode)
	}
	if n := reportValues(t, "hrs", 2019); n != 2 {
		t.Errorf("%d values stored, want 2", n)
	}
	if v := queryInt(t, `SELECT v.value::int FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id JOIN indicator_reports r ON r.id = v.report_id
		JOIN companies c ON c.id = r.company_id WHERE c.slug = 'hrs' AND r.year = 2019 AND i.slug = 'restavfall-per-innbygger'`); v != 1210 {
		t.Errorf("stored %d, want 1210", v)
	}
	if strings.Contains(newClient(t).Login("ansatt@vefas.example").Get("/nokkeltall?ar=2019").Body, "1\u00a0210") {
		t.Error("a draft is shown in the comparison")
	}
	form := url.Values{"verdi-utsorteringsgrad-husholdningsavfall": {"41,5"}, "plukk-dato": {"2019-05-02"}, "plukk-kg": {"640"}, "handling": {"send"}}
	for slug, share := range map[string]string{"matavfall": "30", "papir-og-papp": "10", "plastemballasje": "15", "glass-og-metallemballasje": "5", "tekstiler": "4", "farlig-avfall-ee": "1,2", "restavfall": "34,6"} {
		form.Set("andel-"+slug, share)
	}
	if res := admin.PostForm("/nokkeltall/rapporter/hrs/2019", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM indicator_reports r JOIN companies c ON c.id = r.company_id JOIN pick_analyses p ON p.report_id = r.id
		WHERE c.slug = 'hrs' AND r.year = 2019 AND r.status = 'submitted' AND NOT r.demo`); n != 1 {
		t.Fatal("report not submitted with its plukkanalyse")
	}
	if res := admin.PostForm("/nokkeltall/rapporter/hrs/2019", url.Values{"verdi-kundetilfredshet": {"10"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("changing a submitted report: %d, want 409", res.StatusCode)
	}
	if body := newClient(t).Login("ansatt@vefas.example").Get("/nokkeltall?ar=2019").Body; !strings.Contains(body, "41,5") {
		t.Error("the submitted value is not in the comparison")
	}
	// Only a cluster admin reopens a submitted report; then the company can correct it.
	if res := admin.PostForm("/nokkeltall/rapporter/hrs/2019/gjenapne", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("company admin reopens: %d", res.StatusCode)
	}
	if res := newClient(t).Login("klyngeleder@remiks.example").PostForm("/nokkeltall/rapporter/hrs/2019/gjenapne", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cluster admin reopens: %d", res.StatusCode)
	}
	if res := admin.PostForm("/nokkeltall/rapporter/hrs/2019", url.Values{"verdi-kundetilfredshet": {"77"}, "handling": {"lagre"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("correcting a reopened report: %d", res.StatusCode)
	}
	if n := reportValues(t, "hrs", 2019); n != 1 {
		t.Errorf("%d values after the correction, want 1", n)
	}
}

func TestReportValidationRefusesBadValuesWithFieldMessages(t *testing.T) {
	dropReport(t, "senja-avfall", 2018)
	admin := newClient(t).Login("admin@senja-avfall.example")
	res := admin.PostForm("/nokkeltall/rapporter", url.Values{"selskap": {"senja-avfall"}, "ar-start": {"2999"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "ikke har begynt") {
		t.Errorf("future year: %d", res.StatusCode)
	}
	if res := admin.PostForm("/nokkeltall/rapporter", url.Values{"selskap": {"senja-avfall"}, "ar-start": {"tjue"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("year not a number: %d", res.StatusCode)
	}
	admin.PostForm("/nokkeltall/rapporter", url.Values{"selskap": {"senja-avfall"}, "ar-start": {"2018"}})
	form := url.Values{"verdi-restavfall-per-innbygger": {"mye"}, "verdi-utsorteringsgrad-husholdningsavfall": {"140"}, "verdi-kundetilfredshet": {"80"},
		"plukk-dato": {"2018-05-02"}, "plukk-kg": {"500"}, "handling": {"send"}}
	for _, slug := range []string{"matavfall", "papir-og-papp", "plastemballasje", "glass-og-metallemballasje", "tekstiler", "farlig-avfall-ee", "restavfall"} {
		form.Set("andel-"+slug, "13") // 91 %
	}
	res = admin.PostForm("/nokkeltall/rapporter/senja-avfall/2018", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	body := html.UnescapeString(res.Body)
	for _, want := range []string{"«mye» er ikke et tall", "mellom 0 og 100", "til sammen bli 100 %", "Nå blir de 91,00 %", `id="verdi-restavfall-per-innbygger-feil"`, "ds-error-summary", `value="mye"`} {
		if !strings.Contains(body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	if n := reportValues(t, "senja-avfall", 2018); n != 0 {
		t.Errorf("%d values stored from an invalid form", n)
	}
}

// postFile uploads a CSV file as the import form does.
func postFile(c *webtest.Client, path, content string) *webtest.Response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("fil", "verdier.csv")
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, webtest.Origin+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", webtest.Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

func TestCSVImportIsAllOrNothingAndExportDefusesFormulas(t *testing.T) {
	dropReport(t, "las", 2017)
	admin := newClient(t).Login("admin@las.example")
	admin.PostForm("/nokkeltall/rapporter", url.Values{"selskap": {"las"}, "ar-start": {"2017"}})
	bad := "indikator;verdi\nutsorteringsgrad-husholdningsavfall;44,1\nklimagassutslipp;mange\nrestavfall-per-innbygger;230\n"
	res := postFile(admin, "/nokkeltall/rapporter/las/2017/import", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d", res.StatusCode)
	}
	if body := html.UnescapeString(res.Body); !strings.Contains(body, "Linje 3: «mange» er ikke et tall") || !strings.Contains(body, "Ingenting ble importert") {
		t.Error("the error report does not name line 3")
	}
	if n := reportValues(t, "las", 2017); n != 0 {
		t.Fatalf("%d values imported from a file with a bad line", n)
	}
	if res := postFile(newClient(t).Login("admin@hrs.example"), "/nokkeltall/rapporter/las/2017/import", "indikator;verdi\nkundetilfredshet;1\n"); res.StatusCode != http.StatusNotFound {
		t.Errorf("import into another company: %d", res.StatusCode)
	}
	good := "indikator;verdi\nutsorteringsgrad-husholdningsavfall;44,1\nklimagassutslipp;'-120\nrestavfall-per-innbygger;230\n"
	if res := postFile(admin, "/nokkeltall/rapporter/las/2017/import", good); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("good file: %d", res.StatusCode)
	}
	if n := reportValues(t, "las", 2017); n != 3 {
		t.Fatalf("%d values imported, want 3", n)
	}
	if res := admin.PostForm("/nokkeltall/rapporter/las/2017", url.Values{"verdi-utsorteringsgrad-husholdningsavfall": {"44,1"}, "verdi-klimagassutslipp": {"-120"}, "handling": {"send"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	// A formula in a name is defused in the export, and so is the negative number.
	execSQL(t, `UPDATE companies SET name = '=HYPERLINK("http://x")' WHERE slug = 'las'`)
	t.Cleanup(func() { execSQL(t, `UPDATE companies SET name = 'Lofoten Avfallsselskap IKS' WHERE slug = 'las'`) })
	res = admin.Get("/nokkeltall/eksport.csv?ar=2017")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{`"'=HYPERLINK(""http://x"")"`, ";'-120;nei", "2017;", "klimagassutslipp"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("export lacks %q:\n%s", want, res.Body)
		}
	}
	if strings.Contains(res.Body, ";=") || strings.Contains(res.Body, ";-") {
		t.Errorf("export has a cell that starts a formula:\n%s", res.Body)
	}
}

func TestClusterAdminSeesStatusAndRemindsThroughTheOutbox(t *testing.T) {
	year := "2025"
	execSQL(t, `DELETE FROM mail_outbox WHERE subject LIKE 'Påminnelse: nøkkeltall%'`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM indicator_reminders`) })
	if res := newClient(t).Login("admin@hrs.example").PostForm("/nokkeltall/rapporter/paminnelser", url.Values{"ar": {year}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("company admin reminds: %d", res.StatusCode)
	}
	leader := newClient(t).Login("klyngeleder@remiks.example")
	res := leader.Get("/nokkeltall/rapporter?ar=" + year)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Hvem har rapportert for "+year) || !strings.Contains(res.Body, "Ikke påbegynt") || !strings.Contains(res.Body, "Kladd") {
		t.Fatalf("status page: %d", res.StatusCode)
	}
	missing := queryInt(t, `SELECT count(*) FROM companies c WHERE NOT EXISTS (SELECT 1 FROM indicator_reports r WHERE r.company_id = c.id AND r.year = 2025 AND r.status = 'submitted')`)
	if missing == 0 || missing == 11 {
		t.Fatalf("demo data should have some companies missing for 2025, has %d", missing)
	}
	if res := leader.PostForm("/nokkeltall/rapporter/paminnelser", url.Values{"ar": {year}, "selskap": {"las"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remind one: %d", res.StatusCode)
	}
	submittedLAS := queryInt(t, `SELECT count(*) FROM indicator_reports r JOIN companies c ON c.id = r.company_id WHERE c.slug = 'las' AND r.year = 2025 AND r.status = 'submitted'`)
	if got := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = 'admin@las.example' AND subject = 'Påminnelse: nøkkeltall for 2025'`); got != 1-submittedLAS {
		t.Errorf("%d mails to LAS's admin", got)
	}
	execSQL(t, `DELETE FROM mail_outbox WHERE subject LIKE 'Påminnelse: nøkkeltall%'`)
	if res := leader.PostForm("/nokkeltall/rapporter/paminnelser", url.Values{"ar": {year}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remind all: %d", res.StatusCode)
	}
	admins := queryInt(t, `SELECT count(*) FROM users u WHERE u.role = 'company_admin' AND u.active AND u.password_hash IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM indicator_reports r WHERE r.company_id = u.company_id AND r.year = 2025 AND r.status = 'submitted')`)
	if got := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE subject = 'Påminnelse: nøkkeltall for 2025' AND body LIKE '%/nokkeltall/rapporter%'`); got != admins || got < missing {
		t.Errorf("%d reminder mails, want one per admin (%d) of the %d companies missing", got, admins, missing)
	}
	if got := queryInt(t, `SELECT count(DISTINCT company_id) FROM indicator_reminders WHERE year = 2025`); got != missing {
		t.Errorf("reminders recorded for %d companies, want %d", got, missing)
	}
	if got := queryInt(t, `SELECT count(*) FROM mail_outbox m JOIN users u ON u.email = m.to_address
		JOIN indicator_reports r ON r.company_id = u.company_id AND r.year = 2025 AND r.status = 'submitted'
		WHERE m.subject = 'Påminnelse: nøkkeltall for 2025'`); got != 0 {
		t.Errorf("%d reminders to companies that have submitted", got)
	}
	if got := queryInt(t, `SELECT count(*) FROM audit_log WHERE action = 'indicators.remind' AND details->>'year' = '2025'`); got < missing {
		t.Errorf("%d reminders in the audit log, want at least %d", got, missing)
	}
	if body := leader.Get("/nokkeltall/rapporter?ar=" + year).Body; !strings.Contains(body, "Siste påminnelse") || !regexp.MustCompile(`kl\. \d\d\.\d\d`).MatchString(body) {
		t.Error("the reminder is not shown in the status")
	}
}
