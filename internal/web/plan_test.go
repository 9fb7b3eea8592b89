package web_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

var (
	itemHref = regexp.MustCompile(`class="ds-link plan-item__title" href="/arshjul/aktivitet/(\d+)"`)
	linkHref = regexp.MustCompile(`<a href="/arshjul/\d{4}\?(?:[^"]*&amp;)?valgt=a(\d+)#valgt">`)
)

// section returns the part of body from the first start to the following end.
func section(t *testing.T, body, start, end string) string {
	t.Helper()
	i := strings.Index(body, start)
	if i < 0 {
		t.Fatalf("no %q in the page", start)
	}
	j := strings.Index(body[i:], end)
	if j < 0 {
		t.Fatalf("no %q after %q", end, start)
	}
	return body[i : i+j+len(end)]
}

func ids(re *regexp.Regexp, s string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return out
}

// wellFormed parses s as XML from start to end.
func wellFormed(t *testing.T, what, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", what, err)
		}
	}
}

// dbIDs lists the ids of the activities a query selects, sorted as text.
func dbIDs(t *testing.T, where string, args ...any) []string {
	t.Helper()
	rows, err := dbtest.Pool(t).Query(t.Context(), `SELECT a.id FROM activities a JOIN focus_areas f ON f.id = a.focus_area_id
		LEFT JOIN topics tp ON tp.id = a.topic_id LEFT JOIN companies c ON c.id = a.company_id WHERE `+where, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, strconv.FormatInt(id, 10))
	}
	slices.Sort(out)
	return out
}

func TestWheelDrawsEveryActivityOnceAndListsItOnce(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	in2026 := `a.starts_on < '2027-01-01' AND a.ends_on >= '2026-01-01'`
	for _, tc := range []struct {
		path, where string
	}{
		{"/arshjul/2026", in2026},
		{"/arshjul/2026?fokus=kompetanse", in2026 + ` AND f.slug = 'kompetanse'`},
		{"/arshjul/2026?tema=felles-losninger", in2026 + ` AND tp.slug = 'felles-losninger'`},
		{"/arshjul/2026?selskap=iris-salten&status=gjennomfort", in2026 + ` AND c.slug = 'iris-salten' AND a.status = 'gjennomfort'`},
		{"/arshjul/2026?start=8", `a.starts_on < '2027-08-01' AND a.ends_on >= '2026-08-01'`},
		{"/arshjul/2027", `a.starts_on < '2028-01-01' AND a.ends_on >= '2027-01-01'`},
	} {
		res := c.Get(tc.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", tc.path, res.StatusCode)
		}
		want := dbIDs(t, tc.where)
		if len(want) == 0 {
			t.Fatalf("%s: the demo plan has nothing to show", tc.path)
		}
		drawing := section(t, res.Body, `<svg xmlns="http://www.w3.org/2000/svg" class="wheel__drawing"`, "</svg>")
		wellFormed(t, tc.path+" drawing", drawing)
		list := section(t, res.Body, `<section class="plan-list"`, `<section class="plan-exports"`)
		if n := strings.Count(drawing, "<path d="); n < len(want) {
			t.Errorf("%s: %d arcs drawn for %d activities", tc.path, n, len(want))
		}
		if got := ids(linkHref, drawing); !slices.Equal(got, want) {
			t.Errorf("%s: arc links %v, want %v", tc.path, got, want)
		}
		if got := ids(itemHref, list); !slices.Equal(got, want) {
			t.Errorf("%s: list %v, want each of %v once", tc.path, got, want)
		}
		for _, s := range []string{`role="group"`, `aria-labelledby="hjul-tittel hjul-beskrivelse"`, `<title id="hjul-tittel">`, `<desc id="hjul-beskrivelse">`} {
			if !strings.Contains(drawing, s) {
				t.Errorf("%s: the drawing lacks %s", tc.path, s)
			}
		}
		if n := strings.Count(drawing, "<title>"); n < len(want) {
			t.Errorf("%s: %d <title>s for %d arc links", tc.path, n, len(want))
		}
	}
	// The month names and the year's description.
	res := c.Get("/arshjul/2026")
	for _, s := range []string{">januar<", ">desember<", "Årshjul 2026 med ", "Kompetanse ", `<h1 class="ds-heading" data-size="lg">Årshjul 2026</h1>`, "Revisjon av strategien"} {
		if !strings.Contains(res.Body, s) {
			t.Errorf("/arshjul/2026 lacks %q", s)
		}
	}
	if res := c.Get("/arshjul/2026?start=8"); !strings.Contains(res.Body, "Årshjul august 2026 – juli 2027") {
		t.Error("an August–July wheel is not headed as one")
	}
	// An activity crossing the year end is in both years, and the member sees no editing.
	cross := dbIDs(t, `a.title = 'Klimaregnskap for 2026'`)[0]
	for _, y := range []string{"2026", "2027"} {
		if !slices.Contains(ids(linkHref, c.Get("/arshjul/"+y).Body), cross) {
			t.Errorf("the activity across new year is not on the %s wheel", y)
		}
	}
	if strings.Contains(res.Body, "/arshjul/aktivitet/ny") || strings.Contains(res.Body, "/kopier") {
		t.Error("a member is offered to edit the plan")
	}
}

