package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"klyngeportalen/internal/ical"
)

// write writes one event with the summary and description, and reads the calendar back with go-ical.
func write(t *testing.T, summary, description string) ([]byte, *goical.Calendar) {
	t.Helper()
	c := ical.New("Test; kalender, med\nlinjeskift", "PUBLISH")
	c.Add(ical.Event{UID: "x-1@p.test", Stamp: time.Unix(0, 0), Start: time.Date(2026, 6, 5, 7, 30, 0, 0, time.UTC),
		End: time.Date(2026, 6, 5, 9, 0, 0, 0, time.UTC), Summary: summary, Description: description, Status: "CONFIRMED"})
	out, err := c.Bytes()
	if err != nil {
		t.Fatalf("%q: %v", summary, err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n") {
		if len(line) > 75 || !utf8.ValidString(line) || strings.ContainsAny(line, "\r\n") {
			t.Fatalf("line of %d octets, split inside a character or with a raw line break: %q", len(line), line)
		}
	}
	cal, err := goical.NewDecoder(bytes.NewReader(out)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read %q: %v", out, err)
	}
	return out, cal
}

// safe is what a text becomes: valid UTF-8 without control characters but the tab and (where
// several lines are allowed) the line break.
func safe(s string, lines bool) string {
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r') {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if !lines {
		return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
	}
	return strings.ReplaceAll(s, "\r", "\n")
}

func check(t *testing.T, in string) {
	_, cal := write(t, in, in)
	ev := cal.Events()[0]
	summary, _ := ev.Props.Text(goical.PropSummary)
	if want := safe(in, false); summary != want {
		t.Errorf("SUMMARY of %q: %q, want %q", in, summary, want)
	}
	if want := safe(in, true); want != "" {
		if desc, _ := ev.Props.Text(goical.PropDescription); desc != want {
			t.Errorf("DESCRIPTION of %q: %q, want %q", in, desc, want)
		}
	}
}

// TestTextComesOutSafe: escaping, control characters, line breaks and folding, read back by go-ical.
func TestTextComesOutSafe(t *testing.T) {
	for _, in := range []string{
		"Workshop; plukk, analyse", `back\slash`, "to\nlinjer", "windows\r\nline", "nul\x00 og bell\x07 og esc\x1b[31m",
		"\rBEGIN:VEVENT\r\nSUMMARY:falsk", strings.Repeat("æøå", 60), strings.Repeat("a", 67), strings.Repeat("€", 100), "ugyldig \xff utf-8",
	} {
		check(t, in)
	}
	out, cal := write(t, "x", "")
	if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "Test; kalender, med linjeskift" {
		t.Errorf("X-WR-CALNAME %q", name)
	}
	if n := bytes.Count(out, []byte("BEGIN:VEVENT")); n != 1 {
		t.Errorf("%d events", n)
	}
}

// TestEmptyCalendar: a feed with nothing in it is still a calendar.
func TestEmptyCalendar(t *testing.T) {
	out, err := ical.New("Tom", "PUBLISH").Bytes()
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasPrefix(s, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(s, "END:VCALENDAR\r\n") || strings.Contains(s, "VEVENT") ||
		!strings.Contains(s, "X-WR-CALNAME:Tom\r\n") || !strings.Contains(s, "VERSION:2.0\r\n") {
		t.Errorf("empty calendar:\n%s", s)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"Plukkanalyse; Bodø, 2026", "æøå\n\\", strings.Repeat("ø", 80), "\x00\r\n", "a\rb"} {
		f.Add(s)
	}
	f.Fuzz(check)
}
