package validate

import (
	"net/url"
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

// FuzzLocalPath: whatever the login's next parameter holds, the redirect stays on this site, also
// as a browser reads it (backslashes as slashes, tabs and newlines dropped).
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/medlemmer?x=1", "//evil.example", "/\\evil.example", "https://evil.example", "/%2F%2Fevil.example",
		"/%5Cevil.example", "%2F%2Fevil.example", "javascript:alert(1)", "/\t/evil.example", "/ /evil.example", "\\\\evil.example",
		"/%252F%252Fevil.example", "http:/evil.example", "/@evil.example", "//%09/evil.example", "/..//evil.example"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://portal.example/logg-inn")
	f.Fuzz(func(t *testing.T, next string) {
		got := LocalPath(next)
		if got != "/" && got != next {
			t.Fatalf("LocalPath(%q) = %q: neither the input nor /", next, got)
		}
		browser := strings.NewReplacer("\\", "/", "\t", "", "\n", "", "\r", "").Replace(got)
		if !strings.HasPrefix(browser, "/") || strings.HasPrefix(browser, "//") {
			t.Fatalf("LocalPath(%q) = %q, which a browser reads as %q", next, got, browser)
		}
		u, err := base.Parse(got)
		if err != nil || u.Host != "portal.example" || u.Scheme != "https" {
			t.Fatalf("LocalPath(%q) = %q resolves to %v (%v)", next, got, u, err)
		}
	})
}
