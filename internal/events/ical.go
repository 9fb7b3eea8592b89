package events

import (
	"strconv"
	"strings"

	"klyngeportalen/internal/ical"
)

// Calendar writes events as an RFC 5545 iCalendar named name (with the portal's one writer,
// internal/ical): times in UTC, UIDs stable per event and portal, SEQUENCE raised by each change
// of time or place.
func Calendar(name, baseURL string, list []Event) ([]byte, error) {
	return CalendarMethod(name, baseURL, "PUBLISH", list)
}

// CalendarMethod is Calendar with the iTIP method: PUBLISH, or CANCEL for a called-off event.
func CalendarMethod(name, baseURL, method string, list []Event) ([]byte, error) {
	host := ical.Host(baseURL)
	cal := ical.New(name, method)
	cal.Set("X-WR-TIMEZONE", "Europe/Oslo")
	for _, e := range list {
		desc := e.DescriptionMD
		if e.Agenda != "" {
			desc = "Program:\n" + e.Agenda + "\n" + desc
		}
		if e.OnlineURL != "" {
			desc = "Nettlenke: " + e.OnlineURL + "\n\n" + desc
		}
		status := "CONFIRMED"
		switch {
		case e.Status == StatusCancelled:
			status = "CANCELLED"
		case e.MyStatus != nil && *e.MyStatus == Waitlisted:
			status = "TENTATIVE"
		}
		seq := e.Sequence
		cal.Add(ical.Event{
			UID: "event-" + strconv.FormatInt(e.ID, 10) + "@" + host, Stamp: e.UpdatedAt, Modified: e.UpdatedAt, Sequence: &seq,
			Start: e.StartsAt, End: e.EndsAt, Summary: e.Title, Location: strings.Join(nonEmpty(e.Place, e.Address), ", "),
			Description: desc, URL: baseURL + "/arrangementer/" + strconv.FormatInt(e.ID, 10), Category: KindLabel(e.Kind), Status: status,
		})
	}
	return cal.Bytes()
}

func nonEmpty(list ...string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
