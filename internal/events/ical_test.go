package events

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// unfold and unescape undo Fold and EscapeText, as a calendar reader does.
func unfold(s string) string { return strings.ReplaceAll(strings.TrimSuffix(s, "\r\n"), "\r\n ", "") }

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == 'n' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func checkLine(t *testing.T, in string) {
	line := Fold("SUMMARY:" + EscapeText(in))
	if !strings.HasSuffix(line, "\r\n") {
		t.Fatalf("%q: no CRLF at the end", line)
	}
	for _, l := range strings.Split(strings.TrimSuffix(line, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Fatalf("line of %d octets: %q", len(l), l)
		}
		if utf8.ValidString(in) && !utf8.ValidString(l) {
			t.Fatalf("a fold split a UTF-8 sequence: %q", l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("raw line break inside a line: %q", l)
		}
	}
	want := strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\t' && r != '\n') {
			return -1
		}
		return r
	}, strings.ReplaceAll(strings.ToValidUTF8(in, ""), "\r\n", "\n"))
	if got := unescape(strings.TrimPrefix(unfold(line), "SUMMARY:")); got != want {
		t.Fatalf("round trip of %q: got %q, want %q", in, got, want)
	}
}

func TestEscapeAndFold(t *testing.T) {
	for _, in := range []string{
		"", "Workshop; plukk, analyse", `back\slash`, "to\nlinjer", "windows\r\nline",
		strings.Repeat("æøå", 60), strings.Repeat("a", 67), strings.Repeat("a", 68), strings.Repeat("€", 100),
	} {
		checkLine(t, in)
	}
	if got := EscapeText("a;b,c\\d\ne"); got != `a\;b\,c\\d\ne` {
		t.Errorf("EscapeText: %q", got)
	}
}

func FuzzICalText(f *testing.F) {
	for _, s := range []string{"Plukkanalyse; Bodø, 2026", "æøå\n\\", strings.Repeat("ø", 80), "\x00\r\n"} {
		f.Add(s)
	}
	f.Fuzz(checkLine)
}
