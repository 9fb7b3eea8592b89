package validate

import (
	"strings"
	"testing"
)

func TestTextRefusesHostileCharacters(t *testing.T) {
	for name, in := range map[string]string{
		"nul":           "Hei\x00du",
		"invalid utf-8": "Hei \xff",
		"rtl override":  "fil\u202Egpj.exe",
		"zero width":    "ad\u200Bmin",
		"newline":       "to\nlinjer",
	} {
		e := Errors{}
		e.Text("f", in, 1, 100, false)
		if e.OK() {
			t.Errorf("%s: accepted %q", name, in)
		}
	}
	e := Errors{}
	if got := e.Text("f", "  Bodø og Tromsø\r\n", 1, 100, true); !e.OK() || got != "Bodø og Tromsø" {
		t.Fatalf("clean text: %q %v", got, e)
	}
	e = Errors{}
	e.Text("f", strings.Repeat("æ", 11), 1, 10, false)
	if !strings.Contains(e["f"], "høyst 10") {
		t.Fatalf("length counted in bytes, not characters: %v", e)
	}
}

func TestEmailAndURL(t *testing.T) {
	for in, ok := range map[string]bool{
		"ola@iris-salten.no": true, "Ola <ola@x.no>": false, "ola@": false, "ola@localhost": false, "a b@x.no": false,
	} {
		e := Errors{}
		e.Email("e", in)
		if e.OK() != ok {
			t.Errorf("email %q: ok=%v, want %v", in, e.OK(), ok)
		}
	}
	for in, ok := range map[string]bool{
		"": true, "https://iris-salten.no": true, "javascript:alert(1)": false, "//evil.example": false, "ftp://x.no": false,
	} {
		e := Errors{}
		e.URL("u", in)
		if e.OK() != ok {
			t.Errorf("url %q: ok=%v, want %v", in, e.OK(), ok)
		}
	}
}
