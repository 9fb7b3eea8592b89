package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

var eventArc = regexp.MustCompile(`<a href="/arshjul/\d{4}\?(?:[^"]*&amp;)?valgt=e(\d+)#valgt">`) // an arc of the wheel

// wheelEvents makes four events in 2056: one open, one for the directors' forum, a draft, and
// one without a focus area (never on the wheel). It returns their ids in that order.
func wheelEvents(t *testing.T) (open, group, draft, noFocus string) {
	t.Helper()
	at := `starts_at = $2::timestamptz, ends_at = $2::timestamptz + interval '3 hours'`
	open = testEvent(t, "Åpen fagdag om kildesortering", at+`, focus_area_id = 1`, "2056-03-10 09:00+01")
	group = testEvent(t, "Lukket direktørmøte om eierstyring", at+`, focus_area_id = 2, group_id = (SELECT id FROM groups WHERE slug = 'direktorforum')`, "2056-05-12 10:00+02")
	draft = testEvent(t, "Utkast til konferanse om stordrift", at+`, focus_area_id = 3, status = 'draft'`, "2056-09-01 09:00+02")
	noFocus = testEvent(t, "Arrangement uten satsingsområde", at, "2056-04-01 09:00+02")
	return open, group, draft, noFocus
}

func TestWheelShowsOnlyTheEventsTheViewerMaySee(t *testing.T) {
	open, group, draft, noFocus := wheelEvents(t)
	titles := map[string]string{open: "Åpen fagdag om kildesortering", group: "Lukket direktørmøte om eierstyring", draft: "Utkast til konferanse om stordrift", noFocus: "Arrangement uten satsingsområde"}
	for _, tc := range []struct {
		email string
		sees  []string
		count string
	}{
		{"ansatt@las.example", []string{open}, " og 1 arrangement i året."},
		{"direktor@las.example", []string{open, group}, " og 2 arrangementer i året."},
		{"klyngeleder@remiks.example", []string{open, group, draft}, " og 3 arrangementer i året."},
	} {
		c := newClient(t).Login(tc.email)
		want := slices.Clone(tc.sees)
		slices.Sort(want)
		res := c.Get("/arshjul/2056")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tc.email, res.StatusCode)
		}
		drawing := section(t, res.Body, `<svg xmlns="http://www.w3.org/2000/svg" class="wheel__drawing"`, "</svg>")
		wellFormed(t, "drawing", drawing)
		list := section(t, res.Body, `<section class="plan-list"`, `<section class="plan-exports"`)
		if got := ids(eventArc, drawing); !slices.Equal(got, want) {
			t.Errorf("%s: event arcs %v, want %v", tc.email, got, want)
		}
		if got := ids(regexp.MustCompile(`plan-item__event" href="/arrangementer/(\d+)"`), list); !slices.Equal(got, want) {
			t.Errorf("%s: listed events %v, want %v", tc.email, got, want)
		}
		if !strings.Contains(res.Body, tc.count) {
			t.Errorf("%s: the page does not say %q", tc.email, tc.count)
		}
		if !strings.Contains(drawing, `data-kind="arrangement"`) || !strings.Contains(drawing, `stroke-dasharray="7 4"`) || !strings.Contains(drawing, ">Arrangement</text>") {
			t.Errorf("%s: the events are not drawn apart from the activities, with a legend", tc.email)
		}
		// The open event is in its focus area's ring, named as an event.
		if !strings.Contains(drawing, "<title>Arrangement: Åpen fagdag om kildesortering, 10. mars 2056 (Kompetanse)</title>") {
			t.Errorf("%s: the open event's arc is not titled as an event in Kompetanse", tc.email)
		}
		svg := c.Get("/arshjul/2056/arshjul.svg")
		ics := c.Get("/arshjul/2056/arshjul.ics")
		csv := c.Get("/arshjul/2056/arshjul.csv")
		wellFormed(t, "SVG file", svg.Body)
		if got := ids(regexp.MustCompile(`<a href="http://portal.test/arrangementer/(\d+)">`), svg.Body); !slices.Equal(got, want) {
			t.Errorf("%s: SVG file links events %v, want %v", tc.email, got, want)
		}
		if n := strings.Count(ics.Body, "UID:arrangement-"); n != len(want) {
			t.Errorf("%s: ICS has %d events, want %d", tc.email, n, len(want))
		}
		if n := strings.Count(csv.Body, ";Arrangement\r\n"); n != len(want) {
			t.Errorf("%s: CSV has %d events, want %d", tc.email, n, len(want))
		}
		for id, title := range titles {
			shown := slices.Contains(tc.sees, id)
			for what, body := range map[string]string{"page": res.Body, "SVG": svg.Body, "ICS": ics.Body, "CSV": csv.Body} {
				if got := strings.Contains(body, title) || strings.Contains(body, "/arrangementer/"+id+`"`); got != shown {
					t.Errorf("%s: %s shows %q: %v, want %v", tc.email, what, title, got, shown)
				}
			}
		}
	}
	// Filters apply to the events too: the open event is Kompetanse, planned.
	c := newClient(t).Login("klyngeleder@remiks.example")
	for path, want := range map[string][]string{
		"/arshjul/2056?fokus=kompetanse": {open},
		"/arshjul/2056?fokus=stordrift":  {draft},
		"/arshjul/2056?status=avlyst":    nil,
		"/arshjul/2056?status=planlagt":  {open, group, draft},
	} {
		slices.Sort(want)
		if got := ids(eventArc, c.Get(path).Body); !slices.Equal(got, want) {
			t.Errorf("%s: event arcs %v, want %v", path, got, want)
		}
	}
}

