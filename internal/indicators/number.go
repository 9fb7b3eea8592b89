package indicators

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// errNumber: the text is not a number the way people write them.
var errNumber = errors.New("indicators: not a number")

// MaxAbs bounds every value.
const MaxAbs = 1e11

// ParseNumber reads a number as Norwegians write it: decimal comma or point, spaces (also
// no-break spaces) between thousands, a leading minus or the minus sign "−". A text with both
// a comma and a point is ambiguous and refused, as are NaN, infinities and exponents.
func ParseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "−", "-").Replace(s)
	if s == "" || len(s) > 40 || (strings.Contains(s, ",") && strings.Contains(s, ".")) {
		return 0, errNumber
	}
	s = strings.Replace(s, ",", ".", 1)
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' && i == 0, r == '.':
		default:
			return 0, errNumber
		}
	}
	if digits == 0 {
		return 0, errNumber
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) >= MaxAbs {
		return 0, errNumber
	}
	return v, nil
}
