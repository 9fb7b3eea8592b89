package plan

import (
	"fmt"
	"strconv"
	"time"

	"klyngeportalen/internal/members"
	"klyngeportalen/internal/plan"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
)

// The view models of the årshjul built from the area's data: the wheel, the months, the choices.

// NewWheel lays the activities and events of the window win out on its wheel: a ring per focus area, the
// events as arcs in their focus area's ring beside the activities.
func NewWheel(win plan.Window, sel, selected string, areas []plan.FocusArea, acts []plan.Activity, events []plan.Event, now time.Time, baseURL string) Wheel {
	rings := make([]plan.Ring, len(areas))
	ringOf := map[int16]int{}
	for i, a := range areas {
		rings[i] = plan.Ring{Key: strconv.Itoa(int(a.ID)), Label: a.Name, Colour: a.Colour}
		ringOf[a.ID] = i
	}
	items := make([]plan.ArcItem, 0, len(acts))
	perRing := make([]int, len(areas))
	for _, a := range acts {
		ring, ok := ringOf[a.FocusAreaID]
		if !ok {
			continue
		}
		perRing[ring]++
		key := "a" + strconv.FormatInt(a.ID, 10)
		items = append(items, plan.ArcItem{
			Ring: ring, Start: a.StartsOn, End: a.EndsOn, Title: ArcTitle(a), Label: a.Title, Href: ActivityURL(a.ID),
			Select: sel + key + "#valgt", Selected: key == selected,
			Muted: a.Status == plan.StatusCancelled || a.Status == plan.StatusPostponed, Late: a.Status == plan.StatusLate,
		})
	}
	for _, e := range events {
		ring, ok := ringOf[e.FocusAreaID]
		if !ok {
			continue
		}
		perRing[ring]++
		key := "e" + strconv.FormatInt(e.ID, 10)
		items = append(items, plan.ArcItem{
			Ring: ring, Start: e.StartsOn, End: e.EndsOn, Title: EventArcTitle(e), Label: e.Title, Href: EventURL(e.ID),
			Select: sel + key + "#valgt", Selected: key == selected,
			Muted: e.Status == plan.StatusCancelled, Event: true,
		})
	}
	today := plan.Today(now)
	wh := Wheel{Drawing: plan.Layout(win, rings, items, today), Heading: Heading(win), BaseURL: baseURL}
	if baseURL == "" {
		wh.Simple = plan.Simple(win, rings, items)
		wh.SimpleHref = func(m time.Time) string { return "#" + MonthID(m) }
	}
	summary := fmt.Sprintf("%s med %s", wh.Heading, CountWords(len(acts), len(events)))
	for i, a := range areas {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		summary += sep + a.Name + " " + strconv.Itoa(perRing[i])
	}
	summary += ". Hjulet har en ring per satsingsområde og en bue per aktivitet, fra start- til sluttdato, med månedene rundt."
	if len(events) > 0 {
		summary += " Arrangementene har stiplet kant."
	}
	if wh.Drawing.Today {
		wh.Today = format.Date(today)
		summary += " En rød strek markerer dagens dato, " + wh.Today + "."
	}
	wh.Summary = summary
	return wh
}

// Heading is the heading of the wheel of the window w.
func Heading(w plan.Window) string {
	if w.Zoomed() {
		return "Årshjul " + MonthSpan(w)
	}
	if w.Start.Month() == time.January {
		return "Årshjul " + strconv.Itoa(w.Start.Year())
	}
	last := w.LastDay()
	return fmt.Sprintf("Årshjul %s %d – %s %d", format.MonthName(w.Start.Month()), w.Start.Year(), format.MonthName(last.Month()), last.Year())
}

// Months groups the activities and events by the month they begin in (the first month for
// those that began before the window), so that each is listed once.
func Months(win plan.Window, acts []plan.Activity, events []plan.Event) []MonthGroup {
	groups := make([]MonthGroup, win.MonthCount())
	for i := range groups {
		m := win.Start.AddDate(0, i, 0)
		groups[i] = MonthGroup{ID: MonthID(m), Name: fmt.Sprintf("%s %d", format.MonthName(m.Month()), m.Year())}
	}
	month := func(start time.Time) int {
		if !start.After(win.Start) {
			return 0
		}
		y, m, _ := start.Date()
		return (y-win.Start.Year())*12 + int(m) - int(win.Start.Month())
	}
	for _, a := range acts {
		if i := month(a.StartsOn); i >= 0 && i < len(groups) {
			groups[i].Activities = append(groups[i].Activities, a)
		}
	}
	for _, e := range events {
		if i := month(e.StartsOn); i >= 0 && i < len(groups) {
			groups[i].Events = append(groups[i].Events, e)
		}
	}
	return groups
}

// FocusOptions are the choices of focus area and topic: by slug for filters, by id for the form.
func FocusOptions(areas []plan.FocusArea, area, topic string, bySlug bool) (fo, to []components.Option) {
	all := "Alle"
	if !bySlug {
		all = "Velg satsingsområde"
	}
	fo = []components.Option{{Value: "", Label: all}}
	to = []components.Option{{Value: "", Label: map[bool]string{true: "Alle temaer", false: "Ingen bestemt"}[bySlug]}}
	for _, a := range areas {
		v := a.Slug
		if !bySlug {
			v = strconv.Itoa(int(a.ID))
		}
		fo = append(fo, components.Option{Value: v, Label: a.Name, Selected: v == area})
		for _, t := range a.Topics {
			v := t.Slug
			if !bySlug {
				v = strconv.Itoa(int(t.ID))
			}
			to = append(to, components.Option{Value: v, Label: t.Name + " (" + a.Name + ")", Selected: v == topic})
		}
	}
	return fo, to
}

// CompanyOptions are the choices of company, none being the empty choice's label.
func CompanyOptions(companies []members.Company, selected, none string, value func(members.Company) string) []components.Option {
	out := []components.Option{{Value: "", Label: none}}
	for _, c := range companies {
		out = append(out, components.Option{Value: value(c), Label: c.Name, Selected: value(c) == selected})
	}
	return out
}

// StatusOptions are the choices of status; all, when given, is the label of the empty choice.
func StatusOptions(selected, all string, statuses []plan.Status) []components.Option {
	var out []components.Option
	if all != "" {
		out = append(out, components.Option{Value: "", Label: all})
	}
	for _, st := range statuses {
		out = append(out, components.Option{Value: string(st), Label: st.Label(), Selected: string(st) == selected})
	}
	return out
}
