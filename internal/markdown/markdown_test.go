package markdown_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"klyngeportalen/internal/markdown"
)

func TestHTML(t *testing.T) {
	r := markdown.New()
	for _, tc := range []struct {
		name, src    string
		want, reject []string
	}{
		{"paragraph and emphasis", "Hei *alle* og **velkommen**", []string{"<p>Hei <em>alle</em> og <strong>velkommen</strong></p>"}, nil},
		{"raw html is not passed", "<script>alert(1)</script><b onclick=x>b</b>", nil, []string{"<script", "onclick", "<b"}},
		{"javascript link", "[klikk](javascript:alert(1))", nil, []string{"javascript:", "href"}},
		{"data link", "[klikk](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:"}},
		{"link is marked", "[Avfall Norge](https://avfallnorge.no)", []string{`href="https://avfallnorge.no"`, `rel="nofollow noopener"`}, nil},
		{"bare link", "Se https://example.no/side nå", []string{`<a href="https://example.no/side" rel="nofollow noopener">`}, nil},
		{"heading is moved down", "# Tittel\n\n## Under", []string{"<h3", "<h4"}, []string{"<h1", "<h2"}},
		{"image becomes a link", "![Kart](https://sporing.example/pixel.png)", []string{`<a href="https://sporing.example/pixel.png" rel="nofollow noopener">Kart</a>`}, []string{"<img"}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"quote", "> sitat", []string{"<blockquote>"}, nil},
		{"invalid utf-8", "a\xffb", []string{"a\uFFFDb"}, nil},
		{"attribute injection in title", `[x](https://e.no "a\" onmouseover=\"alert(1)")`, nil, []string{"onmouseover="}},
	} {
		got := r.HTML(tc.src)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tc.name, got, w)
			}
		}
		for _, w := range tc.reject {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q contains %q", tc.name, got, w)
			}
		}
	}
}

// FuzzHTML checks, on whatever input, that the output has only harmless elements and
// attributes and no link to a script.
func FuzzHTML(f *testing.F) {
	r := markdown.New()
	for _, s := range []string{"# a", "[x](javascript:1)", "<img src=x onerror=alert(1)>", "![a](b)", "| a |\n|---|\n| <i> |", "0 onerror="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) { harmless(t, src, r.HTML(src)) })
}

// FuzzHTMLWithDocuments checks the same with a document reference whose title is the input.
func FuzzHTMLWithDocuments(f *testing.F) {
	r := markdown.New()
	for _, s := range []string{"<script>alert(1)</script>", "](javascript:1)", "&lt;b&gt;", "\\*x*", "[[dok:1]]"} {
		f.Add(s, "Se [[dok:1]] og [[dok:2]].")
	}
	f.Fuzz(func(t *testing.T, title, src string) {
		out := r.HTMLWithDocuments(src, map[int64]string{1: title})
		harmless(t, src, out)
		// Written unescaped, the title would show up more often than in the same text with a
		// harmless title (a title like "<" is a part of every tag, escaped or not).
		plain := r.HTMLWithDocuments(src, map[int64]string{1: "Z"})
		if strings.Contains(src, "[[dok:1]]") && !strings.Contains(src, "`") && strings.Contains(title, "<") &&
			strings.Count(out, title) > strings.Count(plain, title) {
			t.Fatalf("title %q written unescaped in %q", title, out)
		}
	})
}

// harmless fails t unless out, rendered from src, has only harmless elements and attributes.
func harmless(t *testing.T, src, out string) {
	t.Helper()
	allowed := map[string]bool{}
	for _, el := range strings.Fields("p a em strong del code pre blockquote ul ol li h3 h4 h5 h6 hr br table thead tbody tr th td input") {
		allowed[el] = true
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if !allowed[tok.Data] {
			t.Fatalf("%q rendered element %q in %q", src, tok.Data, out)
		}
		for _, a := range tok.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" || (a.Key == "href" && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:"))) {
				t.Fatalf("%q rendered attribute %s=%q", src, a.Key, a.Val)
			}
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	r := markdown.New()
	src := strings.Repeat("Dette er et **innlegg** om [restavfall](https://example.no) og plukkanalyser.\n\n- punkt en\n- punkt to\n\n", 20)
	b.ReportAllocs()
	for b.Loop() {
		r.HTML(src)
	}
}
