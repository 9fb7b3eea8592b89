// Package tz is the portal's one time zone: Europe/Oslo, from the zone database embedded in the
// binary (time/tzdata), so it is the same whatever the machine has installed.
package tz

import (
	"time"
	_ "time/tzdata" // Europe/Oslo on every machine
)

// Oslo is Europe/Oslo, in which every time is shown and every calendar day counted.
var Oslo = mustLoad("Europe/Oslo")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // the zone database is embedded: cannot happen
	}
	return loc
}
