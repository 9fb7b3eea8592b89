package web_test

import (
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
