package indicators

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/csvcell"
)

var testInds = []Indicator{
	{ID: 1, Slug: "utsortering", Unit: "%", Decimals: 1},
	{ID: 2, Slug: "restavfall", Unit: "kg", Decimals: 0, Direction: LowerIsBetter},
	{ID: 3, Slug: "klima", Unit: "tonn CO₂e"},
}

func TestParseCSVReadsNorwegianNumbersAndExportedFiles(t *testing.T) {
	in := "\ufeffår;selskap;indikator;navn;enhet;verdi\n2025;X;utsortering;Ut;%;42,5\n\n2025;X;restavfall;R;kg;1 234\n2025;X;klima;K;t;'-12,5\n"
	got, errs := ParseCSV([]byte(in), testInds)
	if errs != nil {
		t.Fatal(errs)
	}
	want := map[int64]float64{1: 42.5, 2: 1234, 3: -12.5}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("indicator %d = %v, want %v", k, got[k], v)
		}
	}
	got, errs = ParseCSV([]byte("indikator,verdi\nutsortering,\"42,5\"\n"), testInds)
	if errs != nil || got[1] != 42.5 {
		t.Errorf("comma-separated: %v %v", got, errs)
	}
}

func TestParseCSVOneBadLineImportsNothingAndNamesEveryLine(t *testing.T) {
	in := "indikator;verdi\nutsortering;42\nukjent;1\nrestavfall;mye\nutsortering;43\nklima;\nutsortering;140\n"
	got, errs := ParseCSV([]byte(in), testInds)
	if got != nil {
		t.Fatalf("values %v returned despite errors", got)
	}
	wantLines := []int{3, 4, 5, 6, 7}
	if len(errs) != len(wantLines) {
		t.Fatalf("errors %v, want lines %v", errs, wantLines)
	}
	for i, l := range wantLines {
		if errs[i].Line != l {
			t.Errorf("error %d on line %d, want %d (%s)", i, errs[i].Line, l, errs[i].Message)
		}
	}
	if !strings.Contains(errs[0].Message, "Ukjent indikator «ukjent»") || !strings.Contains(errs[1].Message, "ikke et tall") ||
		!strings.Contains(errs[2].Message, "linje 2") || !strings.Contains(errs[3].Message, "mangler") {
		t.Errorf("messages: %v", errs)
	}
	// Out of range percentages are refused too.
	_, errs = ParseCSV([]byte("indikator;verdi\nutsortering;100,5\n"), testInds)
	if len(errs) != 1 || errs[0].Line != 2 || !strings.Contains(errs[0].Message, "mellom 0 og 100") {
		t.Errorf("percentage: %v", errs)
	}
	for _, bad := range []string{"", "a;b\n1;2\n", "indikator;verdi\n", "indikator;verdi\n\"x;1\n", "indikator;verdi\n\xff;1\n"} {
		if v, errs := ParseCSV([]byte(bad), testInds); v != nil || len(errs) == 0 {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func TestEscapeCellDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-12,5": "'-12,5", "@cmd": "'@cmd",
		"\tx": "'\tx", "\rx": "'\rx", "IRIS Salten": "IRIS Salten", "'x": "''x", "": "", "12,5": "12,5"} {
		if got := csvcell.Escape(in); got != want {
			t.Errorf("csvcell.Escape(%q) = %q, want %q", in, got, want)
		}
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, [][]string{{"a", "=1+1"}, {"x;y", "-3"}}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "a;'=1+1\r\n\"x;y\";'-3\r\n" {
		t.Errorf("WriteCSV = %q", got)
	}
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{"12,5": 12.5, "12.5": 12.5, "1 234": 1234, "1\u00a0234,5": 1234.5, "−3": -3, "-0,25": -0.25, "0": 0} {
		if got, err := ParseNumber(in); err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "1.234,5", "1e5", "NaN", "Inf", "--1", "1-", "12,5%", "0x10", "1,2,3", "-", ","} {
		if _, err := ParseNumber(in); err == nil {
			t.Errorf("ParseNumber(%q) accepted", in)
		}
	}
}

func TestCheckReport(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	fr := []Fraction{{ID: 1, Slug: "mat"}, {ID: 2, Slug: "rest"}}
	in := ReportInput{Values: map[string]string{"utsortering": "42,5", "restavfall": "", "klima": "abc"},
		PickDate: "2026-05-01", PickKg: "500", PickShares: map[string]string{"mat": "30", "rest": "69,6"}}
	values, pick, errs := CheckReport(in, testInds, fr, now)
	if values[1] != 42.5 || len(values) != 1 {
		t.Errorf("values %v", values)
	}
	if _, bad := errs[ValueField("klima")]; !bad || len(errs) != 1 {
		t.Errorf("errors %v, want only klima", errs)
	}
	if pick == nil || pick.Shares[2] != 69.6 {
		t.Errorf("pick %+v", pick)
	}
	// Invalid UTF-8 is refused with a message, not read as an empty field.
	in = ReportInput{Values: map[string]string{"utsortering": "4\xff2", "klima": "\xff"}}
	if values, _, errs := CheckReport(in, testInds, fr, now); len(values) != 0 || errs[ValueField("utsortering")] == "" || errs[ValueField("klima")] == "" {
		t.Errorf("invalid UTF-8: values %v, errors %v", values, errs)
	}
	// Shares that do not add up to 100 ± 0,5, a future date and a percentage above 100.
	in = ReportInput{Values: map[string]string{"utsortering": "101"}, PickDate: "2026-07-01", PickKg: "0",
		PickShares: map[string]string{"mat": "30", "rest": "69"}}
	_, _, errs = CheckReport(in, testInds, fr, now)
	for _, f := range []string{ValueField("utsortering"), FieldPickDate, FieldPickKg, FieldPickSum} {
		if errs[f] == "" {
			t.Errorf("no error for %s: %v", f, errs)
		}
	}
	if !strings.Contains(errs[FieldPickSum], "99,00") {
		t.Errorf("sum message %q", errs[FieldPickSum])
	}
	// Nothing of the plukkanalyse typed: no plukkanalyse, no errors.
	if _, pick, errs := CheckReport(ReportInput{}, testInds, fr, now); pick != nil || !errs.OK() {
		t.Errorf("empty form: %v %v", pick, errs)
	}
}

func TestCheckYearRefusesTheFuture(t *testing.T) {
	now := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC) // already 2027 in Oslo
	for year, ok := range map[int]bool{2027: true, 2028: false, 1999: false, 2000: true} {
		errs := map[string]string{}
		CheckYear(errs, "ar", year, now)
		if (len(errs) == 0) != ok {
			t.Errorf("year %d: errors %v", year, errs)
		}
	}
}

func TestMedianAndBest(t *testing.T) {
	if m, _ := Median([]float64{3, 1, 2}); m != 2 {
		t.Errorf("odd median %v", m)
	}
	if m, _ := Median([]float64{4, 1, 2, 3}); m != 2.5 {
		t.Errorf("even median %v", m)
	}
	if _, ok := Median(nil); ok {
		t.Error("median of nothing")
	}
	if b, _ := testInds[1].Best([]float64{300, 200, -5, 250}); b != -5 {
		t.Errorf("best lower = %v", b)
	}
	if b, _ := testInds[0].Best([]float64{30, 45, 12}); b != 45 {
		t.Errorf("best higher = %v", b)
	}
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("indikator;verdi\nutsortering;42,5\nklima;'-3\n"))
	f.Add([]byte("indikator,verdi\nrestavfall,\"1 234\"\n"))
	f.Add([]byte("indikator;verdi\n\"x\n"))
	f.Add([]byte("=cmd;@x\n+1;-2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		values, errs := ParseCSV(data, testInds)
		if (values == nil) == (len(errs) == 0) {
			t.Fatalf("values %v and errors %v: exactly one must be given", values, errs)
		}
		for _, e := range errs {
			if e.Line < 0 || e.Message == "" {
				t.Fatalf("bad line error %+v", e)
			}
		}
		for id, v := range values {
			if id < 1 || id > 3 || (id == 1 && (v < 0 || v > 100)) {
				t.Fatalf("value %d = %v", id, v)
			}
		}
		// Every cell written is safe in a spreadsheet and reads back as written (encoding/csv
		// drops carriage returns inside quoted fields, so those cells are only checked for safety).
		cells := append([]string{"x"}, strings.Split(string(data), "\n")...)
		var buf bytes.Buffer
		if err := WriteCSV(&buf, [][]string{cells}); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(&buf)
		r.Comma = ';'
		back, err := r.Read()
		if err != nil {
			t.Fatalf("reading back %q: %v", buf.String(), err)
		}
		if len(back) != len(cells) {
			t.Fatalf("%d cells came back, want %d", len(back), len(cells))
		}
		for i, c := range back {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Fatalf("cell %q starts a formula", c)
			}
			if !strings.Contains(cells[i], "\r") && csvcell.Unescape(c) != cells[i] {
				t.Fatalf("cell %q came back as %q", cells[i], c)
			}
		}
	})
}
