package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var snippetRe = regexp.MustCompile(`(?s)<p class="ds-paragraph search-hit__snippet"[^>]*>(.*?)</p>`)

// Search results show the post's text as clean words with the matches marked, never the
// formatting characters the author typed.
func TestSearchSnippetsAreCleanText(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	startThread(t, c, "generelt", "Snuttetest", "Vi har prøvd **komposteringsforsøket** med _matavfall_ i `beholdere` & kasser.\n\n- punkt [lenke](https://example.org)\n\n> sitat")
	res := c.Get("/forum/sok?q=" + url.QueryEscape("komposteringsforsøket"))
	m := snippetRe.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatal("no snippet in the search result")
	}
	snippet := m[1]
	if !strings.Contains(snippet, "<mark>komposteringsforsøket</mark>") {
		t.Errorf("the match is not highlighted: %s", snippet)
	}
	for _, raw := range []string{"**", "_matavfall_", "`", "[lenke]", "](", "&amp;amp;", "&gt; sitat", "<strong>"} {
		if strings.Contains(snippet, raw) {
			t.Errorf("the snippet shows %q: %s", raw, snippet)
		}
	}
	if !strings.Contains(snippet, "matavfall i beholdere &amp; kasser") {
		t.Errorf("the snippet's text is not the post's words: %s", snippet)
	}
}

// A word common among the newest posts is searched with the one generic statement
// (forum.Search: a round trip less than a rare word); it applies the access rule as the planned
// one does: the directors' posts are found by their members only, not even as a count.
func TestForumSearchForACommonWordKeepsRestrictedPostsHidden(t *testing.T) {
	director := newClient(t).Login("direktor@vefas.example")
	thread := startThread(t, director, "direktorforum", "Sjøormplanen for eiermøtet", "Sjøormplanen er fortrolig.")
	for i := range 9 {
		if res := replyTo(t, director, thread, fmt.Sprintf("Sjøormplanen, punkt %d.", i+1)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reply %d: status %d", i+1, res.StatusCode)
		}
	}
	member := director.Get("/forum/sok?q=" + url.QueryEscape("sjøormplanen"))
	if !strings.Contains(member.Body, "Sjøormplanen for eiermøtet") {
		t.Fatal("a member of the directors' forum does not find its thread")
	}
	outsider := newClient(t).Login("ansatt@las.example").Get("/forum/sok?q=" + url.QueryEscape("sjøormplanen"))
	if outsider.StatusCode != http.StatusOK || strings.Contains(outsider.Body, "Sjøorm") || !strings.Contains(outsider.Body, "Ingen treff") {
		t.Errorf("an outsider's search for a common word shows the directors' posts (status %d)", outsider.StatusCode)
	}
	if member.Queries != 2 || outsider.Queries != 2 {
		t.Errorf("round trips: member %d, outsider %d; want 2 each, as for a common word", member.Queries, outsider.Queries)
	}
}
