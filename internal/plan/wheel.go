package plan

import (
	"math"
	"strconv"
	"time"
)

// Wheel geometry in the SVG's user units: a square of ViewSize with the centre in the middle.
const (
	ViewSize    = 1000.0
	centre      = ViewSize / 2
	innerRadius = 150.0 // the hole in the middle holds the year
	outerRadius = 410.0 // the rings end here; the month names are outside
	labelRadius = 426.0
	ringGap     = 6.0
	laneGap     = 1.5
)

// Ring is one ring of the wheel: a focus area.
type Ring struct {
	Key    string // stable key, e.g. the focus area's slug
	Label  string
	Colour string // fill of its arcs, "#rrggbb"
}

// ArcItem is one thing drawn as an arc: an activity, or an event with a focus area.
type ArcItem struct {
	Ring       int       // index into the wheel's rings
	Start, End time.Time // civil dates, both inclusive
	Title      string    // the arc's <title>
	Label      string    // the short text written on the arc where it fits (the activity's title)
	Href       string    // where the arc links to in a standalone file: the activity's or event's page
	Select     string    // where the arc links to on the page: the wheel with it selected
	Selected   bool      // the selected arc, outlined
	Muted      bool      // drawn hatched/faded (e.g. cancelled or postponed)
	Event      bool      // an event: drawn with a dashed outline, apart from the activities
	Late       bool      // ended and not done: drawn with a red outline
}

// Arc is an ArcItem placed on the wheel.
type Arc struct {
	Item      ArcItem
	Lane      int
	Path      string  // SVG path data of the annular sector
	From, To  float64 // angles in degrees
	Inner     float64 // radii of its lane
	Outer     float64
	ClipStart bool // begins before the window (drawn from its start)
	ClipEnd   bool // ends after the window
	// The label written along the arc, when it fits: the text (shortened with "…"), the path
	// it follows (read left to right on both halves of the wheel) and its font size.
	Label     string
	LabelPath string
	LabelSize string
}

// RingBand is a ring's place on the wheel.
type RingBand struct {
	Ring         Ring
	Inner, Outer float64
	Lanes        int
	LabelY       string // where its name is written, at twelve o'clock
}

// WeekMark is a week's line on a zoomed wheel, from the Monday, with its number in the middle of the week.
type WeekMark struct {
	Number                         int
	LineX1, LineY1, LineX2, LineY2 string
	LabelX, LabelY                 string
}

// MonthLabel is a month sector with its divider line and label position.
type MonthLabel struct {
	Month
	LineX1, LineY1, LineX2, LineY2 string
	LabelX, LabelY                 string
	Anchor                         string // text-anchor: the label reads away from the wheel
}

// Drawing is everything the SVG view needs, in numbers and path strings.
type Drawing struct {
	Window Window
	Rings  []RingBand
	Arcs   []Arc // in the order of the items given; items outside the window are left out
	Months []MonthLabel
	Weeks  []WeekMark // on a zoomed wheel only
	// Today's marker, when today is in the window.
	Today                              bool
	TodayX1, TodayY1, TodayX2, TodayY2 string
}

// Layout places items on the rings of the wheel of w, each ring split into as many lanes as
// its overlapping items need. today is marked when it falls in the window.
func Layout(w Window, rings []Ring, items []ArcItem, today time.Time) Drawing {
	d := Drawing{Window: w}
	// Lanes per ring, from the items' day intervals clipped to the window.
	perRing := make([][]Interval, len(rings))
	index := make([][]int, len(rings))
	for i, it := range items {
		if it.Ring < 0 || it.Ring >= len(rings) {
			continue
		}
		if _, _, ok := w.Span(it.Start, it.End); !ok {
			continue
		}
		a, b := max(w.Day(it.Start), 0), min(w.Day(it.End), w.Days()-1)
		perRing[it.Ring] = append(perRing[it.Ring], Interval{a, b})
		index[it.Ring] = append(index[it.Ring], i)
	}
	laneOf := make(map[int]int, len(items))
	width := (outerRadius - innerRadius - ringGap*float64(len(rings)-1)) / float64(max(len(rings), 1))
	for r, ring := range rings {
		lanes, n := AssignLanes(perRing[r])
		for k, i := range index[r] {
			laneOf[i] = lanes[k]
		}
		inner := innerRadius + float64(r)*(width+ringGap)
		d.Rings = append(d.Rings, RingBand{Ring: ring, Inner: inner, Outer: inner + width, Lanes: max(n, 1), LabelY: num(centre - inner - width/2)})
	}
	for i, it := range items {
		lane, ok := laneOf[i]
		if !ok {
			continue
		}
		band := d.Rings[it.Ring]
		from, to, _ := w.Span(it.Start, it.End)
		lw := (band.Outer - band.Inner) / float64(band.Lanes)
		inner := band.Inner + float64(lane)*lw + laneGap/2
		outer := band.Inner + float64(lane+1)*lw - laneGap/2
		if outer-inner < 1 {
			inner, outer = band.Inner+float64(lane)*lw, band.Inner+float64(lane+1)*lw
		}
		arc := Arc{
			Item: it, Lane: lane, From: from, To: to, Inner: inner, Outer: outer,
			Path: SectorPath(from, to, inner, outer), ClipStart: w.Day(it.Start) < 0, ClipEnd: w.Day(it.End) >= w.Days(),
		}
		arc.Label, arc.LabelPath, arc.LabelSize = arcLabel(it.Label, from, to, inner, outer)
		d.Arcs = append(d.Arcs, arc)
	}
	for _, m := range w.Months() {
		x1, y1 := point(m.From, innerRadius)
		x2, y2 := point(m.From, outerRadius+8)
		mid := (m.From + m.To) / 2
		lx, ly := point(mid, labelRadius)
		anchor := "middle"
		if s := math.Sin(mid * math.Pi / 180); s > 0.25 {
			anchor = "start"
		} else if s < -0.25 {
			anchor = "end"
		}
		d.Months = append(d.Months, MonthLabel{Month: m, LineX1: num(x1), LineY1: num(y1), LineX2: num(x2), LineY2: num(y2), LabelX: num(lx), LabelY: num(ly), Anchor: anchor})
	}
	if w.Zoomed() {
		for _, wk := range w.Weeks() {
			x1, y1 := point(wk.Angle, innerRadius-4)
			x2, y2 := point(wk.Angle, outerRadius+4)
			mid := min(wk.Angle+360*3.5/float64(w.Days()), 360)
			lx, ly := point(mid, innerRadius-22)
			d.Weeks = append(d.Weeks, WeekMark{Number: wk.Number, LineX1: num(x1), LineY1: num(y1), LineX2: num(x2), LineY2: num(y2), LabelX: num(lx), LabelY: num(ly)})
		}
	}
	if w.Contains(today) {
		a := w.Angle(today) + 360/float64(w.Days())/2 // the middle of the day
		x1, y1 := point(a, innerRadius-12)
		x2, y2 := point(a, outerRadius+14)
		d.Today, d.TodayX1, d.TodayY1, d.TodayX2, d.TodayY2 = true, num(x1), num(y1), num(x2), num(y2)
	}
	return d
}

