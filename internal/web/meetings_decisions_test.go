package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// decidedMeeting adds a locked meeting of group with two decisions, the first shared with all
// members; it returns the meeting's id and the two cases' ids.
func decidedMeeting(t *testing.T, group, word string) (int64, int64, int64) {
	t.Helper()
	id, shared := meetingWithCase(t, group, "Vedtakstest "+word, "-2 days")
	admin := newClient(t).Login("klyngeleder@remiks.example")
	admin.PostForm(meetingPath(id)+"/saker/ny", url.Values{"kind": {"vedtak"}, "title": {"Intern sak " + word}, "focus_area": {"3"}})
	private := queryInt(t, `SELECT id FROM meeting_cases WHERE meeting_id = $1 AND id <> $2`, id, shared)
	form := minutesForm(shared, "Drøftet.", "Delt vedtak om "+word+"budsjett.")
	for k, v := range minutesForm(private, "Internt.", "Internt vedtak om "+word+"mandat.") {
		form[k] = v
	}
	if res := admin.PostForm(meetingPath(id)+"/referat", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("minutes: status %d", res.StatusCode)
	}
	if res := admin.PostForm(meetingPath(id)+"/saker/"+idStr(shared)+"/deling?delt=ja", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: status %d", res.StatusCode)
	}
	return id, shared, private
}

func lockMinutes(t *testing.T, id int64) {
	execSQL(t, `UPDATE meetings SET minutes_locked_at = now() WHERE id = $1`, id)
}

func TestDecisionRegisterShowsSharedDecisionsToAllAndTheRestToTheGroup(t *testing.T) {
	id, shared, private := decidedMeeting(t, "direktorforum", "Kvitstein")
	outsider := newClient(t).Login("ansatt@las.example")
	member := newClient(t).Login("direktor@fimil.example")
	// Decisions of minutes not yet approved are not in the register.
	if res := member.Get("/vedtak?q=Kvitsteinbudsjett"); strings.Contains(res.Body, "om Kvitsteinbudsjett") {
		t.Fatal("a decision of unapproved minutes is in the register")
	}
	lockMinutes(t, id)
	res := member.Get("/vedtak?q=Kvitsteinbudsjett")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Delt vedtak om Kvitsteinbudsjett.") || strings.Contains(res.Body, "om Kvitsteinmandat") {
		t.Fatalf("search for one decision: status %d", res.StatusCode)
	}
	if res := member.Get("/vedtak"); !strings.Contains(res.Body, "om Kvitsteinbudsjett") || !strings.Contains(res.Body, "om Kvitsteinmandat") {
		t.Error("the group's member does not see both decisions")
	}
	// An outsider sees the shared decision, in the list, by search and by id, but not the other.
	if res := outsider.Get("/vedtak"); !strings.Contains(res.Body, "om Kvitsteinbudsjett") || strings.Contains(res.Body, "om Kvitsteinmandat") {
		t.Error("the outsider's register does not show exactly the shared decision")
	}
	if res := outsider.Get("/vedtak?q=Kvitsteinmandat"); strings.Contains(res.Body, "om Kvitsteinmandat") {
		t.Error("the outsider finds the group's decision by search")
	}
	if res := outsider.Get("/vedtak/" + idStr(shared)); res.StatusCode != http.StatusOK || strings.Contains(res.Body, `href="/moter/`) {
		t.Errorf("the shared decision for the outsider: status %d (and no link to the meeting)", res.StatusCode)
	}
	if res := outsider.Get("/vedtak/" + idStr(private)); res.StatusCode != http.StatusNotFound {
		t.Errorf("the group's decision by id for the outsider: status %d, want 404", res.StatusCode)
	}
	if res := member.Get("/vedtak/" + idStr(private)); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `href="/moter/`+idStr(id)) {
		t.Errorf("the group's decision for the member: status %d", res.StatusCode)
	}
	// Unsharing takes it out of the outsider's register.
	newClient(t).Login("klyngeleder@remiks.example").PostForm(meetingPath(id)+"/saker/"+idStr(shared)+"/deling?delt=nei", nil)
	if res := outsider.Get("/vedtak/" + idStr(shared)); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unshared decision for the outsider: status %d, want 404", res.StatusCode)
	}
}

