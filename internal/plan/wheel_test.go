package plan_test

import (
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"
	"time"

	"klyngeportalen/internal/plan"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestWindowAnglesInCommonAndLeapYears(t *testing.T) {
	common, leap := plan.NewWindow(2026, time.January), plan.NewWindow(2028, time.January)
	if common.Days() != 365 || leap.Days() != 366 {
		t.Fatalf("days %d and %d, want 365 and 366", common.Days(), leap.Days())
	}
	for _, c := range []struct {
		w    plan.Window
		date string
		want float64
	}{
		{common, "2026-01-01", 0},
		{common, "2026-03-01", 360 * 59.0 / 365},
		{common, "2026-07-02", 360 * 182.0 / 365},
		{common, "2027-01-01", 360},
		{common, "2025-12-31", 0}, // before the window: clamped
		{leap, "2028-02-29", 360 * 59.0 / 366},
		{leap, "2028-03-01", 360 * 60.0 / 366},
		{leap, "2028-12-31", 360 * 365.0 / 366},
	} {
		if got := c.w.Angle(day(c.date)); !near(got, c.want) {
			t.Errorf("angle of %s in %v: %v, want %v", c.date, c.w.Start.Year(), got, c.want)
		}
	}
	// The months of a leap year: February is 29/366 of the circle, and they close the circle.
	m := leap.Months()
	if !near(m[1].To-m[1].From, 360*29.0/366) || m[0].From != 0 || m[11].To != 360 {
		t.Errorf("leap-year months %+v", m[:2])
	}
	for i := 1; i < 12; i++ {
		if m[i].From != m[i-1].To {
			t.Errorf("month %d does not begin where month %d ends", i, i-1)
		}
	}
}

func TestWindowWithAnotherStartMonth(t *testing.T) {
	w := plan.NewWindow(2026, time.August) // August 2026 – July 2027
	if w.Start != day("2026-08-01") || w.LastDay() != day("2027-07-31") || w.Days() != 365 {
		t.Fatalf("window %v – %v, %d days", w.Start, w.LastDay(), w.Days())
	}
	if w.Months()[0].Start.Month() != time.August || w.Months()[5].Start != day("2027-01-01") {
		t.Errorf("months begin %v, sixth %v", w.Months()[0].Start, w.Months()[5].Start)
	}
	// An activity across new year lies inside an August–July wheel, uncut.
	from, to, ok := w.Span(day("2026-12-01"), day("2027-01-31"))
	if !ok || !near(from, 360*122.0/365) || !near(to, 360*184.0/365) {
		t.Errorf("span across new year: %v–%v %v", from, to, ok)
	}
	// A window that holds 29 February 2028 has 366 days.
	if d := plan.NewWindow(2027, time.August).Days(); d != 366 {
		t.Errorf("August 2027 – July 2028: %d days, want 366", d)
	}
}

func TestSpanAcrossTheYearEndIsClipped(t *testing.T) {
	w2026, w2027 := plan.NewWindow(2026, time.January), plan.NewWindow(2027, time.January)
	start, end := day("2026-11-16"), day("2027-02-26")
	from, to, ok := w2026.Span(start, end)
	if !ok || !near(from, 360*319.0/365) || to != 360 {
		t.Errorf("2026: %v–%v %v, want from 16 November to the year end", from, to, ok)
	}
	from, to, ok = w2027.Span(start, end)
	if !ok || from != 0 || !near(to, 360*57.0/365) {
		t.Errorf("2027: %v–%v %v, want from the year start to 26 February", from, to, ok)
	}
	if _, _, ok := plan.NewWindow(2028, time.January).Span(start, end); ok {
		t.Error("2028 shows an activity that ended in 2027")
	}
	// One day is one day wide.
	from, to, _ = w2026.Span(day("2026-04-14"), day("2026-04-14"))
	if !near(to-from, 360.0/365) {
		t.Errorf("a one-day activity is %v degrees", to-from)
	}
}

func TestLanesNeverOverlapAndAreMinimal(t *testing.T) {
	cases := map[string][]plan.Interval{
		"empty":            nil,
		"disjoint":         {{0, 5}, {6, 9}, {10, 10}},
		"touching days":    {{0, 5}, {5, 9}},
		"nested":           {{0, 100}, {10, 20}, {30, 40}, {15, 35}},
		"same":             {{3, 3}, {3, 3}, {3, 3}},
		"staircase":        {{0, 10}, {5, 15}, {10, 20}, {15, 25}, {20, 30}},
		"unsorted":         {{50, 60}, {0, 70}, {10, 20}, {55, 58}, {21, 49}},
		"wide then narrow": {{0, 364}, {0, 0}, {364, 364}, {100, 200}},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 50; i++ {
		var iv []plan.Interval
		for j := 0; j < 1+rng.IntN(60); j++ {
			s := rng.IntN(365)
			iv = append(iv, plan.Interval{Start: s, End: min(364, s+rng.IntN(90))})
		}
		cases["random "+strconv.Itoa(i)] = iv
	}
	for name, iv := range cases {
		lanes, n := plan.AssignLanes(iv)
		if len(lanes) != len(iv) {
			t.Fatalf("%s: %d lanes for %d intervals", name, len(lanes), len(iv))
		}
		if want := plan.MaxOverlap(iv); n != want {
			t.Errorf("%s: %d lanes, want the minimum %d", name, n, want)
		}
		for a := range iv {
			if lanes[a] < 0 || lanes[a] >= n {
				t.Errorf("%s: lane %d out of %d", name, lanes[a], n)
			}
			for b := a + 1; b < len(iv); b++ {
				overlap := iv[a].Start <= iv[b].End && iv[b].Start <= iv[a].End
				if overlap && lanes[a] == lanes[b] {
					t.Errorf("%s: %v and %v overlap in lane %d", name, iv[a], iv[b], lanes[a])
				}
			}
		}
	}
}

var coordinate = regexp.MustCompile(`-?\d+(\.\d+)?`)

func TestLayoutPathsStayInsideTheViewBox(t *testing.T) {
	w := plan.NewWindow(2026, time.August)
	rings := []plan.Ring{{Key: "a"}, {Key: "b"}, {Key: "c"}}
	var items []plan.ArcItem
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 300; i++ {
		s := w.Start.AddDate(0, 0, rng.IntN(420)-30)
		items = append(items, plan.ArcItem{Ring: i % 3, Start: s, End: s.AddDate(0, 0, rng.IntN(200)), Title: "x"})
	}
	items = append(items, plan.ArcItem{Ring: 0, Start: w.Start.AddDate(-1, 0, 0), End: w.Start.AddDate(0, 0, -1)}) // outside
	items = append(items, plan.ArcItem{Ring: 1, Start: w.Start, End: w.LastDay()})                                 // the whole year
	d := plan.Layout(w, rings, items, day("2026-11-26"))
	if !d.Today {
		t.Error("no today marker for a day in the window")
	}
	inside := 0
	for _, it := range items {
		if _, _, ok := w.Span(it.Start, it.End); ok {
			inside++
		}
	}
	if len(d.Arcs) != inside {
		t.Fatalf("%d arcs for %d items in the window", len(d.Arcs), inside)
	}
	for _, a := range d.Arcs {
		for _, c := range coordinate.FindAllString(a.Path, -1) {
			f, _ := strconv.ParseFloat(c, 64)
			if f < 0 || f > plan.ViewSize {
				t.Fatalf("path %q has %v outside the viewBox", a.Path, f)
			}
		}
		band := d.Rings[a.Item.Ring]
		if a.Inner < band.Inner || a.Outer > band.Outer || a.Inner >= a.Outer {
			t.Errorf("arc radii %v–%v outside its ring %v–%v", a.Inner, a.Outer, band.Inner, band.Outer)
		}
	}
	// Arcs in one lane of one ring never overlap on the circle.
	for i, a := range d.Arcs {
		for _, b := range d.Arcs[i+1:] {
			if a.Item.Ring == b.Item.Ring && a.Lane == b.Lane && a.From < b.To-1e-9 && b.From < a.To-1e-9 {
				t.Fatalf("arcs %v–%v and %v–%v overlap in ring %d lane %d", a.From, a.To, b.From, b.To, a.Item.Ring, a.Lane)
			}
		}
	}
	if d := plan.Layout(w, rings, nil, day("2020-01-01")); d.Today || len(d.Months) != 12 || len(d.Rings) != 3 {
		t.Errorf("an empty wheel: today %v, %d months, %d rings", d.Today, len(d.Months), len(d.Rings))
	}
}

func TestSectorPathUsesTheLargeArcFlagPastHalfACircle(t *testing.T) {
	small, large := plan.SectorPath(0, 90, 100, 200), plan.SectorPath(0, 270, 100, 200)
	if !regexp.MustCompile(`A200 200 0 0 1 `).MatchString(small) || !regexp.MustCompile(`A200 200 0 1 1 `).MatchString(large) {
		t.Errorf("small %q, large %q", small, large)
	}
	if full := plan.SectorPath(0, 360, 100, 200); regexp.MustCompile(`^M500 300A200 200 0 1 1 500 300`).MatchString(full) {
		t.Errorf("a full circle collapses to a point: %q", full)
	}
}

func BenchmarkLayout200(b *testing.B) {
	w := plan.NewWindow(2026, time.January)
	rings := []plan.Ring{{Key: "a"}, {Key: "b"}, {Key: "c"}}
	rng := rand.New(rand.NewPCG(5, 6))
	items := make([]plan.ArcItem, 200)
	for i := range items {
		s := w.Start.AddDate(0, 0, rng.IntN(365))
		items[i] = plan.ArcItem{Ring: i % 3, Start: s, End: s.AddDate(0, 0, rng.IntN(60))}
	}
	today := day("2026-06-05")
	b.ReportAllocs()
	for b.Loop() {
		plan.Layout(w, rings, items, today)
	}
}

func BenchmarkAssignLanes1000(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	iv := make([]plan.Interval, 1000)
	for i := range iv {
		s := rng.IntN(365)
		iv[i] = plan.Interval{Start: s, End: s + rng.IntN(30)}
	}
	b.ReportAllocs()
	for b.Loop() {
		plan.AssignLanes(iv)
	}
}

// Num writes what FormatFloat of the value rounded to two decimals writes, for every
// coordinate the wheel can have and then some.
func TestNumIsFormatFloatOfTheRoundedValue(t *testing.T) {
	want := func(f float64) string {
		s := strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
		if s == "-0" {
			return "0"
		}
		return s
	}
	for i := -200000; i <= 200000; i++ {
		for _, f := range []float64{float64(i) / 137, float64(i) / 100, float64(i)/100 + 0.005, float64(i) * 0.0731} {
			if got := plan.Num(f); got != want(f) {
				t.Fatalf("Num(%v) = %q, want %q", f, got, want(f))
			}
		}
	}
}
