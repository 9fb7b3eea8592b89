package plan_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/validate"
)

func store(t *testing.T) *plan.Store {
	admin.ID, steering.ID, member.ID = editorID, editorID, editorID
	return plan.NewStore(dbtest.Pool(t), markdown.New())
}

var (
	admin    = &auth.User{ID: 0, Role: auth.RoleClusterAdmin}
	steering = &auth.User{ID: 0, Role: auth.RoleMember, Groups: []string{auth.GroupSteering}}
	member   = &auth.User{ID: 0, Role: auth.RoleMember, Groups: []string{auth.GroupDirectors}}
)

func valid() plan.Input {
	return plan.Input{Title: "Verksted om plukkanalyser", Description: "Se **metoden**.<script>alert(1)</script>", FocusArea: "3", Topic: "8",
		StartsOn: "2031-03-02", EndsOn: "2031-03-03", Status: "planlagt"}
}

func TestOnlyPlanEditorsChangeThePlan(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	if _, err := s.Create(ctx, member, valid()); !errors.Is(err, plan.ErrForbidden) {
		t.Fatalf("a member who is not in the steering group: %v, want ErrForbidden", err)
	}
	id, err := s.Create(ctx, steering, valid())
	if err != nil {
		t.Fatalf("a steering group member: %v", err)
	}
	a, err := s.Activity(ctx, plan.ViewerOf(member), id, testToday)
	if err != nil || a.Title != "Verksted om plukkanalyser" || a.FocusAreaSlug != "stordrift" || a.Year != 2031 {
		t.Fatalf("saved %+v, %v", a, err)
	}
	if !strings.Contains(a.DescriptionHTML, "<strong>metoden</strong>") || strings.Contains(a.DescriptionHTML, "<script") {
		t.Errorf("description HTML %q: not rendered and sanitised", a.DescriptionHTML)
	}
	if err := s.Update(ctx, member, id, valid()); !errors.Is(err, plan.ErrForbidden) {
		t.Errorf("update by a member: %v", err)
	}
	if err := s.Delete(ctx, member, id); !errors.Is(err, plan.ErrForbidden) {
		t.Errorf("delete by a member: %v", err)
	}
	if _, err := s.CopyYear(ctx, member, 2031); !errors.Is(err, plan.ErrForbidden) {
		t.Errorf("copy by a member: %v", err)
	}
	if err := s.Delete(ctx, admin, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Activity(ctx, plan.ViewerOf(member), id, testToday); !errors.Is(err, plan.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}

func TestActivityValidation(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	for name, c := range map[string]struct {
		change func(*plan.Input)
		field  string
	}{
		"empty title":         {func(in *plan.Input) { in.Title = "  " }, "title"},
		"long title":          {func(in *plan.Input) { in.Title = strings.Repeat("å", plan.MaxTitle+1) }, "title"},
		"control character":   {func(in *plan.Input) { in.Title = "Møte\x07" }, "title"},
		"end before start":    {func(in *plan.Input) { in.EndsOn = "2031-03-01" }, "ends_on"},
		"longer than a year":  {func(in *plan.Input) { in.EndsOn = "2032-03-04" }, "ends_on"},
		"not a date":          {func(in *plan.Input) { in.StartsOn = "2. mars" }, "starts_on"},
		"year out of bounds":  {func(in *plan.Input) { in.StartsOn, in.EndsOn = "1999-12-31", "2000-01-02" }, "starts_on"},
		"unknown focus area":  {func(in *plan.Input) { in.FocusArea = "99" }, "focus_area"},
		"topic of other area": {func(in *plan.Input) { in.Topic = "1" }, "topic"},
		"unknown company":     {func(in *plan.Input) { in.Company = "999999" }, "company"},
		"unknown person":      {func(in *plan.Input) { in.Responsible = "999999" }, "responsible"},
		"unknown status":      {func(in *plan.Input) { in.Status = "ferdig" }, "status"},
	} {
		in := valid()
		c.change(&in)
		_, err := s.Create(ctx, admin, in)
		var errs validate.Errors
		if !errors.As(err, &errs) || errs[c.field] == "" {
			t.Errorf("%s: %v, want a message on %s", name, err, c.field)
		}
	}
	// A year-end crossing, and an activity of a whole leap year, are fine.
	in := valid()
	in.StartsOn, in.EndsOn = "2031-12-01", "2032-01-31"
	if _, err := s.Create(ctx, admin, in); err != nil {
		t.Errorf("across the year end: %v", err)
	}
	in.StartsOn, in.EndsOn = "2032-01-01", "2032-12-31"
	if _, err := s.Create(ctx, admin, in); err != nil {
		t.Errorf("a whole leap year: %v", err)
	}
	w := plan.NewWindow(2031, time.January)
	list, err := s.Activities(ctx, plan.ViewerOf(member), w, plan.Filter{}, testToday)
	if err != nil || len(list) != 1 {
		t.Fatalf("2031 wheel: %d activities, %v; want the one crossing into 2032", len(list), err)
	}
}

func TestCopyYearShiftsDatesAndResetsStatus(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	for _, d := range [][2]string{{"2040-02-29", "2040-03-02"}, {"2040-06-01", "2040-06-30"}, {"2040-12-15", "2041-01-15"}} {
		in := valid()
		in.StartsOn, in.EndsOn, in.Status = d[0], d[1], "gjennomfort"
		if _, err := s.Create(ctx, admin, in); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.CopyYear(ctx, steering, 2040)
	if err != nil || n != 3 {
		t.Fatalf("copied %d, %v", n, err)
	}
	got, err := s.Activities(ctx, plan.ViewerOf(member), plan.NewWindow(2041, time.January), plan.Filter{}, testToday)
	if err != nil {
		t.Fatal(err)
	}
	var copies []string
	for _, a := range got {
		if a.Year == 2041 {
			if a.Status != plan.StatusPlanned {
				t.Errorf("copy %d has status %s", a.ID, a.Status)
			}
			copies = append(copies, a.StartsOn.Format(time.DateOnly)+"/"+a.EndsOn.Format(time.DateOnly))
		}
	}
	want := "2041-02-28/2041-03-02 2041-06-01/2041-06-30 2041-12-15/2042-01-15"
	if strings.Join(copies, " ") != want {
		t.Errorf("copies %v, want %s", copies, want)
	}
	if _, err := s.CopyYear(ctx, admin, 2040); !errors.Is(err, plan.ErrConflict) {
		t.Errorf("copying into a year with a plan: %v, want ErrConflict", err)
	}
	if _, err := s.CopyYear(ctx, admin, 2050); !errors.Is(err, plan.ErrNotFound) {
		t.Errorf("copying an empty year: %v, want ErrNotFound", err)
	}
}

func TestFiltersAndThisMonth(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	in := valid()
	in.StartsOn, in.EndsOn, in.Title = "2045-05-30", "2045-06-02", "Over månedsskiftet"
	if _, err := s.Create(ctx, admin, in); err != nil {
		t.Fatal(err)
	}
	in = valid()
	in.FocusArea, in.Topic, in.StartsOn, in.EndsOn, in.Status, in.Title = "1", "2", "2045-06-10", "2045-06-10", "avlyst", "Avlyst samling"
	if _, err := s.Create(ctx, admin, in); err != nil {
		t.Fatal(err)
	}
	w := plan.NewWindow(2045, time.January)
	for f, want := range map[plan.Filter]int{
		{}:                             2,
		{FocusArea: "kompetanse"}:      1,
		{Topic: "felles-losninger"}:    1,
		{Status: plan.StatusCancelled}: 1,
		{FocusArea: "stordrift", Topic: "moteplasser"}: 0,
	} {
		if list, err := s.Activities(ctx, plan.ViewerOf(member), w, f, testToday); err != nil || len(list) != want {
			t.Errorf("filter %+v: %d activities, %v; want %d", f, len(list), err, want)
		}
	}
	month, err := s.ThisMonth(ctx, plan.ViewerOf(member), time.Date(2045, 6, 15, 12, 0, 0, 0, time.UTC), 10)
	if err != nil || len(month) != 1 || month[0].Title != "Over månedsskiftet" {
		t.Errorf("this month: %+v, %v; want the one under way and not the cancelled one", month, err)
	}
}
