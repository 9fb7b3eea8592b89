package highlight

import (
	"html"
	"strings"
)

// inline are the elements that do not part words: "<strong>kom</strong>post" is one word.
var inline = map[string]bool{
	"a": true, "abbr": true, "b": true, "code": true, "del": true, "em": true, "i": true, "ins": true,
	"kbd": true, "mark": true, "s": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true, "u": true,
}

// HTMLText is the text of the portal's sanitised HTML (internal/markdown: no comments, scripts
// or attributes holding ">"): entities decoded, every element but inline ones a break between
// words. (golang.org/x/net/html's tokenizer took three times as long, for HTML in general.)
func HTMLText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for s != "" {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:lt])
		gt := strings.IndexByte(s[lt:], '>')
		if gt < 0 {
			break // a cut tag at the end
		}
		if !inline[tagName(s[lt+1:lt+gt])] {
			b.WriteByte(' ')
		}
		s = s[lt+gt+1:]
	}
	return html.UnescapeString(b.String())
}

// tagName is the lower-case name of the tag whose text (between < and >) is t.
func tagName(t string) string {
	t = strings.TrimPrefix(t, "/")
	end := strings.IndexAny(t, " \t\n/")
	if end >= 0 {
		t = t[:end]
	}
	return strings.ToLower(t)
}
