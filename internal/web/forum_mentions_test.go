package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// namedUser makes a fresh member of company slug called name.
func namedUser(t *testing.T, slug, name string) (string, int64) {
	t.Helper()
	email, id := freshUser(t, slug, "member")
	execSQL(t, `UPDATE users SET name = $2 WHERE id = $1`, id, name)
	return email, id
}

func mentionsOf(t *testing.T, uid int64) int64 {
	t.Helper()
	return queryInt(t, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'mention'`, uid)
}

// A chosen mention @[Name](id) notifies exactly that person and links to them; a typed full
// name notifies only when one person who may see the forum has it; nobody outside a forum is
// notified of, or linked from, a mention there.
func TestMentionsNotifyTheChosenPersonOnly(t *testing.T) {
	_, kari1 := namedUser(t, "las", "Kari Dobbeltnavn")
	_, kari2 := namedUser(t, "hrs", "Kari Dobbeltnavn")
	_, unik := namedUser(t, "vefas", "Unik Nevnesen")
	poster := newClient(t).Login("ansatt@las.example")
	thread := startThread(t, poster, "generelt", "Nevninger", "Hei @Kari Dobbeltnavn og @Unik Nevnesen, se her.")
	if mentionsOf(t, unik) != 1 || mentionsOf(t, kari1) != 0 || mentionsOf(t, kari2) != 0 {
		t.Errorf("typed names: Unik %d, Kari 1 %d, Kari 2 %d mentions; want 1, 0, 0 (two Karis: no guessing)", mentionsOf(t, unik), mentionsOf(t, kari1), mentionsOf(t, kari2))
	}
	if res := replyTo(t, poster, thread, fmt.Sprintf("Jeg mente @[Kari Dobbeltnavn](%d).", kari2)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: status %d", res.StatusCode)
	}
	if mentionsOf(t, kari2) != 1 || mentionsOf(t, kari1) != 0 {
		t.Error("the chosen Kari is not the one notified")
	}
	page := poster.Get(thread)
	if !strings.Contains(page.Body, fmt.Sprintf(`href="/personer/%d"`, kari2)) || !strings.Contains(page.Body, fmt.Sprintf(`href="/personer/%d"`, unik)) ||
		strings.Contains(page.Body, fmt.Sprintf(`](%d)`, kari2)) {
		t.Error("mentions are not rendered as links to the people")
	}

	// The directors' forum: someone outside it is neither notified nor linked.
	director := newClient(t).Login("direktor@las.example")
	closed := startThread(t, director, "direktorforum", "Lukket nevning", fmt.Sprintf("Hei @[Unik Nevnesen](%d) og @Unik Nevnesen.", unik))
	if mentionsOf(t, unik) != 1 {
		t.Error("a person outside the directors' forum was notified of a mention there")
	}
	if body := director.Get(closed).Body; strings.Contains(body, fmt.Sprintf(`/personer/%d"`, unik)) || !strings.Contains(body, "Hei @Unik Nevnesen") {
		t.Error("a mention of an outsider in a closed forum is linked, or not shown as plain text")
	}
}

// The @ list's JSON names only people who may see the forum, for viewers who may see it.
func TestMentionListOnlyForThoseWhoMaySee(t *testing.T) {
	namedUser(t, "las", "Ylva Listesen")
	member := newClient(t).Login("ansatt@hrs.example")
	res := member.Get("/forum/generelt/personer?q=" + url.QueryEscape("ylva"))
	var people []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(res.Body), &people) != nil || len(people) != 1 || people[0].Name != "Ylva Listesen" {
		t.Fatalf("open forum list: status %d, body %s", res.StatusCode, res.Body)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || res.Header.Get("Cache-Control") != "private, no-store" {
		t.Error("the list is not private JSON")
	}
	if res := member.Get("/forum/direktorforum/personer?q=ylva"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an outsider asks the directors' forum's list: status %d, want 404", res.StatusCode)
	}
	director := newClient(t).Login("direktor@las.example")
	res = director.Get("/forum/direktorforum/personer?q=ylva")
	if res.StatusCode != http.StatusOK || strings.TrimSpace(res.Body) != "[]" {
		t.Errorf("the directors' forum's list offers someone outside it: %s", res.Body)
	}
	if res := director.Get("/forum/generelt/personer?q=" + strings.Repeat("a", 61)); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a long query: status %d, want 400", res.StatusCode)
	}
}