func TestWheelAddressesAndFilterValidation(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	for path, want := range map[string]int{
		"/arshjul":                      http.StatusOK,
		"/arshjul/1999":                 http.StatusNotFound,
		"/arshjul/02026":                http.StatusNotFound,
		"/arshjul/tull":                 http.StatusNotFound,
		"/arshjul/2026?status=ferdig":   http.StatusBadRequest,
		"/arshjul/2026?start=13":        http.StatusBadRequest,
		"/arshjul/2026?fokus=%3Cscript": http.StatusBadRequest,
		"/arshjul/aktivitet/999999":     http.StatusNotFound,
		"/arshjul/aktivitet/0":          http.StatusNotFound,
	} {
		if res := c.Get(path); res.StatusCode != want {
			t.Errorf("GET %s: status %d, want %d", path, res.StatusCode, want)
		}
	}
	if res := newClient(t).Get("/arshjul/2026"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous: status %d, want a redirect to the login", res.StatusCode)
	}
}

func TestOnlyEditorsChangeThePlan(t *testing.T) {
	id := dbIDs(t, `a.title = 'Arendalsuka'`)[0]
	state := func() string {
		var s string
		if err := dbtest.Pool(t).QueryRow(t.Context(), `SELECT count(*)::text || string_agg(row(id, title, starts_on, status, updated_at)::text, ',' ORDER BY id) FROM activities`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := state()
	form := url.Values{"title": {"Kapret"}, "focus_area": {"1"}, "starts_on": {"2026-05-05"}, "ends_on": {"2026-05-05"}, "status": {"planlagt"}}
	for _, email := range []string{"ansatt@las.example", "admin@las.example", "direktor@las.example"} {
		c := newClient(t).Login(email)
		for _, r := range []struct{ what, path string }{
			{"create", "/arshjul/aktivitet/ny"}, {"update", "/arshjul/aktivitet/" + id + "/rediger"},
			{"delete", "/arshjul/aktivitet/" + id + "/slett"}, {"copy", "/arshjul/2026/kopier"},
		} {
			assertRefused(t, email+" "+r.what, c.PostForm(r.path, form))
		}
		assertRefused(t, email+" new form", c.Get("/arshjul/aktivitet/ny"))
		assertRefused(t, email+" edit form", c.Get("/arshjul/aktivitet/"+id+"/rediger"))
		if strings.Contains(c.Get("/arshjul/aktivitet/"+id).Body, "/slett") {
			t.Errorf("%s is offered to delete", email)
		}
	}
	if state() != before {
		t.Fatal("a forged post by someone outside the steering group changed the plan")
	}
	// A steering group member who is no admin may edit.
	c := newClient(t).Login("direktor@iris-salten.example")
	res := c.PostForm("/arshjul/aktivitet/"+id+"/rediger", url.Values{"title": {"Arendalsuka 2026"}, "focus_area": {"2"}, "topic": {"4"},
		"starts_on": {"2026-08-10"}, "ends_on": {"2026-08-14"}, "status": {"pagar"}})
	if res.StatusCode != http.StatusSeeOther || queryInt(t, `SELECT count(*) FROM activities WHERE id = $1 AND title = 'Arendalsuka 2026' AND status = 'pagar'`, id) != 1 {
		t.Fatalf("a steering group member's edit: status %d", res.StatusCode)
	}
}

func TestEditingShowsOnTheWheel(t *testing.T) {
	c := newClient(t).Login("klyngeleder@remiks.example")
	if res := c.Get("/arshjul/aktivitet/ny"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `for="starts_on"`) {
		t.Fatalf("the new form: status %d", res.StatusCode)
	}
	// Invalid: 422 with the messages beside the fields, nothing saved.
	n := queryInt(t, `SELECT count(*) FROM activities`)
	res := c.PostForm("/arshjul/aktivitet/ny", url.Values{"title": {strings.Repeat("x", 161)}, "focus_area": {"1"}, "topic": {"7"},
		"starts_on": {"2026-05-05"}, "ends_on": {"2026-05-01"}, "status": {"planlagt"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid activity: status %d", res.StatusCode)
	}
	for _, s := range []string{"ds-error-summary", "Skriv høyst 160 tegn", "Sluttdatoen kan ikke være før startdatoen.", `id="ends_on-feil"`} {
		if !strings.Contains(res.Body, s) {
			t.Errorf("the invalid form lacks %q", s)
		}
	}
	if queryInt(t, `SELECT count(*) FROM activities`) != n {
		t.Fatal("an invalid activity was saved")
	}
	res = c.PostForm("/arshjul/aktivitet/ny", url.Values{"title": {"  Fagdag om tekstiler  "}, "focus_area": {"1"}, "topic": {"2"},
		"starts_on": {"2026-12-20"}, "ends_on": {"2027-01-10"}, "status": {"planlagt"}, "company": {idStr(queryInt(t, `SELECT id FROM companies WHERE slug = 'haf'`))},
		"description": {"Innsamling av **tekstiler** <script>alert(1)</script>"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a valid activity: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	page := c.Get(res.Header.Get("Location"))
	for _, s := range []string{"Fagdag om tekstiler", "<strong>tekstiler</strong>", "Helgeland Avfallsforedling IKS", "20. desember 2026 – 10. januar 2027", "Aktiviteten er lagt i årshjulet."} {
		if !strings.Contains(page.Body, s) {
			t.Errorf("the activity page lacks %q", s)
		}
	}
	if strings.Contains(page.Body, "<script>alert") {
		t.Error("the description is not sanitised")
	}
	id := strings.TrimPrefix(res.Header.Get("Location"), "/arshjul/aktivitet/")
	for _, y := range []string{"2026", "2027"} {
		if !slices.Contains(ids(linkHref, c.Get("/arshjul/"+y).Body), id) {
			t.Errorf("the new activity is not on the %s wheel", y)
		}
	}
	// Deleting takes it off the wheel.
	if res := c.PostForm("/arshjul/aktivitet/"+id+"/slett", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: status %d", res.StatusCode)
	}
	if slices.Contains(ids(linkHref, c.Get("/arshjul/2026").Body), id) {
		t.Error("the deleted activity is still on the wheel")
	}
}

func TestCopyYearThroughTheWeb(t *testing.T) {
	c := newClient(t).Login("klyngeleder@remiks.example")
	execSQL(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status) VALUES ('Kopieres', 3, '2060-02-29', '2060-03-01', 'avlyst')`)
	res := c.PostForm("/arshjul/2060/kopier", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/arshjul/2061" {
		t.Fatalf("copy: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if queryInt(t, `SELECT count(*) FROM activities WHERE title = 'Kopieres' AND starts_on = '2061-02-28' AND status = 'planlagt'`) != 1 {
		t.Error("the copy is not shifted a year with its status reset")
	}
	if res := c.PostForm("/arshjul/2060/kopier", nil); res.StatusCode != http.StatusSeeOther || queryInt(t, `SELECT count(*) FROM activities WHERE title = 'Kopieres'`) != 2 {
		t.Errorf("a second copy: status %d, or it copied again", res.StatusCode)
	}
	if page := c.Get("/arshjul/2060"); !strings.Contains(page.Body, "2061 har allerede en plan") {
		t.Error("no warning that the next year already has a plan")
	}
}

func TestWheelExports(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	want := dbIDs(t, `a.starts_on < '2027-01-01' AND a.ends_on >= '2026-01-01' AND f.slug = 'stordrift'`)
	// The events in Stordrift in 2026 that an employee may see are exported beside them.
	events := int(queryInt(t, `SELECT count(*) FROM events e JOIN focus_areas f ON f.id = e.focus_area_id WHERE f.slug = 'stordrift'
		AND e.status <> 'draft' AND e.group_id IS NULL AND e.starts_at < '2027-01-01 00:00 Europe/Oslo' AND e.ends_at > '2026-01-01 00:00 Europe/Oslo'`))

	res := c.Get("/arshjul/2026/arshjul.svg?fokus=stordrift")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("SVG: status %d, %q, %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	wellFormed(t, "the SVG file", res.Body)
	if got := ids(regexp.MustCompile(`<a href="http://portal.test/arshjul/aktivitet/(\d+)">`), res.Body); !slices.Equal(got, want) {
		t.Errorf("SVG file links %v, want %v", got, want)
	}

	res = c.Get("/arshjul/2026/arshjul.ics?fokus=stordrift")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("ICS: status %d, %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if n := strings.Count(res.Body, "BEGIN:VEVENT\r\n"); n != len(want)+events || !strings.Contains(res.Body, "DTSTART;VALUE=DATE:2026") {
		t.Errorf("ICS: %d events, want %d activities and %d events", n, len(want), events)
	}
	for _, l := range strings.Split(res.Body, "\r\n") {
		if len(l) > 75 {
			t.Errorf("ICS line longer than 75 octets: %q", l)
		}
	}

	res = c.Get("/arshjul/2026/arshjul.csv?fokus=stordrift")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: status %d", res.StatusCode)
	}
	if lines := strings.Count(res.Body, "\r\n"); lines != len(want)+events+1 || !strings.HasPrefix(res.Body, "\ufeffTittel;Satsingsområde") {
		t.Errorf("CSV: %d lines, want a header and %d rows", lines, len(want)+events)
	}
}

func TestWheelOf200ActivitiesIsBoundedAndSmall(t *testing.T) {
	c := newClient(t).Login("ansatt@hrs.example")
	execSQL(t, `INSERT INTO activities (title, focus_area_id, topic_id, starts_on, ends_on, status)
		SELECT 'Mengdeaktivitet ' || i, 1 + i % 3, NULL, '2055-01-01'::date + (i * 7) % 360, '2055-01-01'::date + (i * 7) % 360 + i % 40, 'planlagt'
		FROM generate_series(1, 10) i`)
	// Events with a focus area, one for a group, and activities linked to events and threads.
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, focus_area_id, group_id)
		SELECT 'Mengdearrangement ' || i, 'seminar', '2055-01-01 09:00+01'::timestamptz + i * interval '9 days', '2055-01-01 12:00+01'::timestamptz + i * interval '9 days',
		       'published', 1 + i % 3, CASE WHEN i % 2 = 0 THEN (SELECT id FROM groups WHERE slug = 'plukkanalyser') END
		FROM generate_series(1, 2) i`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM events WHERE title LIKE 'Mengdearrangement %'`) })
	execSQL(t, `UPDATE activities SET event_id = (SELECT min(id) FROM events WHERE title LIKE 'Mengdearrangement %'),
		thread_id = (SELECT min(id) FROM forum_threads) WHERE title LIKE 'Mengdeaktivitet %'`)
	few := coldGet(t, c, "/arshjul/2055")
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, focus_area_id, group_id)
		SELECT 'Mengdearrangement ' || i, 'seminar', '2055-01-01 09:00+01'::timestamptz + i * interval '9 days', '2055-01-01 12:00+01'::timestamptz + i * interval '9 days',
		       'published', 1 + i % 3, CASE WHEN i % 2 = 0 THEN (SELECT id FROM groups WHERE slug = 'plukkanalyser') END
		FROM generate_series(3, 40) i`)
	execSQL(t, `INSERT INTO activities (title, description, focus_area_id, topic_id, starts_on, ends_on, company_id, responsible_user_id, status)
		SELECT 'Mengdeaktivitet ' || i || ' med en realistisk lang tittel', 'Beskrivelse', 1 + i % 3, NULL,
		       '2055-01-01'::date + (i * 7) % 360, '2055-01-01'::date + (i * 7) % 360 + i % 40,
		       (SELECT id FROM companies ORDER BY id LIMIT 1 OFFSET i % 11), (SELECT id FROM users ORDER BY id LIMIT 1 OFFSET i % 30), 'pagar'
		FROM generate_series(11, 200) i`)
	execSQL(t, `UPDATE activities a SET event_id = e.id, thread_id = (SELECT id FROM forum_threads ORDER BY id LIMIT 1 OFFSET a.id % 5)
		FROM events e WHERE a.title LIKE 'Mengdeaktivitet %' AND e.title = 'Mengdearrangement ' || (1 + a.id % 40)`)
	many := coldGet(t, c, "/arshjul/2055")
	if many.StatusCode != http.StatusOK || len(linkHref.FindAllString(many.Body, -1)) != 200 {
		t.Fatalf("status %d, %d arcs", many.StatusCode, len(linkHref.FindAllString(many.Body, -1)))
	}
	if few.Queries != many.Queries || many.Queries > 8 {
		t.Errorf("queries: %d with 10 activities, %d with 200; want equal and at most 8", few.Queries, many.Queries)
	}
	if len(many.Body) > 300_000 {
		t.Errorf("the page of 200 activities is %d bytes, want under 300 kB", len(many.Body))
	}
	t.Logf("200 activities: %d queries, %d bytes", many.Queries, len(many.Body))
}
