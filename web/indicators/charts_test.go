package indicators

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestScaleIncludesZeroAndHasNiceTicks(t *testing.T) {
	s := NewScale([]float64{12, 87}, 100, 500)
	if s.Min != 0 || s.Max != 100 {
		t.Errorf("domain %v–%v, want 0–100", s.Min, s.Max)
	}
	if s.At(0) != 100 || s.At(100) != 500 || s.At(50) != 300 {
		t.Errorf("At: %v %v %v", s.At(0), s.At(100), s.At(50))
	}
	if len(s.Ticks) != 6 || s.Ticks[1] != 20 {
		t.Errorf("ticks %v", s.Ticks)
	}
	neg := NewScale([]float64{-30, 45}, 0, 100)
	if neg.Min != -40 || neg.Max != 60 {
		t.Errorf("negative domain %v–%v, want −40–60", neg.Min, neg.Max)
	}
	if z := neg.At(0); z != 40 {
		t.Errorf("zero at %v, want 40", z)
	}
	if zero := NewScale([]float64{0, 0}, 0, 100); zero.Max <= zero.Min {
		t.Errorf("all zeros: degenerate domain %v–%v", zero.Min, zero.Max)
	}
	if none := NewScale(nil, 0, 100); none.At(0) != 0 {
		t.Errorf("no values: zero at %v", none.At(0))
	}
	if l := NewScale([]float64{1.2}, 0, 1).TickLabel(0.25); l != "0,25" {
		t.Errorf("tick label %q", l)
	}
}

func TestBarChartGeometry(t *testing.T) {
	c := NewBarChart([]BarItem{{Label: "A", Value: 50}, {Label: "B", Value: -25}, {Label: "C", Value: 0}, {Label: "D", Missing: true}}, 1)
	a, b, z, m := c.Bars[0], c.Bars[1], c.Bars[2], c.Bars[3]
	if a.X != c.Zero || a.W <= 0 {
		t.Errorf("positive bar starts at %v (zero %v), width %v", a.X, c.Zero, a.W)
	}
	if b.X+b.W != c.Zero || b.W <= 0 || !b.TextAnchorLeft || b.TextX >= b.X {
		t.Errorf("negative bar %+v should end at zero %v with its text left of it", b, c.Zero)
	}
	if a.W != 2*b.W {
		t.Errorf("50 is %v wide, −25 is %v: not proportional", a.W, b.W)
	}
	if z.W != 0 || z.Text != "0,0" {
		t.Errorf("zero bar %+v", z)
	}
	if m.H != 0 || m.Text != "ikke rapportert" {
		t.Errorf("missing bar %+v", m)
	}
	if b.Text != "−25,0" {
		t.Errorf("value text %q", b.Text)
	}
	for i := 1; i < len(c.Bars); i++ {
		if c.Bars[i].Y <= c.Bars[i-1].Y {
			t.Error("bars overlap")
		}
	}
}

func TestLineChartBreaksAtMissingYears(t *testing.T) {
	c := NewLineChart([]int{2021, 2022, 2023, 2024}, []SeriesInput{{Name: "X", Values: map[int]float64{2021: 10, 2022: 20, 2024: 40}}}, 0)
	l := c.Lines[0]
	if len(l.Points) != 3 {
		t.Fatalf("%d points, want 3", len(l.Points))
	}
	if strings.Count(l.Path, "M") != 2 || strings.Count(l.Path, "L") != 1 {
		t.Errorf("path %q should break at 2023", l.Path)
	}
	if c.YearX[2021] != c.Left || c.YearX[2024] != c.Right {
		t.Errorf("years span %v–%v, want %v–%v", c.YearX[2021], c.YearX[2024], c.Left, c.Right)
	}
	if l.Points[0].Y <= l.Points[2].Y {
		t.Error("a higher value should be drawn higher up (smaller y)")
	}
	one := NewLineChart([]int{2025}, []SeriesInput{{Name: "X", Values: map[int]float64{2025: -5}}}, 0)
	if p := one.Lines[0].Points[0]; p.X != (one.Left+one.Right)/2 || p.Y <= one.Scale.At(0) {
		t.Errorf("single negative point %+v", p)
	}
}

func TestStackedChartFillsTheBar(t *testing.T) {
	c := NewStackedChart([]StackItem{{Label: "A", Shares: []Share{{Percent: 30}, {Percent: 0}, {Percent: 69.6}}}})
	segs := c.Rows[0].Segments
	if len(segs) != 2 {
		t.Fatalf("%d segments, want 2 (zero shares are not drawn)", len(segs))
	}
	if end := segs[1].X + segs[1].W; end < c.Right-0.2 || end > c.Right+0.2 {
		t.Errorf("bar ends at %v, want %v", end, c.Right)
	}
}

func TestChartsAreWellFormedXML(t *testing.T) {
	bars := NewBarChart([]BarItem{{Label: "Å & <B>", Value: 3, Best: true}, {Label: "C", Missing: true}}, 0)
	line := NewLineChart([]int{2020, 2021}, []SeriesInput{{Name: "M", Values: map[int]float64{2020: 1}}}, 0)
	stack := NewStackedChart([]StackItem{{Label: "X", Shares: []Share{{Fraction: "Mat", Colour: "#000000", Percent: 100}}}})
	for name, c := range map[string]interface {
		Render(context.Context, io.Writer) error
	}{"bar": BarSVG("b", "t", bars), "line": LineSVG("l", "t", line), "stack": StackedSVG("s", "t", stack)} {
		var buf bytes.Buffer
		if err := c.Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(&buf)
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v\n%s", name, err, buf.String())
			}
		}
	}
}

func TestInParensNeverNestsBrackets(t *testing.T) {
	for in, want := range map[string]string{
		"kg per innbygger": "(kg per innbygger)",
		"poeng (0–100)":    "(poeng, 0–100)",
		"%":                "(%)",
		"":                 "",
	} {
		if got := InParens(in); got != want {
			t.Errorf("InParens(%q) = %q, want %q", in, got, want)
		}
	}
}
