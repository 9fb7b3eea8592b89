package plan

import (
	"testing"
	"time"
)

// daysFromCivil agrees with the time package on every day from 1600 to 2400.
func TestDaysFromCivilAgreesWithTime(t *testing.T) {
	for d := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2400; d = d.AddDate(0, 0, 1) {
		want := int(d.Unix() / 86400)
		if d.Unix() < 0 && d.Unix()%86400 != 0 {
			want--
		}
		if got := daysFromCivil(d.Year(), int(d.Month()), d.Day()); got != want {
			t.Fatalf("%s: %d, want %d", d.Format(time.DateOnly), got, want)
		}
	}
}
