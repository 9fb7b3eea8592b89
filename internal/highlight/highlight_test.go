package highlight

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// marked shows the markers as brackets.
func marked(s string) string { return strings.NewReplacer(Start, "[", End, "]").Replace(s) }

func TestInflectedFormsAreMarked(t *testing.T) {
	cases := []struct{ tree, text, want string }{
		{"'plukkanalys'", "Plukkanalysene fra Alta viser mer plast.", "[Plukkanalysene] fra Alta viser mer plast."},
		{"'restavfall'", "Mindre restavfall i år, og restavfallets vekt falt.", "Mindre [restavfall] i år, og [restavfallets] vekt falt."},
		// A word that begins like the search but has another stem is not marked.
		{"'bil'", "Et bilde av en bil.", "Et bilde av en [bil]."},
		{"'fell' <-> 'anbud' | 'innsamling'", "Felles anbud på innsamling av glass", "[Felles] [anbud] på [innsamling] av glass"},
		{"'hms'", "Ny HMS-plan for 2027", "Ny [HMS]-plan for 2027"},
		{"'o''neil'", "Møte med O'Neil", "Møte med O'Neil"}, // a quote parts the text's words
	}
	for _, c := range cases {
		if got := marked(Parse(c.tree).Snippet(c.text, 30, 2)); got != c.want {
			t.Errorf("%s in %q:\n got %s\nwant %s", c.tree, c.text, got, c.want)
		}
	}
	if q := Parse("'o''neil' & 'fell'"); len(q.stems) != 2 || q.stems[0] != "o'neil" {
		t.Errorf("a doubled quote in a lexeme: %q", q.stems)
	}
}

func TestSnippetIsCutAroundTheMatches(t *testing.T) {
	words := make([]string, 100)
	for i := range words {
		words[i] = "ord"
	}
	words[50] = "kompost"
	text := strings.Join(words, " ") + "."
	got := marked(Parse("'kompost'").Snippet(text, 10, 2))
	if want := "… ord ord ord ord [kompost] ord ord ord ord ord …"; got != want {
		t.Errorf("one match in the middle:\n got %s\nwant %s", got, want)
	}
	words[70] = "komposten" // within the words a snippet looks at: three times its length from the first match
	got = marked(Parse("'kompost'").Snippet(strings.Join(words, " "), 10, 2))
	if want := "… ord ord ord ord [kompost] … ord ord ord ord [komposten] …"; got != want {
		t.Errorf("two matches far apart:\n got %s\nwant %s", got, want)
	}
	if got := marked(Parse("'glass'").Snippet(text, 5, 2)); got != "ord ord ord ord ord …" {
		t.Errorf("no match: the text's start, got %s", got)
	}
	if got := Parse("'glass'").Snippet("Kort tekst.", 30, 2); got != "Kort tekst." {
		t.Errorf("a short text whole: got %s", got)
	}
}

func TestSnippetNeverCarriesTheTextsOwnMarkers(t *testing.T) {
	got := Parse("'anbud'").Snippet("falsk "+Start+"treff"+End+" og anbud", 30, 2)
	if strings.Count(got, Start) != 1 || !strings.Contains(got, Start+"anbud"+End) {
		t.Errorf("got %q", got)
	}
}

func TestNothingToMark(t *testing.T) {
	if q := Parse(""); !q.Empty() {
		t.Errorf("an empty tree: %v", q.stems)
	}
	if got := Parse("'x'").Snippet("  \n ", 30, 2); got != "" {
		t.Errorf("blank text: %q", got)
	}
}

func TestHTMLText(t *testing.T) {
	got := HTMLText(`<p>Vi har <strong>kom</strong>post &amp; <em>glass</em></p><ul><li>én</li><li>to</li></ul>Tre &lt;b&gt;`)
	if want := ` Vi har kompost & glass   én  to  Tre <b>`; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// FuzzSnippet: any text and tree give valid text with balanced markers around single words.
func FuzzSnippet(f *testing.F) {
	f.Add("'kompost' & 'fell'", "<p>Felles <b>kom</b>post &amp; \uE000glass\uE001</p>", 30, 2)
	f.Add("'a'", "a a a a", 1, 3)
	f.Fuzz(func(t *testing.T, tree, text string, words, fragments int) {
		if !utf8.ValidString(text) {
			return
		}
		out := Parse(tree).Snippet(HTMLText(text), words%100, fragments%5)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		rest := out
		for {
			i := strings.Index(rest, Start)
			if i < 0 {
				break
			}
			j := strings.Index(rest[i:], End)
			if j < 0 {
				t.Fatalf("unbalanced markers: %q", out)
			}
			word := rest[i+len(Start) : i+j]
			if len(spans(word)) != 1 || spans(word)[0] != (span{0, len(word)}) {
				t.Fatalf("a marked run that is not one word: %q in %q", word, out)
			}
			rest = rest[i+j+len(End):]
		}
		if strings.Contains(rest, End) {
			t.Fatalf("unbalanced markers: %q", out)
		}
	})
}

func TestStripRemovesEveryMarker(t *testing.T) {
	for in, want := range map[string]string{
		"":                                "",
		"ingen markører":                  "ingen markører",
		Start + "plukk" + End + "analyse": "plukkanalyse",
		"a" + End + End + "b" + Start:     "ab",
	} {
		if got := Strip(in); got != want {
			t.Errorf("Strip(%q) = %q, want %q", in, got, want)
		}
	}
}
