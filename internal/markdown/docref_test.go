package markdown

import (
	"strconv"
	"strings"
	"testing"
)

func TestDocumentReferences(t *testing.T) {
	r := New()
	titles := map[int64]string{5: `<script>alert(1)</script> &amp; \*`}
	src := "Se [[dok:5]] og [[dok:6]], `[[dok:5]]` og [[dok:5]]x.\n\n```\n[[dok:5]]\n```\n"
	got := r.HTMLWithDocuments(src, titles)
	link := `<a href="/dokumenter/5" rel="nofollow noopener">&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; \*</a>`
	if strings.Count(got, link) != 2 {
		t.Errorf("want the reference twice as a link with the escaped title:\n%s", got)
	}
	for _, want := range []string{"[[dok:6]]", "<code>[[dok:5]]</code>", "<pre><code>[[dok:5]]\n</code></pre>"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "<script>") {
		t.Errorf("the title was written as HTML:\n%s", got)
	}
	if plain := r.HTML(src); strings.Contains(plain, "/dokumenter/") {
		t.Errorf("HTML links a document without titles:\n%s", plain)
	}
}

func TestDocumentRefsAreDistinctAndBounded(t *testing.T) {
	if got := DocumentRefs("[[dok:3]] [[dok:3]] [[dok:0]] dok:4 [[dok:12]]"); len(got) != 2 || got[0] != 3 || got[1] != 12 {
		t.Errorf("DocumentRefs = %v, want [3 12]", got)
	}
	var b strings.Builder
	for i := 1; i <= 200; i++ {
		b.WriteString("[[dok:" + strconv.Itoa(i) + "]] ")
	}
	if got := DocumentRefs(b.String()); len(got) != maxRefs {
		t.Errorf("%d references kept, want %d", len(got), maxRefs)
	}
}
