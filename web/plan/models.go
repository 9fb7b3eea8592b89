// Package plan holds the pages of the årshjul: the wheel drawn as SVG, its list, and the
// activity pages and form.
package plan

import (
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"klyngeportalen/internal/plan"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
)

// WheelHeight is the height of the wheel's viewBox: the wheel, then the legend below it.
const WheelHeight = plan.ViewSize + 110

// margin widens the viewBox on both sides for the month names at three and nine o'clock.
const margin = 90.0

var viewBox = num(-margin) + " 0 " + num(plan.ViewSize+2*margin) + " " + num(WheelHeight)

// Wheel is the drawing of one year's wheel with what its SVG says in words.
type Wheel struct {
	Drawing plan.Drawing
	Heading string // "Årshjul 2026"
	Summary string // the description of the whole drawing
	Today   string // today's date in words, when it is on the wheel
	BaseURL string // prefix of the arcs' links in a standalone file ("" inline)
	// The simplified wheel a phone shows instead (on the page only), its cells linking to the months of the list.
	Simple     plan.SimpleWheel
	SimpleHref func(month time.Time) string
}

// ZoomLink is a choice of the zoom menu: the whole year, a quarter or a month.
type ZoomLink struct {
	Label, Href string
	Current     bool
}

// Selected is the activity or event whose arc is selected, shown beside the wheel.
type Selected struct {
	Activity *plan.Activity
	Event    *plan.Event
	CloseURL string // the page without the selection
}

// MonthID is the anchor of a month in the list: "maned-2026-04".
func MonthID(m time.Time) string {
	b := make([]byte, 0, 16)
	b = append(b, "maned-"...)
	b = strconv.AppendInt(b, int64(m.Year()), 10)
	b = append(b, '-')
	if m.Month() < 10 {
		b = append(b, '0')
	}
	return string(strconv.AppendInt(b, int64(m.Month()), 10))
}

// MonthSpan names the months of a window: "april 2026", "april – juni 2026", "november 2026 – februar 2027".
func MonthSpan(w plan.Window) string {
	first, last := w.Start, w.LastDay()
	if first.Month() == last.Month() && first.Year() == last.Year() {
		return format.MonthName(first.Month()) + " " + strconv.Itoa(first.Year())
	}
	if first.Year() == last.Year() {
		return format.MonthName(first.Month()) + " – " + format.MonthName(last.Month()) + " " + strconv.Itoa(last.Year())
	}
	return format.MonthName(first.Month()) + " " + strconv.Itoa(first.Year()) + " – " + format.MonthName(last.Month()) + " " + strconv.Itoa(last.Year())
}

// MonthGroup is one month of the list beside the wheel.
type MonthGroup struct {
	ID         string // anchor
	Name       string // "januar 2026"
	Activities []plan.Activity
	Events     []plan.Event // the events with a focus area that begin this month
}

// WheelPage is /arshjul/{year}: the wheel, its list, filters and exports.
type WheelPage struct {
	Year         int
	StartMonth   int
	Wheel        Wheel
	Months       []MonthGroup
	Count        int // activities
	Events       int // events on the wheel
	Filtered     bool
	Query        string // the filters as a query string ("" or "?…"), for the export links
	PrevURL      string
	NextURL      string
	PrevLabel    string // "Forrige år", or "Forrige periode" when zoomed
	NextLabel    string
	Zoomed       bool
	ZoomFrom     string // the zoom's months for the filter form: "2026-04"
	ZoomTo       string
	ZoomYear     ZoomLink
	ZoomQuarters []ZoomLink
	ZoomMonths   []ZoomLink
	Selected     *Selected
	CanEdit      bool
	FocusAreas   []components.Option
	Topics       []components.Option
	Companies    []components.Option
	Statuses     []components.Option
	Starts       []components.Option
}

// ActivityPage shows one activity.
type ActivityPage struct {
	Activity plan.Activity
	CanEdit  bool
}

// Form is the activity form, new or existing.
type Form struct {
	ID         int64 // 0 for a new activity
	Input      plan.Input
	FocusAreas []components.Option
	Topics     []components.Option
	Companies  []components.Option
	People     []components.Option
	Statuses   []components.Option
	Events     []components.Option // the events the editor may see
	Projects   []components.Option // the projects of the register
	Errors     components.Errors
}