// SectorPath is the SVG path of the ring sector between the angles from and to (degrees,
// clockwise from twelve o'clock) and the radii inner and outer. A full circle is drawn as
// two halves, since one SVG arc cannot start and end at the same point.
func SectorPath(from, to, inner, outer float64) string {
	if to-from >= 359.9 {
		// a whole ring: the outer circle clockwise and the inner one back, as two halves each
		ox1, oy1 := point(from, outer)
		ox2, oy2 := point(from+180, outer)
		ix1, iy1 := point(from, inner)
		ix2, iy2 := point(from+180, inner)
		o, i := num(outer)+" "+num(outer)+" 0 0 1 ", num(inner)+" "+num(inner)+" 0 0 0 "
		return "M" + num(ox1) + " " + num(oy1) + "A" + o + num(ox2) + " " + num(oy2) + "A" + o + num(ox1) + " " + num(oy1) + "Z" +
			"M" + num(ix1) + " " + num(iy1) + "A" + i + num(ix2) + " " + num(iy2) + "A" + i + num(ix1) + " " + num(iy1) + "Z"
	}
	large := byte('0')
	if to-from > 180 {
		large = '1'
	}
	ox1, oy1 := point(from, outer)
	ox2, oy2 := point(to, outer)
	ix2, iy2 := point(to, inner)
	ix1, iy1 := point(from, inner)
	// Appended to one buffer: a year's wheel has hundreds of arcs, each of twenty numbers.
	b := make([]byte, 0, 112)
	b = appendNum(append(b, 'M'), ox1)
	b = appendNum(append(b, ' '), oy1)
	b = appendNum(append(b, 'A'), outer)
	b = appendNum(append(b, ' '), outer)
	b = append(b, " 0 "...)
	b = append(b, large)
	b = append(b, " 1 "...)
	b = appendNum(b, ox2)
	b = appendNum(append(b, ' '), oy2)
	b = appendNum(append(b, 'L'), ix2)
	b = appendNum(append(b, ' '), iy2)
	b = appendNum(append(b, 'A'), inner)
	b = appendNum(append(b, ' '), inner)
	b = append(b, " 0 "...)
	b = append(b, large)
	b = append(b, " 0 "...)
	b = appendNum(b, ix1)
	b = appendNum(append(b, ' '), iy1)
	return string(append(b, 'Z'))
}

// point is the position at angle degrees clockwise from twelve o'clock and radius r.
func point(angle, r float64) (x, y float64) {
	rad := angle * math.Pi / 180
	return centre + r*math.Sin(rad), centre - r*math.Cos(rad)
}

// num writes a coordinate with at most two decimals.
func num(f float64) string { return string(appendNum(nil, f)) }

// appendNum appends f rounded to two decimals, without trailing zeros ("12.5", "-3", "0.07"),
// as strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) would, in a tenth of the time.
func appendNum(b []byte, f float64) []byte {
	c := int64(math.Round(f * 100))
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = strconv.AppendInt(b, c/100, 10)
	switch frac := c % 100; {
	case frac == 0:
	case frac%10 == 0:
		b = append(b, '.', byte('0'+frac/10))
	default:
		b = append(b, '.', byte('0'+frac/10), byte('0'+frac%10))
	}
	return b
}

// Num writes a number for an SVG attribute with at most two decimals.
func Num(f float64) string { return num(f) }
