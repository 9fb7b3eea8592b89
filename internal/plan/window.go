package plan

import (
	"time"

	"klyngeportalen/internal/tz"
)

// Window is the year a wheel shows: from the first day of its start month to the day before
// the same date a year later. Dates are civil dates at midnight UTC.
type Window struct {
	Start time.Time // first day, inclusive
	End   time.Time // the day after the last day (exclusive)
}

// NewWindow returns the window of the plan year that begins in startMonth of year
// (January gives the calendar year, August an August–July year).
func NewWindow(year int, startMonth time.Month) Window {
	if startMonth < time.January || startMonth > time.December {
		startMonth = time.January
	}
	start := time.Date(year, startMonth, 1, 0, 0, 0, 0, time.UTC)
	return Window{Start: start, End: start.AddDate(1, 0, 0)}
}

// MaxZoomMonths bounds a zoomed window: at most a year.
const MaxZoomMonths = 12

// NewRange returns the window of the whole months from the month of from to the month of to,
// both inclusive (a quarter: April–June). ok is false when to is before from or the range is
// longer than MaxZoomMonths.
func NewRange(from, to time.Time) (w Window, ok bool) {
	start := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC)
	n := (last.Year()-start.Year())*12 + int(last.Month()) - int(start.Month()) + 1
	if n < 1 || n > MaxZoomMonths {
		return Window{}, false
	}
	return Window{Start: start, End: start.AddDate(0, n, 0)}, true
}

// MonthCount is the number of whole months in the window.
func (w Window) MonthCount() int {
	return (w.End.Year()-w.Start.Year())*12 + int(w.End.Month()) - int(w.Start.Month())
}

// Zoomed reports whether the window is shorter than a year.
func (w Window) Zoomed() bool { return w.MonthCount() < 12 }

// Days is the number of days in the window: 366 when it holds a 29 February.
func (w Window) Days() int { return dayNumber(w.End) - dayNumber(w.Start) }

// LastDay is the window's last day.
func (w Window) LastDay() time.Time { return w.End.AddDate(0, 0, -1) }

// Day is the day offset of the civil date d from the window's start (negative before it).
func (w Window) Day(d time.Time) int { return dayNumber(d) - dayNumber(w.Start) }

// Angle is the angle in degrees, clockwise from twelve o'clock, at which the civil day d
// begins; days outside the window are clamped to 0 and 360.
func (w Window) Angle(d time.Time) float64 {
	return w.angleOf(w.Day(d))
}

func (w Window) angleOf(day int) float64 {
	n := w.Days()
	day = max(0, min(day, n))
	return 360 * float64(day) / float64(n)
}

// Span returns the angles from the beginning of start to the end of end (both inclusive civil
// dates), clipped to the window; ok is false when the span lies wholly outside it.
func (w Window) Span(start, end time.Time) (from, to float64, ok bool) {
	a, b := w.Day(start), w.Day(end)+1
	if b <= 0 || a >= w.Days() || b <= a {
		return 0, 0, false
	}
	return w.angleOf(a), w.angleOf(b), true
}

// Contains reports whether the civil date d lies in the window.
func (w Window) Contains(d time.Time) bool { day := w.Day(d); return day >= 0 && day < w.Days() }

// Month is one month sector of the wheel.
type Month struct {
	Start    time.Time // first day of the month
	From, To float64   // angles in degrees
}

// Months returns the window's month sectors in order, each as wide as its days.
func (w Window) Months() []Month {
	out := make([]Month, w.MonthCount())
	for i := range out {
		first := w.Start.AddDate(0, i, 0)
		out[i] = Month{Start: first, From: w.Angle(first), To: w.Angle(first.AddDate(0, 1, 0))}
	}
	return out
}

// Week is an ISO week beginning in the window: its Monday's angle and its number.
type Week struct {
	Monday time.Time
	Number int
	Angle  float64
}

// Weeks returns the ISO weeks whose Monday lies in the window, in order.
func (w Window) Weeks() []Week {
	var out []Week
	// the first Monday on or after the start (1970-01-05 was a Monday)
	first := w.Start.AddDate(0, 0, (7-(dayNumber(w.Start)-4)%7)%7)
	for d := first; d.Before(w.End); d = d.AddDate(0, 0, 7) {
		_, n := d.ISOWeek()
		out = append(out, Week{Monday: d, Number: n, Angle: w.Angle(d)})
	}
	return out
}

// dayNumber counts days since the Unix epoch for the civil date of d (its year, month, day).
func dayNumber(d time.Time) int {
	y, m, day := d.Date()
	return daysFromCivil(y, int(m), day)
}

// daysFromCivil counts the days from 1 January 1970 to the proleptic Gregorian date y-m-d, in
// integers (Howard Hinnant's days_from_civil): the wheel's layout asks this thousands of times,
// and through time.Date it was half of the layout's time.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400                     // year of era, 0…399
	doy := (153*((m+9)%12)+2)/5 + d - 1    // day of the year from 1 March, 0…365
	doe := yoe*365 + yoe/4 - yoe/100 + doy // day of era, 0…146096
	return era*146097 + doe - 719468
}

var oslo = tz.Oslo

// Today is the civil date of now in Oslo, as a date at midnight UTC.
func Today(now time.Time) time.Time {
	y, m, d := now.In(oslo).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
