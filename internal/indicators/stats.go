package indicators

import "sort"

// Median is the middle of vals (the mean of the two middle ones for an even count); ok is false for none.
func Median(vals []float64) (m float64, ok bool) {
	if len(vals) == 0 {
		return 0, false
	}
	s := append([]float64(nil), vals...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2], true
	}
	return (s[n/2-1] + s[n/2]) / 2, true
}

// Best is the best of vals for ind (the highest or the lowest); ok is false for none.
func (i Indicator) Best(vals []float64) (b float64, ok bool) {
	for _, v := range vals {
		if !ok || i.Better(v, b) {
			b, ok = v, true
		}
	}
	return b, ok
}
