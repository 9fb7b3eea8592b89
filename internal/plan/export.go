package plan

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"klyngeportalen/internal/csvcell"
)

// WriteICS writes activities as an iCalendar (RFC 5545) calendar of all-day events, and the
// wheel's events at their times. host names the portal in the UIDs; now is their DTSTAMP.
func WriteICS(w io.Writer, activities []Activity, events []Event, host string, now time.Time) error {
	var b strings.Builder
	line := func(s string) { b.WriteString(foldICS(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Avfallsklynge Nord//Klyngeportalen årshjul//NB")
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:" + escapeICS("Årshjul – Avfallsklynge Nord"))
	stamp := now.UTC().Format("20060102T150405Z")
	for _, a := range activities {
		line("BEGIN:VEVENT")
		line("UID:aktivitet-" + strconv.FormatInt(a.ID, 10) + "@" + host)
		line("DTSTAMP:" + stamp)
		line("DTSTART;VALUE=DATE:" + a.StartsOn.Format("20060102"))
		line("DTEND;VALUE=DATE:" + a.EndsOn.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY:" + escapeICS(a.Title))
		if a.Description != "" {
			line("DESCRIPTION:" + escapeICS(a.Description))
		}
		line("CATEGORIES:" + escapeICS(a.FocusAreaName))
		switch a.Status {
		case StatusCancelled:
			line("STATUS:CANCELLED")
		case StatusPlanned, StatusPostponed:
			line("STATUS:TENTATIVE")
		default:
			line("STATUS:CONFIRMED")
		}
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:arrangement-" + strconv.FormatInt(e.ID, 10) + "@" + host)
		line("DTSTAMP:" + stamp)
		line("DTSTART:" + e.StartsAt.UTC().Format("20060102T150405Z"))
		line("DTEND:" + e.EndsAt.UTC().Format("20060102T150405Z"))
		line("SUMMARY:" + escapeICS(e.Title))
		line("CATEGORIES:" + escapeICS(e.FocusAreaName))
		switch {
		case e.Status == StatusCancelled:
			line("STATUS:CANCELLED")
		case e.Draft:
			line("STATUS:TENTATIVE")
		default:
			line("STATUS:CONFIRMED")
		}
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeICS escapes a TEXT value: backslash, semicolon, comma and newlines.
func escapeICS(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// foldICS ends a content line with CRLF, folded into lines of at most 75 octets without
// splitting a UTF-8 character.
func foldICS(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s + "\r\n")
	return b.String()
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