// threadOf returns the id and address of the demo thread with title.
func threadOf(t *testing.T, title string) (id, address string) {
	t.Helper()
	n := queryInt(t, `SELECT id FROM forum_threads WHERE title = $1`, title)
	var slug string
	if err := dbtest.Pool(t).QueryRow(t.Context(), `SELECT f.slug FROM forums f JOIN forum_threads t ON t.forum_id = f.id WHERE t.id = $1`, n).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	return idStr(n), "/forum/" + slug + "/" + idStr(n)
}

func activityForm(title string, extra url.Values) url.Values {
	v := url.Values{"title": {title}, "focus_area": {"2"}, "starts_on": {"2056-05-01"}, "ends_on": {"2056-05-31"}, "status": {"planlagt"}}
	for k, s := range extra {
		v[k] = s
	}
	return v
}

func TestActivityLinksKeepRestrictedEventsAndThreadsHidden(t *testing.T) {
	open, group, draft, _ := wheelEvents(t)
	closedThread, closedAddr := threadOf(t, "Budsjett for felles rapporteringsverktøy") // direktørforum
	closedTitle := "Budsjett for felles rapporteringsverktøy"
	openThread := queryInt(t, `SELECT t.id FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE f.group_id IS NULL ORDER BY t.id LIMIT 1`)

	// The cluster leader links an activity to the directors' event and thread, by the thread's full address.
	admin := newClient(t).Login("klyngeleder@remiks.example")
	form := admin.Get("/arshjul/aktivitet/ny")
	if !strings.Contains(form.Body, `<option value="`+draft+`"`) || !strings.Contains(form.Body, `for="thread"`) {
		t.Fatal("the cluster leader's form does not offer the draft event or the thread field")
	}
	res := admin.PostForm("/arshjul/aktivitet/ny", activityForm("Eierstyring i praksis", url.Values{"event": {group}, "thread": {"http://portal.test" + closedAddr + "?fra=1#innlegg-1"}}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create with links: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	page := res.Header.Get("Location")
	id := strings.TrimPrefix(page, "/arshjul/aktivitet/")
	t.Cleanup(func() { execSQL(t, `DELETE FROM activities WHERE id = $1`, id) })
	if queryInt(t, `SELECT count(*) FROM activities WHERE id = $1 AND event_id = $2 AND thread_id = $3`, id, group, closedThread) != 1 {
		t.Fatal("the links are not saved")
	}

	// Director and cluster leader see the links; the member sees the activity, not the links.
	for _, tc := range []struct {
		email string
		sees  bool
	}{{"klyngeleder@remiks.example", true}, {"direktor@las.example", true}, {"ansatt@las.example", false}} {
		c := newClient(t).Login(tc.email)
		body := c.Get(page).Body
		if !strings.Contains(body, "Eierstyring i praksis") {
			t.Fatalf("%s does not see the activity", tc.email)
		}
		for what, s := range map[string]string{"event title": "Lukket direktørmøte om eierstyring", "event link": `href="/arrangementer/` + group + `"`,
			"thread title": closedTitle, "thread link": closedAddr} {
			if strings.Contains(body, s) != tc.sees {
				t.Errorf("%s: the activity page shows the %s: %v", tc.email, what, !tc.sees)
			}
		}
		wheel := c.Get("/arshjul/2056").Body
		if !strings.Contains(wheel, "Eierstyring i praksis") || strings.Contains(wheel, "Lukket direktørmøte") != tc.sees {
			t.Errorf("%s: the wheel shows the activity, or the restricted event, wrongly", tc.email)
		}
		// The event's page lists the activity to those who may see the event; others get a 404.
		ev := c.Get("/arrangementer/" + group)
		if tc.sees {
			if ev.StatusCode != http.StatusOK || !strings.Contains(ev.Body, "I årshjulet") || !strings.Contains(ev.Body, `href="`+page+`"`) {
				t.Errorf("%s: the event page does not list the activity (status %d)", tc.email, ev.StatusCode)
			}
		} else if ev.StatusCode != http.StatusNotFound {
			t.Errorf("%s: the restricted event page: status %d", tc.email, ev.StatusCode)
		}
	}

	// A steering group member outside the directors' forum edits the plan: the restricted event
	// and the draft are not offered, linking them by a forged post is refused like a missing one,
	// and saving the activity keeps the links they could not see.
	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT g.id, u.id FROM groups g, users u WHERE g.slug = 'styringsgruppen' AND u.email = 'ansatt@hrs.example'`)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM group_members WHERE user_id = (SELECT id FROM users WHERE email = 'ansatt@hrs.example') AND group_id = (SELECT id FROM groups WHERE slug = 'styringsgruppen')`)
	})
	steer := newClient(t).Login("ansatt@hrs.example")
	edit := steer.Get(page + "/rediger")
	if edit.StatusCode != http.StatusOK {
		t.Fatalf("the steering member's edit form: status %d", edit.StatusCode)
	}
	for _, s := range []string{"Lukket direktørmøte", "Utkast til konferanse", closedTitle, `name="thread" type="text" value="` + closedThread + `"`} {
		if strings.Contains(edit.Body, s) {
			t.Errorf("the steering member's form shows %q", s)
		}
	}
	if !strings.Contains(edit.Body, `<option value="`+open+`"`) || !strings.Contains(edit.Body, `name="thread" type="text" value=""`) {
		t.Error("the steering member's form does not offer the open event")
	}
	for _, tc := range []struct {
		name  string
		extra url.Values
		field string
		msg   string
	}{
		{"restricted event", url.Values{"event": {group}}, "event", "Velg et arrangement fra listen."},
		{"draft event", url.Values{"event": {draft}}, "event", "Velg et arrangement fra listen."},
		{"missing event", url.Values{"event": {"999999999"}}, "event", "Velg et arrangement fra listen."},
		{"malformed event", url.Values{"event": {"x"}}, "event", "Velg et arrangement fra listen."},
		{"restricted thread", url.Values{"thread": {closedAddr}}, "thread", "Fant ingen tråd med den adressen eller det nummeret."},
		{"missing thread", url.Values{"thread": {"999999999"}}, "thread", "Fant ingen tråd med den adressen eller det nummeret."},
		{"not a thread", url.Values{"thread": {"https://example.com/noe"}}, "thread", "Lim inn adressen til tråden"},
		{"control character", url.Values{"thread": {"12\x01"}}, "thread", ""}, // a NUL never gets here: refuseUnreadableForms
		{"too long", url.Values{"thread": {strings.Repeat("1", 301)}}, "thread", ""},
	} {
		before := queryInt(t, `SELECT count(*) FROM activities`)
		res := steer.PostForm("/arshjul/aktivitet/ny", activityForm("Skal ikke lagres", tc.extra))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="`+tc.field+`-feil"`) || !strings.Contains(res.Body, tc.msg) {
			t.Errorf("%s: status %d, or no message on the field", tc.name, res.StatusCode)
		}
		if queryInt(t, `SELECT count(*) FROM activities`) != before {
			t.Errorf("%s: an activity was saved", tc.name)
		}
	}
	res = steer.PostForm(page+"/rediger", activityForm("Eierstyring i praksis, oppdatert", nil))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the steering member's edit: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	if queryInt(t, `SELECT count(*) FROM activities WHERE id = $1 AND title = 'Eierstyring i praksis, oppdatert' AND event_id = $2 AND thread_id = $3`, id, group, closedThread) != 1 {
		t.Error("saving the activity dropped the links the editor could not see")
	}
	// Links they may see they set and clear: by the thread's number.
	res = steer.PostForm(page+"/rediger", activityForm("Eierstyring i praksis", url.Values{"event": {open}, "thread": {idStr(openThread)}}))
	if res.StatusCode != http.StatusSeeOther || queryInt(t, `SELECT count(*) FROM activities WHERE id = $1 AND event_id = $2 AND thread_id = $3`, id, open, openThread) != 1 {
		t.Fatalf("setting visible links: status %d", res.StatusCode)
	}
	body := steer.Get(page).Body
	if !strings.Contains(body, "Åpen fagdag om kildesortering") || !strings.Contains(body, "Forumtråd") {
		t.Error("the activity page does not show the visible event and thread")
	}
	if ev := steer.Get("/arrangementer/" + open).Body; !strings.Contains(ev, `href="`+page+`"`) {
		t.Error("the open event's page does not list the activity")
	}
	res = steer.PostForm(page+"/rediger", activityForm("Eierstyring i praksis", nil))
	if res.StatusCode != http.StatusSeeOther || queryInt(t, `SELECT count(*) FROM activities WHERE id = $1 AND event_id IS NULL AND thread_id IS NULL`, id) != 1 {
		t.Errorf("clearing visible links: status %d", res.StatusCode)
	}

	// Deleting a linked event leaves the activity without the link.
	execSQL(t, `UPDATE activities SET event_id = $2 WHERE id = $1`, id, open)
	execSQL(t, `DELETE FROM events WHERE id = $1`, open)
	if queryInt(t, `SELECT count(*) FROM activities WHERE id = $1 AND event_id IS NULL`, id) != 1 {
		t.Error("deleting the event did not clear the link")
	}
}
