// Package events holds the pages of events: the list, an event, the form, the organiser's tools
// and the calendar subscription.
package events

import (
	"strconv"
	"strings"
	"time"

	evs "klyngeportalen/internal/events"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/tz"
	"klyngeportalen/web/components"
	docview "klyngeportalen/web/documents"
	"klyngeportalen/web/format"
)

// ListPage is the list of coming (or past) events with its filters.
type ListPage struct {
	Past     bool
	Events   []evs.Event
	Kinds    []components.Option
	Areas    []components.Option
	Month    string // "2026-06" or ""
	NextURL  string
	Admin    bool
	Filtered bool
	Shared   bool // for every viewer alike: each card has MineSlot where the viewer's status goes
}

// MineSlot marks where the viewer's status at event id goes in a list rendered Shared.
func MineSlot(id int64) string { return "<!--mine:" + strconv.FormatInt(id, 10) + "-->" }

// EventPage is one event with registration and the attendee list.
type EventPage struct {
	Event      evs.Event
	Confirmed  []evs.Attendee // name and company of everyone confirmed
	MyCompany  []evs.Attendee // everyone of the viewer's company, confirmed or waiting
	CompanyAdm bool           // the viewer may register colleagues
	Admin      bool
	Open       bool
	Why        string // why registration is closed
	CanCancel  bool
	Refusal    string // why the last registration or cancellation was refused
	Answer     string
	Errors     components.Errors
	Details    evs.Details        // questions, the viewer's answers, programme
	Values     evs.Answers        // the form's values: the viewer's answers, or what they just sent
	Posted     evs.Form           // the sent form, when it is shown again
	CanChange  bool               // the viewer may still change their answers
	Feedback   bool               // the viewer may give feedback now
	Plan       []plan.PlanLink    // the årshjul's activities that link to the event
	Materials  docview.LinkedList // the documents tied to the event
}

// planDates writes an activity's span: "5. juni 2026" or "5. juni 2026 – 7. august 2026".
func planDates(a plan.PlanLink) string {
	if a.StartsOn.Equal(a.EndsOn) {
		return format.Date(a.StartsOn)
	}
	return format.Date(a.StartsOn) + " – " + format.Date(a.EndsOn)
}

// FormPage is the event form, new (ID 0) or existing.
type FormPage struct {
	ID        int64
	Input     evs.Input
	Errors    components.Errors
	Kinds     []components.Option
	Companies []components.Option
	Areas     []components.Option
	Topics    []components.Option
	Groups    []components.Option
}

// AttendeesPage is the organiser's list with check-in, export and mail to all.
type AttendeesPage struct {
	Event     evs.Event
	Attendees []evs.Attendee
	Questions []evs.Question
	Answers   map[int64]evs.Answers // registration id → answers
	Subject   string
	Body      string
	Errors    components.Errors
}

// CalendarPage is the calendar subscription: the personal and cluster feed addresses.
type CalendarPage struct {
	HasToken    bool
	PersonalURL string // shown once, right after the token is made
	ClusterURL  string
	EventsURL   string
	MeetingsURL string // the meetings of one's groups, for members of a group
}

var oslo = tz.Oslo

// When writes the event's time: "5. juni 2026 kl. 09.30–11.00", or both dates over several days.
func When(e evs.Event) string {
	s, end := e.StartsAt.In(oslo), e.EndsAt.In(oslo)
	if s.YearDay() == end.YearDay() && s.Year() == end.Year() {
		return format.DateTime(s) + "–" + clock(end)
	}
	return format.DateTime(s) + " – " + format.DateTime(end)
}

func clock(t time.Time) string {
	t = t.In(oslo)
	return pad(t.Hour()) + "." + pad(t.Minute())
}

