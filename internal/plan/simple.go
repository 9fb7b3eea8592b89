package plan

import "time"

// The simplified wheel for a phone: one cell per ring and month, large enough to tap, in a
// square of ViewSize. Its month names are short and large, outside the rings.
const (
	simpleInner = 150.0
	simpleOuter = 420.0
	simpleLabel = 456.0
)

// Cell is a ring's month on the simplified wheel: how many items it has, where it is drawn.
type Cell struct {
	Ring   int
	Month  time.Time // first day of the month
	Count  int
	Path   string
	TextX  string
	TextY  string
	Colour string
}

// SimpleWheel is the simplified wheel: rings of month cells and the month names.
type SimpleWheel struct {
	Cells  []Cell
	Months []MonthLabel
}

// Simple lays out the simplified wheel of w: per ring and month of the window, the number of
// items that run in that month (an item across three months counts in each).
func Simple(w Window, rings []Ring, items []ArcItem) SimpleWheel {
	months := w.Months()
	counts := make([][]int, len(rings))
	for r := range counts {
		counts[r] = make([]int, len(months))
	}
	for _, it := range items {
		if it.Ring < 0 || it.Ring >= len(rings) {
			continue
		}
		for i, m := range months {
			next := m.Start.AddDate(0, 1, 0)
			if it.Start.Before(next) && !it.End.Before(m.Start) {
				counts[it.Ring][i]++
			}
		}
	}
	var sw SimpleWheel
	width := (simpleOuter - simpleInner - ringGap*float64(len(rings)-1)) / float64(max(len(rings), 1))
	for r, ring := range rings {
		inner := simpleInner + float64(r)*(width+ringGap)
		for i, m := range months {
			gap := 0.0
			if len(months) > 1 {
				gap = 0.4 // degrees between cells, so that each reads as its own
			}
			mid := (m.From + m.To) / 2
			tx, ty := point(mid, inner+width/2)
			sw.Cells = append(sw.Cells, Cell{Ring: r, Month: m.Start, Count: counts[r][i], Colour: ring.Colour,
				Path: SectorPath(m.From+gap, m.To-gap, inner, inner+width), TextX: num(tx), TextY: num(ty)})
		}
	}
	for _, m := range months {
		mid := (m.From + m.To) / 2
		lx, ly := point(mid, simpleLabel)
		sw.Months = append(sw.Months, MonthLabel{Month: m, LabelX: num(lx), LabelY: num(ly), Anchor: "middle"})
	}
	return sw
}
