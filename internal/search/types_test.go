package search

import (
	"strings"
	"testing"
	"time"
)

func TestCursorRoundTripsAndRejectsJunk(t *testing.T) {
	at := time.Date(2026, 6, 5, 7, 30, 0, 123000, time.UTC)
	for _, tc := range []struct {
		k Kind
		c Cursor
	}{{Posts, Cursor{At: at, ID: 42}}, {People, Cursor{Score: 90, ID: 7, Name: "Kari Fjellvik_Jr."}}} {
		got, ok := ParseCursor(tc.k, tc.c.String(tc.k))
		if !ok || !got.At.Equal(tc.c.At) || got.ID != tc.c.ID || got.Score != tc.c.Score || got.Name != tc.c.Name {
			t.Errorf("%s: %+v → %+v (%v)", tc.k, tc.c, got, ok)
		}
	}
	for _, bad := range []string{"", "x", "1", "1_x", "-1_2", "1_-2", "99999999999999999_1", "1.2"} {
		if _, ok := ParseCursor(Posts, bad); ok {
			t.Errorf("posts cursor %q accepted", bad)
		}
	}
	for _, bad := range []string{"", "1_2", "a_2_b", "2000_1_x", "1_0_x", "1_2_" + strings.Repeat("x", 300), "1_2_a\x01", "1.2.x"} {
		if _, ok := ParseCursor(People, bad); ok {
			t.Errorf("people cursor %q accepted", bad)
		}
	}
}

func TestCleanQueryFoldsSpaceAndCuts(t *testing.T) {
	for in, want := range map[string]string{
		"  Kari \t Fjellvik\n":   "Kari Fjellvik",
		"a\x00b":                 "a b",
		"\uE000x\uE001":          "x",
		strings.Repeat("ø", 150): strings.Repeat("ø", MaxQuery),
		"bad \xff utf8":          "bad utf8",
	} {
		if got := CleanQuery(in); got != want {
			t.Errorf("CleanQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSegmentsMarkTheMatches(t *testing.T) {
	h := Hit{Snippet: "om " + HighlightStart + "plukkanalyse" + HighlightEnd + " og " + HighlightStart + "HMS"}
	got := h.Segments()
	want := []Segment{{"om ", false}, {"plukkanalyse", true}, {" og ", false}, {"HMS", true}}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("segment %d: %v, want %v", i, got[i], want[i])
		}
	}
}
