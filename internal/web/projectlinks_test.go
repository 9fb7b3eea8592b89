package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// newProject creates a project as the cluster leader c and returns its address.
func newProject(t *testing.T, c *webtest.Client, title string, extra url.Values) string {
	t.Helper()
	v := url.Values{"title": {title}, "status": {"pagar"}}
	for k, s := range extra {
		v[k] = s
	}
	res := c.PostForm("/prosjekter/nytt", v)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/prosjekter/") {
		t.Fatalf("new project %q: status %d\n%s", title, res.StatusCode, mainOf(res.Body))
	}
	path := res.Header.Get("Location")
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM projects WHERE id = $1::bigint`, strings.TrimPrefix(path, "/prosjekter/"))
	})
	return path
}

// A project's thread, documents and årshjul activities show on its page, each only to those
// who may see it; the activity's page links back to the project.
func TestProjectPageShowsItsThreadDocumentsAndActivities(t *testing.T) {
	admin := newClient(t).Login("klyngeleder@remiks.example")
	closedThread, closedAddr := threadOf(t, "Budsjett for felles rapporteringsverktøy") // direktørforum
	path := newProject(t, admin, "Prosjekt med lenker", url.Values{"thread": {"https://portal.example" + closedAddr + "?fra=1"}})
	id := strings.TrimPrefix(path, "/prosjekter/")
	if queryInt(t, `SELECT count(*) FROM projects WHERE id = $1::bigint AND thread_id = $2::bigint`, id, closedThread) != 1 {
		t.Fatal("the thread was not stored on the project")
	}
	if edit := admin.Get(path + "/rediger").Body; !strings.Contains(edit, `name="thread" type="text" value="`+closedThread+`"`) {
		t.Error("the edit form does not show the project's thread")
	}

	// Documents: one for every member, one only for the directors' forum; chosen in the form's select.
	if form := admin.Get("/dokumenter/ny?prosjekt=" + id).Body; !strings.Contains(form, `<option value="`+id+`" selected>Prosjekt med lenker</option>`) {
		t.Error("the upload form from the project page does not choose the project")
	}
	openDoc := linkedUpload(t, admin, "Prosjektnotat for alle", url.Values{"project": {id}})
	directors := idStr(queryInt(t, `SELECT id FROM groups WHERE slug = 'direktorforum'`))
	linkedUpload(t, admin, "Prosjektnotat for direktører", url.Values{"project": {id}, "group": {directors}})
	if doc := admin.Get(openDoc).Body; !strings.Contains(doc, `href="`+path+`"`) {
		t.Error("the document page does not link its project")
	}

	// An activity of the årshjul, chosen in its form's select.
	if form := admin.Get("/arshjul/aktivitet/ny").Body; !strings.Contains(form, `<option value="`+id+`">Prosjekt med lenker</option>`) {
		t.Error("the activity form does not offer the project")
	}
	res := admin.PostForm("/arshjul/aktivitet/ny", activityForm("Prosjektsamling i årshjulet", url.Values{"project": {id}, "starts_on": {"2057-03-02"}, "ends_on": {"2057-03-04"}}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new activity: %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	activity := res.Header.Get("Location")
	t.Cleanup(func() { execSQL(t, `DELETE FROM activities WHERE title = 'Prosjektsamling i årshjulet'`) })
	if page := admin.Get(activity).Body; !strings.Contains(page, `plan-link-project" href="`+path+`">Prosjekt med lenker</a>`) {
		t.Error("the activity page does not link its project")
	}

	page := admin.Get(path).Body
	for _, want := range []string{`href="` + closedAddr + `">Budsjett for felles rapporteringsverktøy</a>`, "Prosjektnotat for alle", "Prosjektnotat for direktører",
		`href="` + activity + `">Prosjektsamling i årshjulet</a>`, "2. mars 2057–4. mars 2057", `href="/dokumenter/ny?prosjekt=` + id + `"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the cluster leader's project page lacks %q", want)
		}
	}

	// A member outside the directors' forum sees neither its thread nor its document.
	outsider := newClient(t).Login("ansatt@haf.example")
	res = outsider.Get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("outsider: %d", res.StatusCode)
	}
	for _, hidden := range []string{"Budsjett for felles rapporteringsverktøy", closedAddr, "Prosjektnotat for direktører"} {
		if strings.Contains(res.Body, hidden) {
			t.Errorf("an outsider's project page shows %q", hidden)
		}
	}
	for _, want := range []string{"Prosjektnotat for alle", "Prosjektsamling i årshjulet"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("an outsider's project page lacks %q", want)
		}
	}

	// A thread every member may see is shown to them.
	openThread := idStr(queryInt(t, `SELECT t.id FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE f.group_id IS NULL ORDER BY t.id LIMIT 1`))
	var openTitle string
	if err := dbtest.Pool(t).QueryRow(t.Context(), `SELECT title FROM forum_threads WHERE id = $1::bigint`, openThread).Scan(&openTitle); err != nil {
		t.Fatal(err)
	}
	if res := admin.PostForm(path+"/rediger", url.Values{"title": {"Prosjekt med lenker"}, "status": {"pagar"}, "thread": {openThread}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if page := outsider.Get(path).Body; !strings.Contains(page, `project-thread"`) || !strings.Contains(page, html.EscapeString(openTitle)) {
		t.Error("the outsider does not see the open thread")
	}
}

