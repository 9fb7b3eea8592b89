package indicators

import (
	"fmt"
	"strconv"
	"strings"

	"klyngeportalen/web/format"
)

// Chart sizes in SVG user units; the SVG scales to its container.
const (
	chartWidth   = 640.0
	labelWidth   = 190.0 // company names left of the bars
	valueWidth   = 80.0  // value text right of the bars
	rowHeight    = 26.0
	barThickness = 16.0
	axisHeight   = 24.0
)

// BarItem is one company's value for a bar chart; Missing means no value was reported.
type BarItem struct {
	Label   string
	Value   float64
	Missing bool
	Best    bool
	Own     bool // the viewer's company
}

// Bar is a drawn bar: a rectangle from the zero line and the value written beside it.
type Bar struct {
	BarItem
	Text           string  // the value as written, or "ikke rapportert"
	X, Y, W, H     float64 // the rectangle
	LabelY, TextX  float64
	TextAnchorLeft bool // the value text sits left of a negative bar
}

// BarChart is a horizontal bar chart of companies.
type BarChart struct {
	Width, Height float64
	PlotTop       float64
	Zero          float64 // x of the zero line
	Scale         Scale
	Bars          []Bar
}

// NewBarChart lays out items as horizontal bars with values written with decimals decimals.
func NewBarChart(items []BarItem, decimals int) BarChart {
	var vals []float64
	for _, it := range items {
		if !it.Missing {
			vals = append(vals, it.Value)
		}
	}
	sc := NewScale(vals, labelWidth, chartWidth-valueWidth)
	c := BarChart{Width: chartWidth, Height: float64(len(items))*rowHeight + axisHeight + 4, PlotTop: 2, Scale: sc, Zero: sc.At(0)}
	for i, it := range items {
		y := c.PlotTop + float64(i)*rowHeight
		b := Bar{BarItem: it, Y: y + (rowHeight-barThickness)/2, H: barThickness, LabelY: y + rowHeight/2 + 4}
		if it.Missing {
			b.Text, b.TextX, b.H = "ikke rapportert", c.Zero+4, 0
		} else {
			x := sc.At(it.Value)
			b.X, b.W = min(x, c.Zero), round1(abs(x-c.Zero))
			b.Text = format.Number(it.Value, decimals)
			if it.Value < 0 {
				b.TextX, b.TextAnchorLeft = b.X-4, true
			} else {
				b.TextX = b.X + b.W + 4
			}
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// AxisY is where the tick labels of the value axis sit.
func (c BarChart) AxisY() float64 { return c.Height - 8 }

// PlotBottom is the bottom of the rows.
func (c BarChart) PlotBottom() float64 { return c.PlotTop + float64(len(c.Bars))*rowHeight }

// SeriesInput is one line of a trend chart: a value per year, missing years left out.
type SeriesInput struct {
	Name   string
	Values map[int]float64
	Own    bool
}

// Point is a drawn point of a line.
type Point struct {
	Year int
	X, Y float64
	Text string
}

// Line is a drawn series: its path (broken where a year is missing) and its points.
type Line struct {
	Name   string
	Own    bool
	Path   string
	Points []Point
}

// LineChart is a trend over years.
type LineChart struct {
	Width, Height float64
	Left, Right   float64
	Top, Bottom   float64
	Years         []int
	YearX         map[int]float64
	Scale         Scale
	Lines         []Line
}

// NewLineChart lays out series over years (in order); a year without a value breaks the line.
func NewLineChart(years []int, series []SeriesInput, decimals int) LineChart {
	c := LineChart{Width: chartWidth, Height: 260, Left: 70, Right: chartWidth - 20, Top: 10, Bottom: 220, Years: years, YearX: map[int]float64{}}
	var vals []float64
	for _, s := range series {
		for _, v := range s.Values {
			vals = append(vals, v)
		}
	}
	c.Scale = NewScale(vals, c.Bottom, c.Top)
	for i, y := range years {
		if len(years) == 1 {
			c.YearX[y] = (c.Left + c.Right) / 2
		} else {
			c.YearX[y] = round1(c.Left + float64(i)*(c.Right-c.Left)/float64(len(years)-1))
		}
	}
	for _, s := range series {
		l := Line{Name: s.Name, Own: s.Own}
		var path strings.Builder
		pen := false
		for _, y := range years {
			v, ok := s.Values[y]
			if !ok {
				pen = false
				continue
			}
			p := Point{Year: y, X: c.YearX[y], Y: c.Scale.At(v), Text: format.Number(v, decimals)}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			if path.Len() > 0 {
				path.WriteByte(' ')
			}
			fmt.Fprintf(&path, "%s%s %s", cmd, num(p.X), num(p.Y))
			pen = true
			l.Points = append(l.Points, p)
		}
		l.Path = path.String()
		c.Lines = append(c.Lines, l)
	}
	return c
}

// StackItem is one company's plukkanalyse for the stacked bars.
type StackItem struct {
	Label  string
	Shares []Share
	Demo   bool
}

// Share is a fraction's share of the residual waste.
type Share struct {
	Fraction string
	Colour   string
	Percent  float64
}

// Segment is a drawn part of a stacked bar.
type Segment struct {
	Share
	X, W float64
}

// StackRow is one company's drawn bar.
type StackRow struct {
	Label    string
	Demo     bool
	Y        float64
	LabelY   float64
	Segments []Segment
}

// StackedChart shows compositions as 100 % bars.
type StackedChart struct {
	Width, Height float64
	Left, Right   float64
	Rows          []StackRow
}

// NewStackedChart lays out items as 100 % bars; shares are scaled by their own sum, so a
// composition that adds up to 99,6 % still fills the bar.
func NewStackedChart(items []StackItem) StackedChart {
	c := StackedChart{Width: chartWidth, Left: labelWidth, Right: chartWidth - 10}
	for i, it := range items {
		y := 2 + float64(i)*rowHeight
		row := StackRow{Label: it.Label, Demo: it.Demo, Y: y + (rowHeight-barThickness)/2, LabelY: y + rowHeight/2 + 4}
		total := 0.0
		for _, s := range it.Shares {
			total += s.Percent
		}
		x := c.Left
		for _, s := range it.Shares {
			if total <= 0 || s.Percent <= 0 {
				continue
			}
			w := round1(s.Percent / total * (c.Right - c.Left))
			row.Segments = append(row.Segments, Segment{Share: s, X: x, W: w})
			x = round1(x + w)
		}
		c.Rows = append(c.Rows, row)
	}
	c.Height = float64(len(items))*rowHeight + 4
	return c
}

// num writes a coordinate for an SVG attribute.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// Text is the share as written in the table.
func (s Share) Text() string { return format.Number(s.Percent, 1) }
