package plan

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Bounds of an arc's label, in the SVG's user units: a label smaller than minLabel would not be
// readable where the wheel is drawn, so such arcs carry none (their title is in their link,
// the details and the list).
const (
	maxLabel   = 22.0
	minLabel   = 17.0
	charWidth  = 0.56 // the average width of a character, in font sizes
	labelInset = 6.0  // room kept free at each end of the arc
	minChars   = 5
)

// arcLabel fits title along the arc between the angles from and to and the radii inner and
// outer: the font as large as the lane allows (up to maxLabel), the text shortened with "…"
// to the arc's length, and the path it follows at the middle radius, drawn so that the text
// reads left to right on the lower half too. Nothing when it does not fit.
func arcLabel(title string, from, to, inner, outer float64) (text, path, size string) {
	if title == "" {
		return "", "", ""
	}
	font := min(maxLabel, (outer-inner)*0.62)
	if font < minLabel {
		return "", "", ""
	}
	r := (inner + outer) / 2
	length := r*(to-from)*math.Pi/180 - 2*labelInset
	chars := int(length / (font * charWidth))
	if chars < minChars {
		return "", "", ""
	}
	text = shorten(title, chars)
	pad := labelInset / r * 180 / math.Pi
	a, b := from+pad, to-pad
	large := byte('0')
	if b-a > 180 {
		large = '1'
	}
	buf := make([]byte, 0, 64)
	mid := (from + to) / 2
	if mid > 90 && mid < 270 && b-a <= 180 {
		// the lower half: from the end back to the start, counter-clockwise, so the text is upright
		a, b = b, a
		x1, y1 := point(a, r)
		x2, y2 := point(b, r)
		buf = appendNum(append(buf, 'M'), x1)
		buf = appendNum(append(buf, ' '), y1)
		buf = appendNum(append(buf, 'A'), r)
		buf = appendNum(append(buf, ' '), r)
		buf = append(buf, " 0 "...)
		buf = append(buf, large)
		buf = append(buf, " 0 "...)
		buf = appendNum(buf, x2)
		buf = appendNum(append(buf, ' '), y2)
	} else {
		x1, y1 := point(a, r)
		x2, y2 := point(b, r)
		buf = appendNum(append(buf, 'M'), x1)
		buf = appendNum(append(buf, ' '), y1)
		buf = appendNum(append(buf, 'A'), r)
		buf = appendNum(append(buf, ' '), r)
		buf = append(buf, " 0 "...)
		buf = append(buf, large)
		buf = append(buf, " 1 "...)
		buf = appendNum(buf, x2)
		buf = appendNum(append(buf, ' '), y2)
	}
	return text, string(buf), num(font)
}

// shorten cuts s to at most n characters, ending in "…" when it was cut (at a word where one is near).
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)*2/3 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:–-") + "…"
}
