package validate

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzText: text that passes is valid UTF-8, trimmed, within its length, and free of control,
// direction and zero-width characters (newlines only where allowed).
func FuzzText(f *testing.F) {
	for _, s := range []string{"Kari Nordmann", " \tHei\r\n", "a\x00b", "\xff\xfe", "fil\u202Egpj.exe", "ad\u200Bmin", "to\nlinjer", "æøå ÆØÅ", strings.Repeat("x", 130)} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, in string, multiline bool) {
		e := Errors{}
		out := e.Text("f", in, 1, 120, multiline)
		if !e.OK() {
			if e["f"] == "" {
				t.Fatal("refused without a message")
			}
			return
		}
		n := utf8.RuneCountInString(out)
		if !utf8.ValidString(out) || out != strings.TrimSpace(out) || n < 1 || n > 120 {
			t.Fatalf("accepted %q as %q", in, out)
		}
		for _, r := range out {
			if forbidden(r, multiline) || r == '\r' {
				t.Fatalf("accepted %q with %U", in, r)
			}
		}
	})
}
