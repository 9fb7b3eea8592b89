package web_test

import (
	"net/http"
	"net/url"
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