func TestDecisionRegisterFilters(t *testing.T) {
	id, _, _ := decidedMeeting(t, "styringsgruppen", "Filterord")
	lockMinutes(t, id)
	year := strconv.Itoa(time.Now().AddDate(0, 0, -2).Year())
	admin := newClient(t).Login("klyngeleder@remiks.example")
	for query, want := range map[string][2]bool{ // shows budsjett (focus 1), mandat (focus 3)
		"gruppe=styringsgruppen": {true, true},
		"gruppe=direktorforum":   {false, false},
		"ar=" + year:             {true, true},
		"ar=2001":                {false, false},
		"fokus=1":                {true, false},
		"fokus=3":                {false, true},
		"q=Filterordmandat&gruppe=styringsgruppen":            {false, true},
		"ar=tull&fokus=-4&gruppe=" + strings.Repeat("x", 100): {true, true}, // bad filters are ignored
	} {
		res := admin.Get("/vedtak?" + query)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", query, res.StatusCode)
		}
		got := [2]bool{strings.Contains(res.Body, "om Filterordbudsjett"), strings.Contains(res.Body, "om Filterordmandat")}
		if got != want {
			t.Errorf("/vedtak?%s shows %v, want %v", query, got, want)
		}
	}
}

// The register pages by keys, 25 decisions a page, newest first: every decision once, ties of
// meeting time and number (two groups' meetings at the same hour) broken by the case, the
// filter kept on the next page, and each page read in one batch after the session.
func TestDecisionRegisterPages(t *testing.T) {
	execSQL(t, `
		WITH m AS (
			INSERT INTO meetings (group_id, title, starts_at, ends_at, place, minutes_locked_at)
			SELECT g.id, 'Sidemøte', timestamptz '2019-03-05 10:00+01', timestamptz '2019-03-05 13:00+01', 'Bodø', now()
			FROM groups g WHERE g.slug IN ('direktorforum', 'styringsgruppen') RETURNING id, group_id)
		INSERT INTO meeting_cases (meeting_id, group_id, year, number, kind, title, decision_md, decision_html, decision_shared)
		SELECT m.id, m.group_id, 2019, n, 'vedtak', 'Sidevandring ' || n, 'Vedtatt om sidevandring.', '<p>Vedtatt om sidevandring.</p>', true
		FROM m, generate_series(1, 15) n`)
	admin := newClient(t).Login("klyngeleder@remiks.example")
	caseLink := regexp.MustCompile(`href="/vedtak/(\d+)"`)
	seen := map[string]bool{}
	path, pages := "/vedtak?q=sidevandring", 0
	for path != "" {
		res := admin.Get(path)
		if res.StatusCode != http.StatusOK || res.Queries != 2 {
			t.Fatalf("GET %s: status %d, %d round trips; want 200 and 2", path, res.StatusCode, res.Queries)
		}
		links := caseLink.FindAllStringSubmatch(res.Body, -1)
		if want := []int{25, 5}[min(pages, 1)]; len(links) != want {
			t.Errorf("page %d shows %d decisions, want %d", pages+1, len(links), want)
		}
		for _, l := range links {
			if seen[l[1]] {
				t.Errorf("decision %s shown twice", l[1])
			}
			seen[l[1]] = true
		}
		path = ""
		if m := regexp.MustCompile(`href="(/vedtak\?[^"]*etter=[^"]*)"[^>]*>Eldre vedtak`).FindStringSubmatch(res.Body); m != nil {
			path = html.UnescapeString(m[1])
			if !strings.Contains(path, "q=sidevandring") {
				t.Errorf("the next page drops the search: %s", path)
			}
		}
		if pages++; pages > 3 {
			t.Fatal("the register pages on and on")
		}
	}
	if len(seen) != 30 || pages != 2 {
		t.Errorf("%d decisions in %d pages, want 30 in 2", len(seen), pages)
	}
	// A cursor of another shape is the first page.
	if res := admin.Get("/vedtak?q=sidevandring&etter=tull_1"); res.StatusCode != http.StatusOK || len(caseLink.FindAllString(res.Body, -1)) != 25 {
		t.Errorf("a bad cursor: status %d", res.StatusCode)
	}
}
