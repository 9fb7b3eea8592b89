package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Everyone reads the strategy; each sub-goal shows the year's activities by status with a
// progress measure, and the figures of events held, responses sent and indicators reported.
func TestStrategyPageShowsTheYearsWorkPerSubGoal(t *testing.T) {
	execSQL(t, `INSERT INTO activities (title, focus_area_id, topic_id, starts_on, ends_on, status) VALUES
		('Strategitest ferdig', 1, 2, '2061-02-01', '2061-02-02', 'gjennomfort'),
		('Strategitest glemt', 1, 2, '2061-03-01', '2061-03-02', 'planlagt'),
		('Strategitest kommer', 1, 2, '2061-11-01', '2061-11-02', 'planlagt'),
		('Strategitest avlyst', 1, 2, '2061-04-01', '2061-04-02', 'avlyst')`)
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, focus_area_id, topic_id, group_id) VALUES
		('Strategitest samling', 'workshop', '2061-05-01 09:00+02', '2061-05-01 15:00+02', 'published', 1, 2, NULL),
		('Strategitest lukket', 'workshop', '2061-05-02 09:00+02', '2061-05-02 15:00+02', 'published', 1, 2, (SELECT id FROM groups WHERE slug = 'styringsgruppen'))`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM events WHERE title LIKE 'Strategitest %'`) })
	execSQL(t, `INSERT INTO registrations (event_id, user_id, company_id, status)
		SELECT e.id, u.id, u.company_id, 'confirmed' FROM events e, users u WHERE e.title = 'Strategitest samling' AND u.email IN ('ansatt@las.example', 'ansatt@haf.example')`)
	execSQL(t, `INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id, status, sent_on)
		VALUES ('Strategitest høring', 'Miljødirektoratet', '2061-06-01', '2061-05-01 12:00+02', 2, 'sent', '2061-05-20')`)
	execSQL(t, `INSERT INTO indicator_reports (company_id, year, status, submitted_at) SELECT id, 2060, 'submitted', now() FROM companies WHERE slug IN ('las', 'haf', 'hrs')`)

	c := clientAt(t, time.Date(2061, 9, 1, 12, 0, 0, 0, time.UTC)).Login("ansatt@las.example")
	res := c.Get("/strategi")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, s := range []string{"<h1 class=\"ds-heading\" data-size=\"lg\">Strategi</h1>", "Formål", "Å være et kunnskapsnav og knutepunkt for avfallsbransjen i nord.",
		"En pådriver for omstillingen til et sirkulært samfunn i Nord-Norge", "Styrke posisjonen til bransjen i nord", "Jobb smartere",
		"1 høringssvar sendt i 2061.", "3 av 11 selskap har rapportert nøkkeltall for 2060."} {
		if !strings.Contains(res.Body, s) {
			t.Errorf("/strategi lacks %q", s)
		}
	}
	goal := section(t, res.Body, `id="delmal-moteplasser"`, `</section>`)
	for _, s := range []string{"<span>4 aktiviteter</span>", `href="/arshjul/2061?tema=moteplasser">`, ">1 gjennomført<", ">1 forsinket<", ">1 planlagt<", ">1 avlyst<",
		"1 av 3 gjennomført (33 %)", `<progress max="3" value="1"`, "1 arrangement holdt i 2061, 2 deltakere. Ingen tilbakemeldinger ennå."} {
		if !strings.Contains(goal, s) {
			t.Errorf("Møteplasser lacks %q:\n%s", s, goal)
		}
	}
	if strings.Contains(res.Body, "Revider strategien") {
		t.Error("a member is offered to revise the strategy")
	}
	if res.Queries > 10 {
		t.Errorf("/strategi ran %d queries, want at most 10", res.Queries)
	}
}

