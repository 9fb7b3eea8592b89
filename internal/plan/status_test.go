package plan_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"klyngeportalen/internal/plan"
)

// testToday is the fake clock of the store tests: before every activity they create.
var testToday = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func TestEffectiveStatusFollowsTheClock(t *testing.T) {
	start, end := day("2026-03-01"), day("2026-06-30")
	for _, tc := range []struct {
		set   plan.Status
		today string
		want  plan.Status
	}{
		{plan.StatusPlanned, "2026-02-28", plan.StatusPlanned},
		{plan.StatusPlanned, "2026-03-01", plan.StatusOngoing}, // started today
		{plan.StatusPlanned, "2026-06-30", plan.StatusOngoing}, // its last day
		{plan.StatusPlanned, "2026-07-01", plan.StatusLate},    // ended yesterday, not done
		{plan.StatusOngoing, "2026-12-15", plan.StatusLate},    // "Pågår" in December for work that ended in June
		{plan.StatusOngoing, "2026-02-01", plan.StatusOngoing}, // marked started early: the manual status wins
		{plan.StatusDone, "2026-12-15", plan.StatusDone},
		{plan.StatusDone, "2026-04-01", plan.StatusDone},
		{plan.StatusPostponed, "2026-12-15", plan.StatusPostponed},
		{plan.StatusCancelled, "2026-04-01", plan.StatusCancelled},
	} {
		if got := plan.Effective(tc.set, start, end, day(tc.today)); got != tc.want {
			t.Errorf("%s on %s: %s, want %s", tc.set, tc.today, got, tc.want)
		}
	}
	if plan.StatusLate.Label() != "Forsinket" || plan.StatusLate.Valid() || !plan.StatusLate.ValidFilter() {
		t.Error("late is labelled Forsinket, filterable, and never stored")
	}
}

// The store reads the status as of the clock it is given, and its status filter (in SQL)
// selects exactly the activities whose shown status (in Go) is the one asked for.
func TestStoreStatusesAndFilterAgreeWithTheClock(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	for _, a := range []struct{ title, start, end, status string }{
		{"Klokke: ferdig tidlig", "2047-01-10", "2047-02-10", "gjennomfort"},
		{"Klokke: glemt", "2047-01-10", "2047-02-10", "planlagt"},
		{"Klokke: glemt pågår", "2047-02-01", "2047-03-01", "pagar"},
		{"Klokke: i gang", "2047-03-01", "2047-05-01", "planlagt"},
		{"Klokke: kommer", "2047-09-01", "2047-09-02", "planlagt"},
		{"Klokke: utsatt", "2047-01-01", "2047-01-02", "utsatt"},
	} {
		in := valid()
		in.Title, in.StartsOn, in.EndsOn, in.Status = a.title, a.start, a.end, a.status
		if _, err := s.Create(ctx, admin, in); err != nil {
			t.Fatal(err)
		}
	}
	w := plan.NewWindow(2047, time.January)
	today := day("2047-04-01")
	all, err := s.Activities(ctx, plan.ViewerOf(member), w, plan.Filter{}, today)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]plan.Status{
		"Klokke: ferdig tidlig": plan.StatusDone, "Klokke: glemt": plan.StatusLate, "Klokke: glemt pågår": plan.StatusLate,
		"Klokke: i gang": plan.StatusOngoing, "Klokke: kommer": plan.StatusPlanned, "Klokke: utsatt": plan.StatusPostponed,
	}
	for _, a := range all {
		if a.Status != want[a.Title] {
			t.Errorf("%s on %s: %s, want %s", a.Title, today.Format(time.DateOnly), a.Status, want[a.Title])
		}
	}
	if len(all) != len(want) {
		t.Fatalf("%d activities in 2047, want %d", len(all), len(want))
	}
	for _, st := range plan.FilterStatuses {
		var got, expect []string
		list, err := s.Activities(ctx, plan.ViewerOf(member), w, plan.Filter{Status: st}, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			got = append(got, a.Title)
		}
		for title, s := range want {
			if s == st {
				expect = append(expect, title)
			}
		}
		slices.Sort(got)
		slices.Sort(expect)
		if !slices.Equal(got, expect) {
			t.Errorf("filter %s: %v, want %v", st, got, expect)
		}
	}
	// A year later nothing is planned or ongoing any more; the stored status is kept in Set.
	later, _ := s.Activities(ctx, plan.ViewerOf(member), w, plan.Filter{Status: plan.StatusLate}, day("2048-04-01"))
	if len(later) != 4 {
		t.Errorf("%d late a year on, want 4", len(later))
	}
	for _, a := range later {
		if a.Set != plan.StatusPlanned && a.Set != plan.StatusOngoing {
			t.Errorf("%s: stored status %q lost", a.Title, a.Set)
		}
	}
}
