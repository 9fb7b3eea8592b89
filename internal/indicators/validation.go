package indicators

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"klyngeportalen/internal/tz"
	"klyngeportalen/internal/validate"
)

// PickTolerance is how far the shares of a plukkanalyse may add up from 100 %.
const PickTolerance = 0.5

// FirstYear is the earliest year a report can be for.
const FirstYear = 2000

var oslo = tz.Oslo

// CurrentYear is the year in Norway at now.
func CurrentYear(now time.Time) int { return now.In(oslo).Year() }

// CheckYear records an error under field unless year is between FirstYear and this year.
func CheckYear(errs validate.Errors, field string, year int, now time.Time) {
	switch {
	case year < FirstYear:
		errs.Add(field, fmt.Sprintf("Året må være %d eller senere.", FirstYear))
	case year > CurrentYear(now):
		errs.Add(field, "Du kan ikke rapportere for et år som ikke har begynt.")
	}
}

// ReportInput is the report form as typed: values by indicator slug, and the plukkanalyse.
type ReportInput struct {
	Values     map[string]string // indicator slug → text
	PickDate   string            // yyyy-mm-dd
	PickKg     string
	PickShares map[string]string // fraction slug → text
}

// ValueField and ShareField name the form fields of a value and of a plukkanalyse share.
func ValueField(slug string) string { return "verdi-" + slug }

// ShareField names the form field of a fraction's share.
func ShareField(slug string) string { return "andel-" + slug }

// Form fields of the plukkanalyse's sample.
const (
	FieldPickDate = "plukk-dato"
	FieldPickKg   = "plukk-kg"
	FieldPickSum  = "plukk-sum"
)

// checkValue parses text as a value of ind, recording a Norwegian message under field.
func checkValue(errs validate.Errors, field string, ind Indicator, text string) (float64, bool) {
	v, err := ParseNumber(text)
	if err != nil {
		errs.Add(field, fmt.Sprintf("«%s» er ikke et tall. Skriv for eksempel 12,5.", clip(text)))
		return 0, false
	}
	if ind.IsPercent() && (v < 0 || v > 100) {
		errs.Add(field, "En prosentandel må være mellom 0 og 100.")
		return 0, false
	}
	return roundTo(v, 4), true
}

// CheckReport validates the report form against the indicators and fractions. Empty values are
// left out; the plukkanalyse is optional, but once begun every part of it is required and its
// shares must add up to 100 ± 0.5.
func CheckReport(in ReportInput, inds []Indicator, fractions []Fraction, now time.Time) (map[int64]float64, *PickAnalysis, validate.Errors) {
	errs := validate.Errors{}
	values := map[int64]float64{}
	for _, ind := range inds {
		text := trimmed(in.Values[ind.Slug])
		if text == "" {
			continue
		}
		if v, ok := checkValue(errs, ValueField(ind.Slug), ind, text); ok {
			values[ind.ID] = v
		}
	}

	begun := trimmed(in.PickDate) != "" || trimmed(in.PickKg) != ""
	for _, f := range fractions {
		begun = begun || trimmed(in.PickShares[f.Slug]) != ""
	}
	if !begun {
		return values, nil, errs
	}
	pick := &PickAnalysis{Shares: map[int16]float64{}}
	if d, err := time.ParseInLocation("2006-01-02", trimmed(in.PickDate), oslo); err != nil {
		errs.Add(FieldPickDate, "Skriv datoen for plukkanalysen, for eksempel 2025-05-14.")
	} else if d.After(now) {
		errs.Add(FieldPickDate, "Datoen kan ikke være fram i tid.")
	} else if d.Year() < FirstYear {
		errs.Add(FieldPickDate, fmt.Sprintf("Datoen må være i %d eller senere.", FirstYear))
	} else {
		pick.SampledOn = d
	}
	if kg, err := ParseNumber(trimmed(in.PickKg)); err != nil || kg <= 0 {
		errs.Add(FieldPickKg, "Skriv hvor mange kilo som ble analysert, et tall større enn 0.")
	} else {
		pick.SampleKg = roundTo(kg, 1)
	}
	sum, complete := 0.0, true
	for _, f := range fractions {
		field := ShareField(f.Slug)
		text := trimmed(in.PickShares[f.Slug])
		if text == "" {
			errs.Add(field, "Skriv andelen i prosent (0 om fraksjonen ikke ble funnet).")
			complete = false
			continue
		}
		v, err := ParseNumber(text)
		switch {
		case err != nil:
			errs.Add(field, fmt.Sprintf("«%s» er ikke et tall. Skriv for eksempel 12,5.", clip(text)))
			complete = false
		case v < 0 || v > 100:
			errs.Add(field, "En andel må være mellom 0 og 100.")
			complete = false
		default:
			pick.Shares[f.ID] = roundTo(v, 2)
			sum += roundTo(v, 2)
		}
	}
	if complete && math.Abs(sum-100) > PickTolerance {
		errs.Add(FieldPickSum, fmt.Sprintf("Andelene må til sammen bli 100 %% (±%s). Nå blir de %s %%.", "0,5", commaNumber(sum)))
	}
	return values, pick, errs
}

func roundTo(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// trimmed is s cleaned for parsing: trimmed, and with invalid UTF-8 kept visible (as U+FFFD) so it is refused, not dropped.
func trimmed(s string) string {
	if !utf8.ValidString(s) {
		return strings.ToValidUTF8(strings.TrimSpace(s), "\uFFFD")
	}
	e := validate.Errors{}
	return e.Text("x", s, 0, 60, false)
}

// clip shortens what someone typed for quoting it in a message.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

func commaNumber(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	out := []byte(s)
	for i := range out {
		if out[i] == '.' {
			out[i] = ','
		}
	}
	return string(out)
}
