package events

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Calendar writes events as an RFC 5545 iCalendar named name: CRLF line ends, text escaped,
// lines folded at 75 octets, times in UTC, UIDs stable per event and portal, SEQUENCE raised by
// each change of time or place.
func Calendar(name, baseURL string, list []Event) []byte {
	return CalendarMethod(name, baseURL, "PUBLISH", list)
}

// CalendarMethod is Calendar with the iTIP method: PUBLISH, or CANCEL for a called-off event.
func CalendarMethod(name, baseURL, method string, list []Event) []byte {
	host := "klyngeportalen"
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	var b bytes.Buffer
	line := func(name, value string) { b.WriteString(Fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Avfallsklynge Nord//Klyngeportalen//NB")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", method)
	line("X-WR-CALNAME", EscapeText(name))
	line("X-WR-TIMEZONE", "Europe/Oslo")
	for _, e := range list {
		link := baseURL + "/arrangementer/" + strconv.FormatInt(e.ID, 10)
		line("BEGIN", "VEVENT")
		line("UID", "event-"+strconv.FormatInt(e.ID, 10)+"@"+host)
		line("DTSTAMP", utc(e.UpdatedAt))
		line("LAST-MODIFIED", utc(e.UpdatedAt))
		line("SEQUENCE", strconv.Itoa(e.Sequence))
		line("DTSTART", utc(e.StartsAt))
		line("DTEND", utc(e.EndsAt))
		line("SUMMARY", EscapeText(e.Title))
		if loc := strings.Join(nonEmpty(e.Place, e.Address), ", "); loc != "" {
			line("LOCATION", EscapeText(loc))
		}
		desc := e.DescriptionMD
		if e.Agenda != "" {
			desc = "Program:\n" + e.Agenda + "\n" + desc
		}
		if e.OnlineURL != "" {
			desc = "Nettlenke: " + e.OnlineURL + "\n\n" + desc
		}
		if desc != "" {
			line("DESCRIPTION", EscapeText(desc))
		}
		line("URL", link)
		line("CATEGORIES", EscapeText(KindLabel(e.Kind)))
		switch {
		case e.Status == StatusCancelled:
			line("STATUS", "CANCELLED")
		case e.MyStatus != nil && *e.MyStatus == Waitlisted:
			line("STATUS", "TENTATIVE")
		default:
			line("STATUS", "CONFIRMED")
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.Bytes()
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

// utc writes t as an iCalendar UTC date-time, 20260605T073000Z.
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// EscapeText escapes s as an iCalendar TEXT value: backslash, semicolon, comma and newlines;
// other control characters are dropped.
func EscapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == utf8.RuneError, unicode.IsControl(r) && r != '\t':
			// dropped: not allowed in a content line
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fold ends the content line l with CRLF, folded so that no line is longer than 75 octets;
// it never splits a UTF-8 sequence.
func Fold(l string) string {
	var b strings.Builder
	limit := 75
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut--
		}
		b.WriteString(l[:cut])
		b.WriteString("\r\n ")
		l = l[cut:]
		limit = 74 // the leading space takes one octet
	}
	b.WriteString(l)
	b.WriteString("\r\n")
	return b.String()
}