// Action is where the form posts.
func (f Form) Action() string {
	if f.ID == 0 {
		return "/arshjul/aktivitet/ny"
	}
	return ActivityURL(f.ID) + "/rediger"
}

// ActivityURL is the address of activity id.
func ActivityURL(id int64) string { return "/arshjul/aktivitet/" + strconv.FormatInt(id, 10) }

// EventURL is the address of event id.
func EventURL(id int64) string { return "/arrangementer/" + strconv.FormatInt(id, 10) }

// ThreadURL is the address of the thread linked to a, "" when the viewer may not see one.
func ThreadURL(a plan.Activity) string {
	if a.ThreadID == nil || a.ThreadForum == nil {
		return ""
	}
	return "/forum/" + *a.ThreadForum + "/" + strconv.FormatInt(*a.ThreadID, 10)
}

// Dates writes the span of an activity: "5. juni 2026" or "5. juni – 7. august 2026".
func Dates(a plan.Activity) string { return Span(a.StartsOn, a.EndsOn) }

// Span writes the civil dates from start to end: "5. juni 2026" or "5. juni – 7. august 2026".
func Span(start, end time.Time) string {
	if start.Equal(end) {
		return format.Date(start)
	}
	if start.Year() == end.Year() {
		s := format.Date(start)
		return strings.TrimSuffix(s, " "+strconv.Itoa(start.Year())) + " – " + format.Date(end)
	}
	return format.Date(start) + " – " + format.Date(end)
}

// EventDates writes when an event is: "5. juni 2026 kl. 09.00" and its last day when it has more.
func EventDates(e plan.Event) string {
	if e.StartsOn.Equal(e.EndsOn) {
		return format.DateTime(e.StartsAt)
	}
	return format.DateTime(e.StartsAt) + " – " + format.Date(e.EndsOn)
}

// EventArcTitle is what an event's arc says.
func EventArcTitle(e plan.Event) string {
	s := "Arrangement: " + e.Title + ", " + Span(e.StartsOn, e.EndsOn) + " (" + e.FocusAreaName
	if e.Status == plan.StatusCancelled {
		s += ", avlyst"
	} else if e.Draft {
		s += ", utkast"
	}
	return s + ")"
}

// CountWords is "3 aktiviteter", with the events when there are any: "3 aktiviteter og 1 arrangement".
func CountWords(acts, events int) string {
	s := strconv.Itoa(acts) + " aktiviteter"
	if acts == 1 {
		s = "1 aktivitet"
	}
	switch events {
	case 0:
		return s
	case 1:
		return s + " og 1 arrangement"
	}
	return s + " og " + strconv.Itoa(events) + " arrangementer"
}

// Responsible names who is responsible: the company and/or the person.
func Responsible(a plan.Activity) string {
	var parts []string
	if a.CompanyShort != nil {
		parts = append(parts, *a.CompanyShort)
	}
	if a.ResponsibleName != nil {
		parts = append(parts, *a.ResponsibleName)
	}
	return strings.Join(parts, ", ")
}

// ArcTitle is what an arc's <title> says.
func ArcTitle(a plan.Activity) string {
	s := a.Title + ", " + Dates(a) + " (" + a.FocusAreaName + ", " + strings.ToLower(a.Status.Label()) + ")"
	return s
}

// statusColour is the Designsystemet colour of a status tag.
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

// MonthName is the Norwegian name of m.
func MonthName(m time.Month) string { return format.MonthName(m) }

func monthAbbr(m time.Month) string {
	n := format.MonthName(m)
	if len([]rune(n)) <= 4 {
		return n
	}
	return string([]rune(n)[:3]) + "."
}

// hasLate reports whether any arc is a late activity's, for the legend.
func (w Wheel) hasLate() bool {
	for _, a := range w.Drawing.Arcs {
		if a.Item.Late {
			return true
		}
	}
	return false
}

// hasEvents reports whether any arc is an event's, for the legend.
func (w Wheel) hasEvents() bool {
	for _, a := range w.Drawing.Arcs {
		if a.Item.Event {
			return true
		}
	}
	return false
}