// The strategy page reads everything in one round trip after the session's: the strategy and
// every figure of the year, also when the reference data has just changed (the member
// companies are counted with the indicator reports, not read from the cache). Seen again with
// nothing changed, it is kept (strategycache.go): one round trip in all.
func TestStrategyPageReadsInOneRoundTrip(t *testing.T) {
	c := clientAt(t, time.Date(2061, 9, 1, 12, 0, 0, 0, time.UTC)).Login("ansatt@las.example")
	if res := coldGet(t, c, "/strategi"); res.StatusCode != http.StatusOK || res.Queries != 2 || res.Statements > 10 {
		t.Errorf("/strategi: status %d, %d round trips with %d statements; want 2 (the session with the user and the versions, then the page's eight reads) and at most 10",
			res.StatusCode, res.Queries, res.Statements)
	}
	if res := c.Get("/strategi"); res.StatusCode != http.StatusOK || res.Queries != 1 {
		t.Errorf("/strategi seen again: status %d, %d round trips; want 1", res.StatusCode, res.Queries)
	}
}

// Only cluster admins and the steering group revise the strategy and start periods; a revision
// keeps the earlier version readable.
func TestStrategyEditsBySteeringGroupAndClusterAdminOnlyWithHistory(t *testing.T) {
	current := regexp.MustCompile(`name="base" value="(\d+)"`)
	for _, email := range []string{"ansatt@las.example", "admin@las.example", "direktor@las.example"} {
		c := newClient(t).Login(email)
		assertRefused(t, email+" edit form", c.Get("/strategi/rediger"))
		assertRefused(t, email+" revise", c.PostForm("/strategi/rediger", url.Values{"base": {"1"}, "purpose": {"Kapret"}, "ambition": {"Kapret"}, "note": {"x"}}))
		assertRefused(t, email+" new period", c.PostForm("/strategi/ny-periode", url.Values{"from": {"1"}, "name": {"Kapret"}, "first_year": {"2030"}, "last_year": {"2031"}}))
		if strings.Contains(c.Get("/strategi/versjoner").Body, "Ny strategiperiode") {
			t.Errorf("%s is offered a new period", email)
		}
	}
	if n := queryInt(t, `SELECT count(*) FROM strategy_revisions WHERE purpose = 'Kapret' OR ambition = 'Kapret'`) + queryInt(t, `SELECT count(*) FROM strategy_periods WHERE name = 'Kapret'`); n != 0 {
		t.Fatal("a forged post by someone outside the steering group changed the strategy")
	}

	// A steering group member who is no admin revises the ambition.
	steering := newClient(t).Login("direktor@iris-salten.example")
	page := steering.Get("/strategi/rediger")
	m := current.FindStringSubmatch(page.Body)
	if page.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("the revision form: status %d", page.StatusCode)
	}
	form := formValues(t, page.Body)
	form.Set("ambition", "Et kunnskapsnav for hele nord.")
	form.Set("note", "Kortere ambisjon")
	if res := steering.PostForm("/strategi/rediger", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the steering group's revision: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	if !strings.Contains(steering.Get("/strategi").Body, "Et kunnskapsnav for hele nord.") {
		t.Error("the revision is not in force")
	}
	// The same form again (made from the old version) is a conflict, shown with the text kept.
	if res := steering.PostForm("/strategi/rediger", form); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Et kunnskapsnav for hele nord.") {
		t.Errorf("a second save from the old version: status %d", res.StatusCode)
	}
	// Invalid: 422 with the message beside the field.
	form.Set("base", current.FindStringSubmatch(steering.Get("/strategi/rediger").Body)[1])
	form.Set("ambition", "")
	if res := steering.PostForm("/strategi/rediger", form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="ambition-feil"`) {
		t.Errorf("an empty ambition: status %d", res.StatusCode)
	}
	// The earlier version is still readable, marked as such.
	old := newClient(t).Login("ansatt@las.example").Get("/strategi/versjoner/" + m[1])
	if old.StatusCode != http.StatusOK || !strings.Contains(old.Body, "Å være et kunnskapsnav og knutepunkt for avfallsbransjen i nord.") || !strings.Contains(old.Body, "tidligere versjon") {
		t.Errorf("the earlier version: status %d", old.StatusCode)
	}
	history := newClient(t).Login("ansatt@las.example").Get("/strategi/versjoner")
	if !strings.Contains(history.Body, "Kortere ambisjon") || !strings.Contains(history.Body, "Gjelder nå") {
		t.Error("the history lacks the revision")
	}
	for path, want := range map[string]int{"/strategi/versjoner/999999": 404, "/strategi/versjoner/0": 404, "/strategi/versjoner/x": 404} {
		if res := steering.Get(path); res.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}

	// The cluster admin starts a new period from a copy; bad years are 422.
	admin := newClient(t).Login("klyngeleder@remiks.example")
	from := regexp.MustCompile(`name="from" value="(\d+)"`).FindStringSubmatch(admin.Get("/strategi/versjoner").Body)
	if from == nil {
		t.Fatal("the cluster admin is not offered a new period")
	}
	if res := admin.PostForm("/strategi/ny-periode", url.Values{"from": {from[1]}, "name": {"Ny"}, "first_year": {"tjue"}, "last_year": {"2028"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a period with a bad year: status %d", res.StatusCode)
	}
	if res := admin.PostForm("/strategi/ny-periode", url.Values{"from": {from[1]}, "name": {"Strategi 2027–2028"}, "first_year": {"2027"}, "last_year": {"2028"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a new period: status %d", res.StatusCode)
	}
	if res := admin.Get("/strategi"); !strings.Contains(res.Body, "Strategi 2027–2028") || !strings.Contains(res.Body, "Et kunnskapsnav for hele nord.") {
		t.Error("the new period is not in force with the copied text")
	}
}

// formValues reads the named inputs and textareas of the first form in a page as a browser would send them.
func formValues(t *testing.T, body string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(body, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	return v
}

// Each sub-goal lists the year's activities by title, each a link with its status as of today,
// keeps a link to the wheel filtered to it, and shows the feedback on the events held under it
// (averages only from three answers on); the page's queries do not grow with the sub-goals.
func TestStrategySubGoalsListActivitiesAndEventFeedback(t *testing.T) {
	execSQL(t, `INSERT INTO activities (title, focus_area_id, topic_id, starts_on, ends_on, status) VALUES
		('Delmålstest seminar', 1, 1, '2062-02-01', '2062-02-02', 'gjennomfort'),
		('Delmålstest glemt', 1, 1, '2062-03-01', '2062-03-02', 'planlagt'),
		('Delmålstest kommer', 1, 1, '2062-11-01', '2062-11-02', 'planlagt'),
		('Delmålstest dialog', 2, 4, '2062-04-01', '2062-09-30', 'planlagt'),
		('Delmålstest i fjor', 1, 1, '2061-04-01', '2061-04-02', 'planlagt')`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM activities WHERE title LIKE 'Delmålstest %'`) })
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, focus_area_id, topic_id) VALUES
		('Delmålstest samling 1', 'workshop', '2062-05-01 09:00+02', '2062-05-01 15:00+02', 'published', 1, 1),
		('Delmålstest samling 2', 'workshop', '2062-06-01 09:00+02', '2062-06-01 15:00+02', 'published', 1, 1),
		('Delmålstest dialogmøte', 'workshop', '2062-06-02 09:00+02', '2062-06-02 15:00+02', 'published', 2, 4)`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM events WHERE title LIKE 'Delmålstest %'`) })
	// Innsikt: four answers over two events (overall 5, 5, 4, 4: 4,5; benefit 3, 4, 4, 5: 4,0).
	execSQL(t, `INSERT INTO event_feedback (event_id, overall, benefit)
		SELECT e.id, v.o, v.b FROM events e, (VALUES (1, 5, 3), (1, 5, 4), (2, 4, 4), (2, 4, 5)) v(n, o, b)
		WHERE e.title = 'Delmålstest samling ' || v.n`)
	// Dialog: two answers, too few to show an average.
	execSQL(t, `INSERT INTO event_feedback (event_id, overall, benefit)
		SELECT e.id, 1, 2 FROM events e, generate_series(1, 2) WHERE e.title = 'Delmålstest dialogmøte'`)
	id := func(title string) string {
		return idStr(queryInt(t, `SELECT id FROM activities WHERE title = $1`, title))
	}

	c := clientAt(t, time.Date(2062, 9, 1, 12, 0, 0, 0, time.UTC)).Login("ansatt@las.example")
	res := coldGet(t, c, "/strategi")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	insikt := section(t, res.Body, `id="delmal-innsikt"`, `</section>`)
	for _, s := range []string{
		`href="/arshjul/aktivitet/` + id("Delmålstest seminar") + `">Delmålstest seminar</a>`,
		`href="/arshjul/aktivitet/` + id("Delmålstest glemt") + `">Delmålstest glemt</a>`,
		`href="/arshjul/aktivitet/` + id("Delmålstest kommer") + `">Delmålstest kommer</a>`,
		`href="/arshjul/2062?tema=innsikt"`,
		"2 arrangementer holdt i 2062, 0 deltakere. Tilbakemeldinger: snitt 4,5 av 5, faglig utbytte 4,0 av 5 (4 svar).",
	} {
		if !strings.Contains(insikt, s) {
			t.Errorf("Innsikt lacks %q:\n%s", s, insikt)
		}
	}
	// The status each activity shows is the one of today: done, late (ended unmarked), planned.
	for title, status := range map[string]string{"Delmålstest seminar": "Gjennomført", "Delmålstest glemt": "Forsinket", "Delmålstest kommer": "Planlagt"} {
		if !regexp.MustCompile(regexp.QuoteMeta(title) + `</a>\s*<span class="strategy-activity__meta"><span class="ds-tag"[^>]*>` + status + `<`).MatchString(insikt) {
			t.Errorf("%s is not shown as %s", title, status)
		}
	}
	if strings.Contains(insikt, "Delmålstest i fjor") || strings.Contains(insikt, "Delmålstest dialog") {
		t.Error("Innsikt lists an activity of another year or another sub-goal")
	}
	dialog := section(t, res.Body, `id="delmal-dialog-og-tilstedevaerelse"`, `</section>`)
	for _, s := range []string{">Delmålstest dialog</a>", ">Pågår<", "2 tilbakemeldinger, for få til å vise snitt."} {
		if !strings.Contains(dialog, s) {
			t.Errorf("Dialog lacks %q:\n%s", s, dialog)
		}
	}
	if strings.Contains(dialog, "snitt 1,0") {
		t.Error("the average of two answers is shown")
	}

	// Many more activities and events under every sub-goal: the same number of queries, and a
	// sub-goal lists its first activities with a link to all of them in the wheel.
	before := res.Queries
	execSQL(t, `INSERT INTO activities (title, focus_area_id, topic_id, starts_on, ends_on, status)
		SELECT 'Delmålstest mengde ' || t.id || '-' || i, t.focus_area_id, t.id, make_date(2062, 1 + i % 12, 1), make_date(2062, 1 + i % 12, 2), 'planlagt'
		FROM topics t, generate_series(1, 30) i`)
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, focus_area_id, topic_id)
		SELECT 'Delmålstest mengde ' || t.id || '-' || i, 'workshop', make_date(2062, 1 + i % 8, 3) + time '09:00', make_date(2062, 1 + i % 8, 3) + time '15:00', 'published', t.focus_area_id, t.id
		FROM topics t, generate_series(1, 10) i`)
	res = coldGet(t, c, "/strategi")
	if res.Queries != before || res.Queries > 10 {
		t.Errorf("/strategi: %d queries, %d before many more activities and events; want equal and at most 10", res.Queries, before)
	}
	insikt = section(t, res.Body, `id="delmal-innsikt"`, `</section>`)
	if n := strings.Count(insikt, `href="/arshjul/aktivitet/`); n != 12 {
		t.Errorf("Innsikt lists %d activities, want the first 12", n)
	}
	if !strings.Contains(insikt, `Se alle 33 aktiviteter i årshjulet`) {
		t.Errorf("Innsikt does not link to all its activities in the wheel:\n%s", insikt)
	}
}
