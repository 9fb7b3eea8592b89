package plan_test

import (
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/plan"
)

func TestRangeWindowsAndTheirWeeks(t *testing.T) {
	q2, ok := plan.NewRange(day("2026-04-15"), day("2026-06-01"))
	if !ok || q2.Start != day("2026-04-01") || q2.End != day("2026-07-01") || q2.MonthCount() != 3 || !q2.Zoomed() || q2.Days() != 91 {
		t.Fatalf("April–June 2026: %+v %v", q2, ok)
	}
	if len(q2.Months()) != 3 || q2.Months()[2].To != 360 {
		t.Errorf("months %+v", q2.Months())
	}
	weeks := q2.Weeks()
	// Mondays 6 April (week 15) to 29 June (week 27) 2026.
	if len(weeks) != 13 || weeks[0].Monday != day("2026-04-06") || weeks[0].Number != 15 || weeks[12].Number != 27 {
		t.Errorf("weeks %+v", weeks)
	}
	for _, w := range weeks {
		if w.Monday.Weekday() != time.Monday || !q2.Contains(w.Monday) {
			t.Errorf("week %+v is no Monday in the window", w)
		}
	}
	if w, ok := plan.NewRange(day("2026-11-01"), day("2027-02-01")); !ok || w.MonthCount() != 4 {
		t.Errorf("across the year end: %+v %v", w, ok)
	}
	for _, bad := range [][2]string{{"2026-06-01", "2026-04-01"}, {"2026-01-01", "2027-01-01"}} {
		if _, ok := plan.NewRange(day(bad[0]), day(bad[1])); ok {
			t.Errorf("%v accepted", bad)
		}
	}
	if year := plan.NewWindow(2026, time.January); year.Zoomed() || year.MonthCount() != 12 {
		t.Error("a year is zoomed")
	}
	// A zoomed layout marks its weeks; a year's does not.
	rings := []plan.Ring{{Key: "a"}}
	if d := plan.Layout(q2, rings, nil, day("2020-01-01")); len(d.Weeks) != 13 || len(d.Months) != 3 {
		t.Errorf("zoomed layout: %d weeks, %d months", len(d.Weeks), len(d.Months))
	}
	if d := plan.Layout(plan.NewWindow(2026, time.January), rings, nil, day("2020-01-01")); len(d.Weeks) != 0 {
		t.Error("a year's wheel marks weeks")
	}
}

// An arc carries its title where the lane is wide and long enough, shortened to fit; a short
// or thin arc carries none.
func TestArcLabelsFitTheirArcs(t *testing.T) {
	w := plan.NewWindow(2026, time.January)
	rings := []plan.Ring{{Key: "a"}, {Key: "b"}, {Key: "c"}}
	title := "Felles kampanje om matavfall i hele Nord-Norge"
	d := plan.Layout(w, rings, []plan.ArcItem{
		{Ring: 2, Start: day("2026-01-01"), End: day("2026-06-30"), Label: title},  // half a year in the outer ring
		{Ring: 0, Start: day("2026-08-01"), End: day("2026-08-03"), Label: title},  // three days
		{Ring: 1, Start: day("2026-07-01"), End: day("2026-09-30"), Label: "Kort"}, // the lower half
	}, day("2020-01-01"))
	if d.Arcs[0].Label != title || d.Arcs[0].LabelPath == "" {
		t.Errorf("half a year: %q", d.Arcs[0].Label)
	}
	if d.Arcs[1].Label != "" {
		t.Errorf("three days carry %q", d.Arcs[1].Label)
	}
	// On the lower half the path runs counter-clockwise (sweep 0), so the text is upright.
	if d.Arcs[2].Label != "Kort" || !strings.Contains(d.Arcs[2].LabelPath, " 0 0 0 ") {
		t.Errorf("lower half: %q %q", d.Arcs[2].Label, d.Arcs[2].LabelPath)
	}
	// Many lanes make lanes too thin for text.
	var many []plan.ArcItem
	for range 6 {
		many = append(many, plan.ArcItem{Ring: 0, Start: day("2026-01-01"), End: day("2026-12-31"), Label: title})
	}
	for _, a := range plan.Layout(w, rings, many, day("2020-01-01")).Arcs {
		if a.Label != "" {
			t.Fatalf("an arc in a lane of six carries %q", a.Label)
		}
	}
}
