// Package format writes dates, times and numbers the Norwegian way, in Europe/Oslo.
package format

import (
	"fmt"
	"time"
)

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo") // time/tzdata is embedded by main
	if err != nil {
		panic(err)
	}
	return loc
}()

var months = [...]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}

// Date writes t as "5. juni 2026".
func Date(t time.Time) string {
	t = t.In(oslo)
	return fmt.Sprintf("%d. %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// DateTime writes t as "5. juni 2026 kl. 09.30".
func DateTime(t time.Time) string {
	t = t.In(oslo)
	return fmt.Sprintf("%s kl. %02d.%02d", Date(t), t.Hour(), t.Minute())
}

// MonthName is the Norwegian name of month m, in lower case ("januar").
func MonthName(m time.Month) string { return months[m-1] }