// Unknown, hidden or malformed ties are refused beside their field, in Norwegian.
func TestProjectTiesAreChecked(t *testing.T) {
	admin := newClient(t).Login("klyngeleder@remiks.example")
	for name, ref := range map[string]string{"unknown": "999999999", "not a thread": "https://example.com/noe", "too long": strings.Repeat("1", 301)} {
		res := admin.PostForm("/prosjekter/nytt", url.Values{"title": {"Prosjekt med feil tråd"}, "status": {"pagar"}, "thread": {ref}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s thread: %d, want 422", name, res.StatusCode)
		}
		if name != "too long" && !strings.Contains(res.Body, "Fant ingen forumtråd med den adressen eller det nummeret.") {
			t.Errorf("%s thread: no Norwegian message beside the field", name)
		}
	}
	if queryInt(t, `SELECT count(*) FROM projects WHERE title = 'Prosjekt med feil tråd'`) != 0 {
		t.Error("a project with a bad thread was stored")
	}
	res := admin.PostForm("/arshjul/aktivitet/ny", activityForm("Aktivitet med ukjent prosjekt", url.Values{"project": {"999999999"}}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Velg et prosjekt fra listen.") {
		t.Errorf("unknown project on an activity: %d", res.StatusCode)
	}
	res = admin.PostForm("/arshjul/aktivitet/ny", activityForm("Aktivitet med ukjent prosjekt", url.Values{"project": {"x"}}))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad project on an activity: %d", res.StatusCode)
	}
	up := admin.Do(uploadRequest(t, "/dokumenter", url.Values{"title": {"Dokument med ukjent prosjekt"}, "project": {"999999999"}}, "notat.txt", strings.NewReader("Notat\n")))
	if up.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(up.Body, "Velg et av prosjektene i listen.") {
		t.Errorf("unknown project on a document: %d", up.StatusCode)
	}
}

// The project page's queries do not grow with its documents and activities.
func TestProjectPageQueryCountDoesNotGrow(t *testing.T) {
	admin := newClient(t).Login("klyngeleder@remiks.example")
	_, openAddr := threadOf(t, "Budsjett for felles rapporteringsverktøy")
	path := newProject(t, admin, "Prosjekt med mange lenker", url.Values{"thread": {openAddr}})
	id := strings.TrimPrefix(path, "/prosjekter/")
	c := newClient(t).Login("direktor@las.example")
	before := coldGet(t, c, path)
	if before.StatusCode != http.StatusOK {
		t.Fatalf("project page: %d", before.StatusCode)
	}
	addDocuments(t, "las", "Mengdeprosjektdokument", 40)
	execSQL(t, `UPDATE documents SET project_id = $1::bigint WHERE title LIKE 'Mengdeprosjektdokument %'`, id)
	execSQL(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status, project_id)
		SELECT 'Mengdeprosjektaktivitet ' || i, 1, date '2058-01-01' + i, date '2058-01-01' + i, 'planlagt', $1::bigint FROM generate_series(1, 40) i`, id)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM activities WHERE title LIKE 'Mengdeprosjektaktivitet %'`)
		execSQL(t, `DELETE FROM documents WHERE title LIKE 'Mengdeprosjektdokument %'`)
	})
	after := coldGet(t, c, path)
	if !strings.Contains(after.Body, "Mengdeprosjektdokument") || !strings.Contains(after.Body, "Mengdeprosjektaktivitet 40") {
		t.Fatal("the page does not show the many documents and activities")
	}
	if after.Queries != before.Queries || after.Queries > 10 {
		t.Errorf("project page: %d queries before, %d after adding documents and activities", before.Queries, after.Queries)
	}
}
