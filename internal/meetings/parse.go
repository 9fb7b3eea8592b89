package meetings

import (
	"strconv"
	"strings"
	"time"

	"klyngeportalen/internal/tz"
)

var oslo = tz.Oslo

// parseID reads a positive id.
func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return id, err == nil && id > 0 && id < 1<<53
}

// parseInt reads a whole number from lo to hi.
func parseInt(s string, lo, hi int) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil && n >= lo && n <= hi
}

// Input is meeting m as its form shows it.
func (m Meeting) Input() Input {
	start, end := m.StartsAt.In(oslo), m.EndsAt.In(oslo)
	in := Input{Title: m.Title, Date: start.Format(time.DateOnly), Start: start.Format("15:04"), End: end.Format("15:04"),
		Place: m.Place, OnlineURL: m.OnlineURL, PublishDays: strconv.Itoa(m.PublishDays)}
	if m.LeaderID != nil {
		in.Leader = strconv.FormatInt(*m.LeaderID, 10)
	}
	return in
}
