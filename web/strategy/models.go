// Package strategy holds the pages of the strategy: the text in force with how the year's
// work serves each sub-goal, the earlier versions, and the forms that revise it.
package strategy

import (
	"strconv"
	"strings"

	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/strategy"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
)

// Page is /strategi (the strategy in force, with the year's figures) or an earlier version.
type Page struct {
	Strategy strategy.Strategy
	Year     int                  // the plan year the figures are of
	Stats    map[string]GoalStats // by Goal.Key; nil on an earlier version
	CanEdit  bool
	Current  bool // the strategy in force
}

// GoalStats is how a focus area's or sub-goal's year is going.
type GoalStats struct {
	Counts   []Count  // activities per status, in the plan's order, only those with any
	Total    int      // activities in the plan year
	Done     int      // of them done
	Counted  int      // of them neither cancelled nor postponed: what progress is measured against
	WheelURL string   // the year's wheel filtered to it
	Measures []string // "2 arrangementer holdt, 35 deltakere"
	// Activities are the first of the year's activities (at most plan.MaxPerGoal), by start.
	Activities []plan.GoalActivity
}

// More is how many of the year's activities are not in Activities.
func (g GoalStats) More() int { return max(0, g.Total-len(g.Activities)) }

// Count is the number of activities with a status.
type Count struct {
	Status plan.Status
	N      int
}

// Percent is the share of the counted activities that are done, rounded down.
func (g GoalStats) Percent() int {
	if g.Counted == 0 {
		return 0
	}
	return g.Done * 100 / g.Counted
}

// Progress says the progress in words: "2 av 4 gjennomført (50 %)".
func (g GoalStats) Progress() string {
	if g.Counted == 0 {
		return "Ingen aktiviteter å måle fremdrift mot."
	}
	return strconv.Itoa(g.Done) + " av " + strconv.Itoa(g.Counted) + " gjennomført (" + strconv.Itoa(g.Percent()) + " %)"
}

// HistoryPage lists the periods and their versions.
type HistoryPage struct {
	Periods  []strategy.PeriodHistory
	CanEdit  bool
	Current  int64 // the id of the revision in force
	NewForm  PeriodForm
	ShowForm bool
}

// EditForm revises the strategy: the whole text of the version it starts from.
type EditForm struct {
	Base   strategy.Strategy
	Input  strategy.Input
	Errors components.Errors
}

// PeriodForm starts a new period from a copy of the strategy in force.
type PeriodForm struct {
	From   int64
	Input  strategy.PeriodInput
	Errors components.Errors
}

// RevisionURL is the address of an earlier version.
func RevisionURL(id int64) string { return "/strategi/versjoner/" + strconv.FormatInt(id, 10) }

func itoa(n int) string { return strconv.Itoa(n) }

func id64(n int64) string { return strconv.FormatInt(n, 10) }

func versionLine(r strategy.Revision) string {
	s := "Versjon " + itoa(r.Number) + ", " + format.Date(r.CreatedAt)
	if r.AuthorName != nil {
		s += ", av " + *r.AuthorName
	}
	return s
}

func statusColour(s plan.Status) string {
	switch s {
	case plan.StatusOngoing:
		return "info"
	case plan.StatusDone:
		return "success"
	case plan.StatusPostponed:
		return "warning"
	case plan.StatusCancelled, plan.StatusLate:
		return "danger"
	}
	return "neutral"
}

func (f EditForm) goal(g strategy.Goal) strategy.GoalInput { return f.Input.Goals[g.Key()] }

// fieldOrder is the order of the edit form's fields, for the error summary.
func (f EditForm) fieldOrder() []string {
	out := []string{"purpose", "ambition"}
	for _, a := range f.Base.Areas {
		out = append(out, a.Key()+"-navn", a.Key()+"-tekst")
		for _, g := range a.SubGoals {
			out = append(out, g.Key()+"-navn", g.Key()+"-tekst")
		}
	}
	return append(out, "note")
}

func lower(s string) string { return strings.ToLower(s) }

func activityWords(n int) string {
	if n == 1 {
		return "1 aktivitet"
	}
	return itoa(n) + " aktiviteter"
}
