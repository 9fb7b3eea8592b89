package plan

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"klyngeportalen/internal/csvcell"
	"klyngeportalen/internal/ical"
)

// WriteICS writes activities as an iCalendar (RFC 5545) calendar of all-day events, and the
// wheel's events at their times, with the portal's one writer (internal/ical). host names the
// portal in the UIDs; now is their DTSTAMP.
func WriteICS(w io.Writer, activities []Activity, events []Event, host string, now time.Time) error {
	cal := ical.New("Årshjul – Avfallsklynge Nord", "")
	for _, a := range activities {
		status := "CONFIRMED"
		switch a.Status {
		case StatusCancelled:
			status = "CANCELLED"
		case StatusPlanned, StatusPostponed:
			status = "TENTATIVE"
		}
		cal.Add(ical.Event{
			UID: "aktivitet-" + strconv.FormatInt(a.ID, 10) + "@" + host, Stamp: now, AllDay: true, Start: a.StartsOn, End: a.EndsOn,
			Summary: a.Title, Description: a.Description, Category: a.FocusAreaName, Status: status, Transparent: true,
		})
	}
	for _, e := range events {
		status := "CONFIRMED"
		switch {
		case e.Status == StatusCancelled:
			status = "CANCELLED"
		case e.Draft:
			status = "TENTATIVE"
		}
		cal.Add(ical.Event{
			UID: "arrangement-" + strconv.FormatInt(e.ID, 10) + "@" + host, Stamp: now, Start: e.StartsAt, End: e.EndsAt,
			Summary: e.Title, Category: e.FocusAreaName, Status: status, Transparent: true,
		})
	}
	b, err := cal.Bytes()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// WriteCSV writes activities, then the wheel's events, as a semicolon-separated table (as Norwegian spreadsheets expect),
// with a byte order mark so that æ, ø and å open right. Cells that a spreadsheet would run as
// a formula are prefixed with an apostrophe.
func WriteCSV(w io.Writer, activities []Activity, events []Event) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	c := csv.NewWriter(w)
	c.Comma = ';'
	c.UseCRLF = true
	_ = c.Write([]string{"Tittel", "Satsingsområde", "Tema", "Start", "Slutt", "Status", "Ansvarlig selskap", "Ansvarlig person", "Beskrivelse", "Type"})
	for _, a := range activities {
		_ = c.Write([]string{
			csvcell.Escape(a.Title), csvcell.Escape(a.FocusAreaName), csvcell.Escape(deref(a.TopicName)), a.StartsOn.Format(time.DateOnly), a.EndsOn.Format(time.DateOnly),
			a.Status.Label(), csvcell.Escape(deref(a.CompanyName)), csvcell.Escape(deref(a.ResponsibleName)), csvcell.Escape(a.Description), "Aktivitet",
		})
	}
	for _, e := range events {
		_ = c.Write([]string{
			csvcell.Escape(e.Title), csvcell.Escape(e.FocusAreaName), csvcell.Escape(deref(e.TopicName)), e.StartsOn.Format(time.DateOnly), e.EndsOn.Format(time.DateOnly),
			e.Status.Label(), csvcell.Escape(deref(e.CompanyName)), "", "", "Arrangement",
		})
	}
	c.Flush()
	return c.Error()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
