package plan_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-ical"

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

// TestICSParsesAndTitlesComeOutSafe: the årshjul's calendar is read by go-ical, and a title
// with control characters and line breaks comes out as one clean line.
func TestICSParsesAndTitlesComeOutSafe(t *testing.T) {
	var b bytes.Buffer
	acts := []plan.Activity{{ID: 1, Title: "Fagdag\r\nBEGIN:VEVENT\x00\x07\x1b[31m rødt", Description: "Linje én\r\nLinje to\x00",
		FocusAreaName: "Kompetanse\n", StartsOn: day("2026-03-02"), EndsOn: day("2026-03-03"), Status: plan.StatusPlanned}}
	evs := []plan.Event{{ID: 2, Title: "Seminar\rom ombruk", FocusAreaName: "Stordrift", StartsAt: time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC),
		EndsAt: time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)}}
	if err := plan.WriteICS(&b, acts, evs, "portal.test", time.Date(2026, 6, 5, 7, 30, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(b.Bytes())).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read the årshjul: %v\n%s", err, b.String())
	}
	list := cal.Events()
	if len(list) != 2 {
		t.Fatalf("%d events, want 2", len(list))
	}
	for i, want := range []struct{ summary, desc string }{{"Fagdag BEGIN:VEVENT[31m rødt", "Linje én\nLinje to"}, {"Seminar om ombruk", ""}} {
		summary, _ := list[i].Props.Text(ical.PropSummary)
		desc, _ := list[i].Props.Text(ical.PropDescription)
		if summary != want.summary || desc != want.desc {
			t.Errorf("event %d: SUMMARY %q, DESCRIPTION %q; want %q, %q", i, summary, desc, want.summary, want.desc)
		}
	}
	if strings.Count(b.String(), "\r\nBEGIN:VEVENT\r\n") != 2 || strings.ContainsAny(strings.ReplaceAll(b.String(), "\r\n", ""), "\r\n\x00\x07\x1b") {
		t.Errorf("a title added a line or kept a control character:\n%q", b.String())
	}
	if start, err := list[0].DateTimeStart(time.UTC); err != nil || !start.Equal(day("2026-03-02")) {
		t.Errorf("DTSTART %v, %v", start, err)
	}
}

// FuzzICSText: whatever the title, every line stays within 75 octets without splitting a
// character, go-ical reads the calendar, and the SUMMARY is the title made safe: valid UTF-8,
// one line, no control characters but the tab.
func FuzzICSText(f *testing.F) {
	for _, s := range []string{"Seminar", "a;b,c\\d\ne", strings.Repeat("æ", 80), "\r\n", "x" + strings.Repeat("€", 30), "\x00\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
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
		cal, err := ical.NewDecoder(strings.NewReader(out)).Decode()
		if err != nil {
			t.Fatalf("go-ical: %v", err)
		}
		got, _ := cal.Events()[0].Props.Text(ical.PropSummary)
		want := strings.Map(func(r rune) rune {
			if r == utf8.RuneError || (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r') {
				return -1
			}
			return r
		}, strings.ToValidUTF8(title, ""))
		want = strings.Join(strings.FieldsFunc(want, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
		if got != want {
			t.Fatalf("summary %q, want %q", got, want)
		}
	})
}