func pad(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Seats writes the seats: "12 av 40 plasser igjen", "Fullt" or that there is no limit.
func Seats(e evs.Event) string {
	switch left := e.SeatsLeft(); {
	case left < 0:
		return "Ingen begrensning på antall plasser"
	case left == 0:
		return "Fullt – 0 av " + strconv.Itoa(int(*e.Capacity)) + " plasser igjen"
	default:
		return strconv.Itoa(left) + " av " + strconv.Itoa(int(*e.Capacity)) + " plasser igjen"
	}
}

// SeatsAndWaitlist is Seats with the length of the waitlist after a comma, when there is one.
func SeatsAndWaitlist(e evs.Event) string {
	if e.WaitlistCount > 0 {
		return Seats(e) + ", " + strconv.Itoa(e.WaitlistCount) + " på venteliste"
	}
	return Seats(e)
}

// MyStatus writes the viewer's status: "Du er påmeldt", "Du står på venteliste som nr. 3" or "".
func MyStatus(e evs.Event) string {
	switch {
	case e.MyStatus == nil:
		return ""
	case *e.MyStatus == evs.Confirmed:
		return "Du er påmeldt"
	case e.MyPosition != nil:
		return "Du står på venteliste som nr. " + strconv.Itoa(*e.MyPosition)
	}
	return "Du står på venteliste"
}

// URL is the event's address.
func URL(e evs.Event) string { return "/arrangementer/" + strconv.FormatInt(e.ID, 10) }

func id(n int64) string { return strconv.FormatInt(n, 10) }

func itoa(n int) string { return strconv.Itoa(n) }

// StatusLabel is a registration status in Norwegian.
func StatusLabel(a evs.Attendee) string {
	if a.Status == evs.Confirmed {
		return "Påmeldt"
	}
	return "Venteliste nr. " + strconv.Itoa(a.Position)
}

func statusOf(c evs.Colleague) string {
	switch {
	case c.Status == nil:
		return ""
	case *c.Status == evs.Confirmed:
		return "påmeldt"
	}
	return "på venteliste"
}

// registeredColleagues are the colleagues registered or on the waitlist.
func registeredColleagues(all []evs.Colleague) []evs.Colleague {
	var out []evs.Colleague
	for _, c := range all {
		if c.Status != nil {
			out = append(out, c)
		}
	}
	return out
}

// otherColleagues are the colleagues not registered, for the select that registers one.
func otherColleagues(all []evs.Colleague) []evs.Colleague {
	var out []evs.Colleague
	for _, c := range all {
		if c.Status == nil {
			out = append(out, c)
		}
	}
	return out
}

// questionLabel is the question with "(må besvares)" when it is required.
func questionLabel(q evs.Question) string {
	if q.Required {
		return q.Label + " (må besvares)"
	}
	return q.Label + " (valgfritt)"
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// choicesOf are a choice question's (value, label) pairs; yes/no has its two.
func choicesOf(q evs.Question) [][2]string {
	if q.Kind == "yesno" {
		return [][2]string{{"ja", "Ja"}, {"nei", "Nei"}}
	}
	out := make([][2]string, len(q.Choices))
	for i, c := range q.Choices {
		out[i] = [2]string{c, c}
	}
	return out
}

func fieldsetDescribedBy(q evs.Question, msg string) string {
	var ids []string
	if q.Help != "" {
		ids = append(ids, q.Field()+"-beskrivelse")
	}
	if msg != "" {
		ids = append(ids, q.Field()+"-feil")
	}
	return strings.Join(ids, " ")
}

func joinChoices(c []string) string { return strings.Join(c, ", ") }

func answeredText(n int) string {
	switch n {
	case 0:
		return "Ikke besvart ennå"
	case 1:
		return "Besvart av 1"
	}
	return "Besvart av " + strconv.Itoa(n)
}

func questionAction(p QuestionsPage) string {
	if p.EditID != 0 {
		return URL(p.Event) + "/sporsmal/" + id(p.EditID)
	}
	return URL(p.Event) + "/sporsmal"
}

func kindOptions(selected string) []components.Option {
	var out []components.Option
	for _, k := range evs.QuestionKinds {
		out = append(out, components.Option{Value: k.Value, Label: k.Label, Selected: k.Value == selected})
	}
	return out
}

// summaryFields are the fields of the registration form, in order, for its error summary.
func summaryFields(qs []evs.Question) []string {
	out := []string{"answer=Svaret"}
	for _, q := range qs {
		out = append(out, q.Field()+"="+q.Label)
	}
	return out
}

// sessionTime writes a session's time: "09.30–10.15", with the date when the event spans days.
func sessionTime(x evs.Session) string {
	return format.Date(x.StartsAt) + " kl. " + clock(x.StartsAt) + "–" + clock(x.EndsAt)
}

func speakerLead(x evs.Session) string {
	if len(x.Speakers) == 1 {
		return "Foredragsholder: "
	}
	return "Foredragsholdere: "
}

func sessionAction(p ProgrammePage) string {
	if p.EditID != 0 {
		return URL(p.Event) + "/program/" + id(p.EditID)
	}
	return URL(p.Event) + "/program"
}

func scaleDescribedBy(name, msg string) string {
	if msg != "" {
		return name + "-beskrivelse " + name + "-feil"
	}
	return name + "-beskrivelse"
}

func num(n int) string { return strconv.Itoa(n) }

// barWidth scales n to width against the largest of counts.
func barWidth(n int, counts [5]int, width int) int {
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	if top == 0 {
		return 0
	}
	return n * width / top
}

func distributionText(counts [5]int) string {
	parts := make([]string, 5)
	for i, n := range counts {
		parts[i] = strconv.Itoa(n) + " ga " + strconv.Itoa(i+1)
	}
	return strings.Join(parts, ", ")
}

func avg(v *float64) string {
	if v == nil {
		return "–"
	}
	return format.Number(*v, 1)
}

// MonthPage is the calendar: a month's weeks, its events, today's events and the subscription.
type MonthPage struct {
	Month, Prev, Next time.Time // first days
	PrevURL, NextURL  string
	Now               time.Time
	Weeks             [][7]Day
	Events            []evs.Event
	Today             []evs.Event
	Subscription      CalendarPage
}

// Day is one cell of the month grid.
type Day struct {
	Date    time.Time
	InMonth bool
	Today   bool
	Events  []evs.Event
}

var weekdays = [7][2]string{{"man", "mandag"}, {"tir", "tirsdag"}, {"ons", "onsdag"}, {"tor", "torsdag"}, {"fre", "fredag"}, {"lør", "lørdag"}, {"søn", "søndag"}}

// BuildMonth lays out month (a first day in Europe/Oslo) in weeks from Monday, with the events
// on the days they start.
func BuildMonth(month, now time.Time, list []evs.Event) MonthPage {
	p := MonthPage{Month: month, Prev: month.AddDate(0, -1, 0), Next: month.AddDate(0, 1, 0), Now: now.In(oslo), Events: list}
	p.PrevURL = "/arrangementer/kalender?maned=" + p.Prev.Format("2006-01")
	p.NextURL = "/arrangementer/kalender?maned=" + p.Next.Format("2006-01")
	byDay := map[string][]evs.Event{}
	for _, e := range list {
		k := e.StartsAt.In(oslo).Format("2006-01-02")
		byDay[k] = append(byDay[k], e)
	}
	today := p.Now.Format("2006-01-02")
	offset := (int(month.Weekday()) + 6) % 7 // Monday first
	day := month.AddDate(0, 0, -offset)
	for day.Before(p.Next) {
		var w [7]Day
		for i := range w {
			k := day.Format("2006-01-02")
			w[i] = Day{Date: day, InMonth: day.Month() == month.Month(), Today: k == today, Events: byDay[k]}
			day = day.AddDate(0, 0, 1)
		}
		p.Weeks = append(p.Weeks, w)
	}
	return p
}

func monthTitle(t time.Time) string {
	name := format.MonthName(t.Month())
	return strings.ToUpper(name[:1]) + name[1:] + " " + strconv.Itoa(t.Year())
}

func sameDay(a, b time.Time) bool {
	a, b = a.In(oslo), b.In(oslo)
	return a.YearDay() == b.YearDay() && a.Year() == b.Year()
}

func answersText(n int) string {
	if n == 1 {
		return "1 svar"
	}
	return strconv.Itoa(n) + " svar"
}