// arcHref is where arc a links to: on the page, the page with it selected; in a standalone file,
// its activity's or event's own page.
func (w Wheel) arcHref(a plan.Arc) templ.SafeURL {
	if w.BaseURL != "" {
		return templ.SafeURL(w.BaseURL + a.Item.Href)
	}
	return templ.SafeURL(a.Item.Select)
}

// arcOpacity is the opacity of a muted (cancelled or past) arc, and nothing for the others.
func arcOpacity(a plan.Arc) templ.Attributes {
	if a.Item.Muted {
		return templ.Attributes{"fill-opacity": "0.45"}
	}
	return nil
}

// arcLate outlines a late activity's arc in red, so that it stands out without relying on its fill.
func arcLate(a plan.Arc) templ.Attributes {
	if a.Item.Late && !a.Item.Selected { // the selection's outline wins; its details say it is late
		return templ.Attributes{"stroke": "#b3261e", "stroke-width": "4", "data-status": "forsinket"}
	}
	return nil
}

func num(f float64) string { return plan.Num(f) }

func itoa(n int) string { return strconv.Itoa(n) }

func legendX(i int) string { return plan.Num(float64(i)*330 - 40) }

func legendTextX(i int, offset float64) string { return plan.Num(float64(i)*330 - 40 + offset) }

// swatchColour is a colour mark of the list: the ring's key and colour.
type swatchColour struct{ key, colour string }

// The mark of an item whose focus area has no ring on the wheel.
const otherAreaKey, otherAreaColour = "x", "#6b6b73"

// swatchColours are the list's colour marks: one per ring, and one for any other focus area.
func (w Wheel) swatchColours() []swatchColour {
	cs := make([]swatchColour, 0, len(w.Drawing.Rings)+1)
	for _, b := range w.Drawing.Rings {
		cs = append(cs, swatchColour{b.Ring.Key, b.Ring.Colour})
	}
	return append(cs, swatchColour{otherAreaKey, otherAreaColour})
}

// swatch is the reference to the colour mark of focus area id: an event's, or an activity's.
func (w Wheel) swatch(focusAreaID int16, event bool) string {
	key := otherAreaKey
	for _, b := range w.Drawing.Rings {
		if b.Ring.Key == strconv.Itoa(int(focusAreaID)) {
			key = b.Ring.Key
		}
	}
	if event {
		return "#flate-" + key + "-arr"
	}
	return "#flate-" + key
}

func countText(n, events int, filtered, zoomed bool) string {
	s := CountWords(n, events)
	switch {
	case filtered:
		return s + " passer filteret."
	case zoomed:
		return s + " i perioden."
	}
	return s + " i året."
}

// labelID is the id of the path arc i's label follows.
func labelID(i int) string { return "bue-" + strconv.Itoa(i) }

// labelFill is the colour of an arc's label: white on the focus areas' dark colours, dark on a
// muted (pale) arc.
func labelFill(a plan.Arc) string {
	if a.Item.Muted {
		return "#1e1e24"
	}
	return "#ffffff"
}

// arcSelected outlines the selected arc.
func arcSelected(a plan.Arc) templ.Attributes {
	if a.Item.Selected {
		return templ.Attributes{"stroke": "#1e1e24", "stroke-width": "6", "stroke-dasharray": "none", "data-selected": "true"}
	}
	return nil
}

// zoomCentre is the months of a zoomed wheel, short, for its centre: "apr. – juni".
func zoomCentre(w plan.Window) string {
	first, last := w.Start.Month(), w.LastDay().Month()
	if first == last {
		return MonthName(first)
	}
	return monthAbbr(first) + " – " + monthAbbr(last)
}

// cellTitle names a cell of the simplified wheel: "Kompetanse, april 2026: 3".
func cellTitle(w Wheel, c plan.Cell) string {
	s := w.Drawing.Rings[c.Ring].Ring.Label + ", " + MonthName(c.Month.Month()) + " " + strconv.Itoa(c.Month.Year()) + ": "
	switch c.Count {
	case 0:
		return s + "ingen aktiviteter"
	case 1:
		return s + "1 aktivitet eller arrangement"
	}
	return s + strconv.Itoa(c.Count) + " aktiviteter og arrangementer"
}

// withPaper adds the paper size to an export's query string ("" or "?…").
func withPaper(query, paper string) string {
	if query == "" {
		return "?papir=" + paper
	}
	return query + "&papir=" + paper
}
