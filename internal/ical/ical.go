// Package ical is the portal's one iCalendar (RFC 5545) writer, used by events, meetings and the
// årshjul: it builds the calendar with github.com/emersion/go-ical, which escapes every TEXT
// value, and adds what go-ical leaves to its caller: text made safe (control characters dropped,
// so that no value can add or break a content line), an empty calendar that a feed may be, and
// lines folded at 75 octets without splitting a UTF-8 character.
package ical

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

// ProductID names the portal as the calendars' maker.
const ProductID = "-//Avfallsklynge Nord//Klyngeportalen//NB"

// Calendar is a calendar being written.
type Calendar struct {
	cal *goical.Calendar
}

// New starts a calendar named name ("" for none) with the iTIP method ("" for none).
func New(name, method string) *Calendar {
	cal := goical.NewCalendar()
	cal.Props.SetText(goical.PropVersion, "2.0")
	cal.Props.SetText(goical.PropProductID, ProductID)
	cal.Props.SetText(goical.PropCalendarScale, "GREGORIAN")
	if method != "" {
		cal.Props.SetText(goical.PropMethod, method)
	}
	c := &Calendar{cal: cal}
	if name != "" {
		c.Set("X-WR-CALNAME", name)
	}
	return c
}

// Set sets a property of the calendar itself (an X- property such as X-WR-TIMEZONE) to a text.
func (c *Calendar) Set(name, text string) {
	prop := goical.NewProp(name)
	prop.SetText(OneLine(Text(text)))
	prop.Params.Del(goical.ParamValue)
	c.cal.Props.Set(prop)
}

// Event is one VEVENT.
type Event struct {
	UID      string
	Stamp    time.Time // DTSTAMP
	Modified time.Time // LAST-MODIFIED, when not zero
	Sequence *int      // SEQUENCE, when given
	// Start and End: the times (written in UTC), or with AllDay the first and the last day
	// (written as dates, DTEND the day after the last as RFC 5545 wants).
	Start, End  time.Time
	AllDay      bool
	Summary     string // one line
	Location    string // one line
	Description string // may have several lines
	Category    string
	URL         string
	Status      string // CONFIRMED, TENTATIVE or CANCELLED
	Transparent bool   // TRANSP:TRANSPARENT: does not make the person busy
}

// Add adds e to the calendar.
func (c *Calendar) Add(e Event) {
	ev := goical.NewEvent()
	ev.Props.SetText(goical.PropUID, OneLine(Text(e.UID)))
	ev.Props.SetDateTime(goical.PropDateTimeStamp, e.Stamp.UTC().Truncate(time.Second))
	if !e.Modified.IsZero() {
		ev.Props.SetDateTime(goical.PropLastModified, e.Modified.UTC().Truncate(time.Second))
	}
	if e.Sequence != nil {
		prop := goical.NewProp(goical.PropSequence)
		prop.Value = strconv.Itoa(*e.Sequence)
		ev.Props.Set(prop)
	}
	if e.AllDay {
		ev.Props.SetDate(goical.PropDateTimeStart, e.Start)
		ev.Props.SetDate(goical.PropDateTimeEnd, e.End.AddDate(0, 0, 1))
	} else {
		ev.Props.SetDateTime(goical.PropDateTimeStart, e.Start.UTC().Truncate(time.Second))
		ev.Props.SetDateTime(goical.PropDateTimeEnd, e.End.UTC().Truncate(time.Second))
	}
	ev.Props.SetText(goical.PropSummary, OneLine(Text(e.Summary)))
	if e.Location != "" {
		ev.Props.SetText(goical.PropLocation, OneLine(Text(e.Location)))
	}
	if e.Description != "" {
		ev.Props.SetText(goical.PropDescription, Text(e.Description))
	}
	if e.Category != "" {
		ev.Props.SetText(goical.PropCategories, OneLine(Text(e.Category)))
	}
	if e.URL != "" {
		if u, err := url.Parse(e.URL); err == nil {
			ev.Props.SetURI(goical.PropURL, u)
		}
	}
	if e.Status != "" {
		ev.Props.SetText(goical.PropStatus, e.Status)
	}
	if e.Transparent {
		ev.Props.SetText(goical.PropTransparency, "TRANSPARENT")
	}
	c.cal.Children = append(c.cal.Children, ev.Component)
}

// Bytes writes the calendar: CRLF line ends, lines folded at 75 octets.
func (c *Calendar) Bytes() ([]byte, error) {
	cal := c.cal
	empty := len(cal.Children) == 0
	if empty {
		// go-ical refuses a calendar without components, but a feed may have none: write it
		// with a placeholder and take the placeholder out.
		placeholder := goical.NewEvent()
		placeholder.Props.SetText(goical.PropUID, "placeholder")
		placeholder.Props.SetDateTime(goical.PropDateTimeStamp, time.Unix(0, 0).UTC())
		cal = &goical.Calendar{Component: &goical.Component{Name: cal.Name, Props: cal.Props, Children: []*goical.Component{placeholder.Component}}}
	}
	var b bytes.Buffer
	if err := goical.NewEncoder(&b).Encode(cal); err != nil {
		return nil, err
	}
	out := b.Bytes()
	if empty {
		i, j := bytes.Index(out, []byte("BEGIN:VEVENT\r\n")), bytes.Index(out, []byte("END:VEVENT\r\n"))
		out = append(out[:i:i], out[j+len("END:VEVENT\r\n"):]...)
	}
	return Fold(out), nil
}

// Host is the host name of the portal at base, for UIDs ("klyngeportalen" when base has none).
func Host(base string) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "klyngeportalen"
}

// Text makes s safe as a TEXT value: valid UTF-8, line breaks (CRLF, CR or LF) as "\n", and no other control
// character than the tab (go-ical refuses a CR or LF in a value and passes the rest through).
func Text(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r') {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// OneLine joins the lines of s with spaces, for the values that are one line (a title, a place).
func OneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
}

// Fold folds the content lines of an iCalendar at 75 octets, never inside a UTF-8 sequence.
func Fold(in []byte) []byte {
	var out bytes.Buffer
	for _, l := range strings.SplitAfter(string(in), "\r\n") {
		line := strings.TrimSuffix(l, "\r\n")
		if line == "" {
			continue
		}
		limit := 75
		for len(line) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			out.WriteString(line[:cut] + "\r\n ")
			line = line[cut:]
			limit = 74 // the leading space takes one octet
		}
		out.WriteString(line + "\r\n")
	}
	return out.Bytes()
}
