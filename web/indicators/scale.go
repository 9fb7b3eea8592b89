// Package indicators holds the pages of the common indicators: comparison, charts drawn on the
// server as SVG, reporting and the indicator definitions.
package indicators

import (
	"math"

	"klyngeportalen/web/format"
)

// Scale maps values from [Min, Max] to pixels from From to To. The domain always includes zero,
// so bars start at the zero line and negative values go the other way.
type Scale struct {
	Min, Max float64
	From, To float64
	Ticks    []float64
}

// NewScale makes a scale over values with rounded ("nice") bounds and about five ticks.
func NewScale(values []float64, from, to float64) Scale {
	lo, hi := 0.0, 0.0
	for _, v := range values {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if lo == hi { // nothing but zeros, or nothing at all
		hi = 1
	}
	step := niceStep((hi - lo) / 5)
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step) * step
	s := Scale{Min: lo, Max: hi, From: from, To: to}
	for t := lo; t <= hi+step/2; t += step {
		s.Ticks = append(s.Ticks, math.Round(t/step)*step)
	}
	return s
}

// niceStep rounds a raw step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// At is the pixel of v.
func (s Scale) At(v float64) float64 {
	return round1(s.From + (v-s.Min)/(s.Max-s.Min)*(s.To-s.From))
}

// TickLabel writes a tick value with as many decimals as the ticks need.
func (s Scale) TickLabel(v float64) string {
	d := 0
	if len(s.Ticks) > 1 {
		step := s.Ticks[1] - s.Ticks[0]
		for d < 3 && math.Abs(step*math.Pow(10, float64(d))-math.Round(step*math.Pow(10, float64(d)))) > 1e-9 {
			d++
		}
	}
	return format.Number(v, d)
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
