package plan_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"klyngeportalen/internal/plan"
)

func exported() []plan.Activity {
	topic, company := "Møteplasser", "=HYPERLINK(\"http://evil\")"
	return []plan.Activity{
		{ID: 7, Title: "Seminar; ombruk, gjenbruk og sirkulærøkonomi i hele Nord-Norge – en lang tittel med æøå", Description: "Linje én\nLinje to, med komma",
			FocusAreaName: "Kompetanse", TopicName: &topic, StartsOn: day("2026-12-30"), EndsOn: day("2027-01-02"), Status: plan.StatusCancelled, CompanyName: &company},
		{ID: 8, Title: "+SUM(A1)", FocusAreaName: "Stordrift", StartsOn: day("2026-02-28"), EndsOn: day("2026-02-28"), Status: plan.StatusDone},
	}
}

func TestICSIsFoldedEscapedAndAllDay(t *testing.T) {
	var b bytes.Buffer
	if err := plan.WriteICS(&b, exported(), nil, "portal.test", time.Date(2026, 6, 5, 7, 30, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "UID:aktivitet-7@portal.test\r\n", "DTSTART;VALUE=DATE:20261230\r\n", "DTEND;VALUE=DATE:20270103\r\n",
		"DTEND;VALUE=DATE:20260301\r\n", "STATUS:CANCELLED\r\n", "DTSTAMP:20260605T073000Z\r\n", "END:VCALENDAR\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("calendar lacks %q", want)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, `SUMMARY:Seminar\; ombruk\, gjenbruk og sirkulærøkonomi i hele Nord-Norge – en lang tittel med æøå`) ||
		!strings.Contains(unfolded, `DESCRIPTION:Linje én\nLinje to\, med komma`) {
		t.Errorf("escaping or folding broke the text:\n%s", unfolded)
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(line) > 75 || !utf8.ValidString(line) {
			t.Errorf("line of %d octets or split inside a character: %q", len(line), line)
		}
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := plan.WriteCSV(&b, exported(), nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeffTittel;Satsingsområde;Tema;Start;Slutt;Status") {
		t.Errorf("header: %.80q", out)
	}
	for _, want := range []string{`'=HYPERLINK(""http://evil"")`, "'+SUM(A1)", "2026-12-30;2027-01-02;Avlyst", "\"Linje én\r\nLinje to, med komma\""} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks %q:\n%s", want, out)
		}
	}
}

// FuzzICSText: whatever the title, every line stays within 75 octets without splitting a
// character, and unfolding and unescaping the SUMMARY gives the title back.
func FuzzICSText(f *testing.F) {
	for _, s := range []string{"Seminar", "a;b,c\\d\ne", strings.Repeat("æ", 80), "\r\n", "x" + strings.Repeat("€", 30)} {
		f.Add(s)
	}
	unescape := strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n")
	f.Fuzz(func(t *testing.T, title string) {
		if !utf8.ValidString(title) || strings.ContainsRune(title, '\r') {
			return // titles are validated UTF-8 with newlines as \n
		}
		var b bytes.Buffer
		if err := plan.WriteICS(&b, []plan.Activity{{ID: 1, Title: title, StartsOn: day("2026-01-01"), EndsOn: day("2026-01-01")}}, nil, "p.test", time.Unix(0, 0)); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(line) > 75 || !utf8.ValidString(line) {
				t.Fatalf("line %q", line)
			}
		}
		unfolded := strings.ReplaceAll(out, "\r\n ", "")
		i := strings.Index(unfolded, "\r\nSUMMARY:")
		rest := unfolded[i+len("\r\nSUMMARY:"):]
		if got := unescape.Replace(rest[:strings.Index(rest, "\r\n")]); got != title {
			t.Fatalf("summary %q, want %q", got, title)
		}
	})
}
