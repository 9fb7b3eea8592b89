package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Takk and Lik count once per person however often they are sent, show who reacted, and can be
// taken back; nobody reacts to their own post, and outsiders of a forum see and do nothing.
func TestReactionsAreIdempotentAndShowWhoReacted(t *testing.T) {
	author := newClient(t).Login("ansatt@las.example")
	thread := startThread(t, author, "generelt", "Reaksjoner på innlegg", "Et nyttig tips om sortering.")
	id := threadIDOf(t, thread)
	reader := newClient(t).Login("ansatt@hrs.example")
	for range 3 { // double clicks and two tabs
		if res := reader.PostForm(thread+"/innlegg/1/reaksjon", url.Values{"type": {"takk"}, "pa": {"ja"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("takk: status %d", res.StatusCode)
		}
	}
	newClient(t).Login("ansatt@iris-salten.example").PostForm(thread+"/innlegg/1/reaksjon", url.Values{"type": {"lik"}, "pa": {"ja"}})
	if n := queryInt(t, `SELECT count(*) FROM forum_reactions r JOIN forum_posts p ON p.id = r.post_id WHERE p.thread_id = $1`, id); n != 2 {
		t.Errorf("%d reactions stored, want 2", n)
	}
	page := author.Get(thread)
	name := queryString(t, `SELECT name FROM users WHERE email = 'ansatt@hrs.example'`)
	if !strings.Contains(page.Body, "Takk (1)") || !strings.Contains(page.Body, "Lik (1)") || !strings.Contains(page.Body, "Takk fra "+name) {
		t.Error("the post does not show its reactions with counts and who reacted")
	}
	if res := author.PostForm(thread+"/innlegg/1/reaksjon", url.Values{"type": {"takk"}, "pa": {"ja"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("reacting to one's own post: status %d, want 403", res.StatusCode)
	}
	for _, bad := range []url.Values{{"type": {"hjerte"}, "pa": {"ja"}}, {"type": {"takk"}, "pa": {"kanskje"}}} {
		if res := reader.PostForm(thread+"/innlegg/1/reaksjon", bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("reaction %v: status %d, want 400", bad, res.StatusCode)
		}
	}
	for range 2 {
		reader.PostForm(thread+"/innlegg/1/reaksjon", url.Values{"type": {"takk"}, "pa": {"nei"}})
	}
	if strings.Contains(author.Get(thread).Body, "Takk (1)") {
		t.Error("a reaction taken back still counts")
	}

	// A restricted forum: outsiders can neither react nor see reactions.
	director := newClient(t).Login("direktor@las.example")
	closed := startThread(t, director, "direktorforum", "Lukket reaksjon", "Fortrolig.")
	newClient(t).Login("direktor@hrs.example").PostForm(closed+"/innlegg/1/reaksjon", url.Values{"type": {"takk"}, "pa": {"ja"}})
	if res := reader.PostForm(closed+"/innlegg/1/reaksjon", url.Values{"type": {"takk"}, "pa": {"ja"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("outsider reacting in the directors' forum: status %d, want 404", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_reactions r JOIN forum_posts p ON p.id = r.post_id WHERE p.thread_id = $1`, threadIDOf(t, closed)); n != 1 {
		t.Errorf("%d reactions in the closed thread, want the member's 1", n)
	}
}

// A question's asker or a moderator marks one reply as the answer: it shows under the first
// post and the lists flag the thread as solved; others may not mark it.
func TestQuestionSolution(t *testing.T) {
	asker := newClient(t).Login("ansatt@las.example")
	c := asker
	res := c.PostForm("/forum/generelt/ny", url.Values{"title": {"Hvordan vasker dere beholdere?"}, "body": {"Spørsmål om vask."},
		"skjema": {formKey(t, c, "/forum/generelt/ny")}, "sporsmal": {"ja"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start question: status %d", res.StatusCode)
	}
	thread := res.Header.Get("Location")
	helper := newClient(t).Login("ansatt@hrs.example")
	replyTo(t, helper, thread, "Vi bruker høytrykk med varmt vann.")
	replyTo(t, helper, thread, "Og såpe en gang i måneden.")
	if list := c.Get("/forum/generelt"); !strings.Contains(list.Body, ">Spørsmål</span>") {
		t.Error("the forum list does not flag the unanswered question")
	}
	if res := helper.PostForm(thread+"/innlegg/2/losning", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("someone else marking the answer: status %d, want 403", res.StatusCode)
	}
	for range 2 {
		if res := asker.PostForm(thread+"/innlegg/2/losning", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("asker marks answer: status %d", res.StatusCode)
		}
	}
	if res := asker.PostForm(thread+"/innlegg/1/losning", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("marking the question itself: status %d, want 403", res.StatusCode)
	}
	page := c.Get(thread)
	box := strings.Index(page.Body, `id="losning"`)
	if box < strings.Index(page.Body, `id="innlegg-1"`) || box > strings.Index(page.Body, `id="innlegg-2"`) || !strings.Contains(page.Body[box:], "høytrykk med varmt vann") {
		t.Error("the answer is not shown under the first post")
	}
	if list := c.Get("/forum/generelt"); !strings.Contains(list.Body, ">Løst</span>") {
		t.Error("the forum list does not flag the solved question")
	}
	// A moderator (cluster admin) may move the mark.
	admin := newClient(t).Login("klyngeleder@remiks.example")
	if res := admin.PostForm(thread+"/innlegg/3/losning", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("moderator: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT solution_seq FROM forum_threads WHERE id = $1`, threadIDOf(t, thread)); n != 3 {
		t.Errorf("solution is reply %d after the moderator's mark, want 3", n)
	}
	// An outsider of a restricted forum cannot mark anything there.
	director := newClient(t).Login("direktor@las.example")
	closed := director.PostForm("/forum/direktorforum/ny", url.Values{"title": {"Lukket spørsmål"}, "body": {"?"},
		"skjema": {formKey(t, director, "/forum/direktorforum/ny")}, "sporsmal": {"ja"}}).Header.Get("Location")
	replyTo(t, director, closed, "Svar.")
	if res := helper.PostForm(closed+"/innlegg/2/losning", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("outsider marking in a closed forum: status %d, want 404", res.StatusCode)
	}
	if res := helper.PostForm(closed+"/sporsmal", url.Values{"sporsmal": {"nei"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("outsider unmarking a closed question: status %d, want 404", res.StatusCode)
	}
}
