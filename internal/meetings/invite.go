package meetings

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/mail"
)

// MeetingURL is the address of meeting id under base.
func MeetingURL(base string, id int64) string { return base + "/moter/" + strconv.FormatInt(id, 10) }

// Calendar writes meeting m as an RFC 5545 iCalendar with go-ical: times in UTC, a UID stable
// per meeting and portal, lines folded at 75 octets.
func Calendar(m Meeting, base string) ([]byte, error) { return Calendars("", base, []Meeting{m}) }

// Calendars writes the meetings as one iCalendar named name ("" for none).
func Calendars(name, base string, list []Meeting) ([]byte, error) {
	host := "klyngeportalen"
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	if len(list) == 0 { // go-ical refuses an empty calendar; a feed may be one
		empty := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Avfallsklynge Nord//Klyngeportalen//NB\r\nMETHOD:PUBLISH\r\n"
		if name != "" {
			empty += "X-WR-CALNAME:" + oneLine(name) + "\r\n"
		}
		return fold([]byte(empty + "END:VCALENDAR\r\n")), nil
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//Avfallsklynge Nord//Klyngeportalen//NB")
	cal.Props.SetText(ical.PropMethod, "PUBLISH")
	if name != "" {
		prop := ical.NewProp("X-WR-CALNAME")
		prop.SetText(name)
		prop.Params.Del("VALUE")
		cal.Props.Set(prop)
	}
	stamp := time.Now().UTC().Truncate(time.Second)
	for _, m := range list {
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, "meeting-"+strconv.FormatInt(m.ID, 10)+"@"+host)
		ev.Props.SetDateTime(ical.PropDateTimeStamp, stamp)
		ev.Props.SetDateTime(ical.PropDateTimeStart, m.StartsAt.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeEnd, m.EndsAt.UTC())
		ev.Props.SetText(ical.PropSummary, oneLine(m.GroupName+": "+m.Title))
		if m.Place != "" {
			ev.Props.SetText(ical.PropLocation, oneLine(m.Place))
		}
		link := MeetingURL(base, m.ID)
		desc := "Saksliste og svar: " + link
		if m.OnlineURL != "" {
			desc = "Nettmøte: " + m.OnlineURL + "\n" + desc
		}
		ev.Props.SetText(ical.PropDescription, desc)
		if u, err := url.Parse(link); err == nil {
			ev.Props.SetURI(ical.PropURL, u)
		}
		ev.Props.SetText(ical.PropStatus, "CONFIRMED")
		cal.Children = append(cal.Children, ev.Component)
	}
	var b bytes.Buffer
	if err := ical.NewEncoder(&b).Encode(cal); err != nil {
		return nil, err
	}
	return fold(b.Bytes()), nil
}

// fold folds the content lines of an iCalendar at 75 octets, never inside a UTF-8 sequence.
func fold(in []byte) []byte {
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
			limit = 74
		}
		out.WriteString(line + "\r\n")
	}
	return out.Bytes()
}

// oneLine joins s's lines, so that a value cannot add lines to a mail or a header.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var months = [...]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}

// when writes t as "5. juni 2026 kl. 09.30".
func when(t time.Time) string {
	t = t.In(oslo)
	return fmt.Sprintf("%d. %s %d kl. %02d.%02d", t.Day(), months[t.Month()-1], t.Year(), t.Hour(), t.Minute())
}

// invitation is the mail calling the member named name (at to) to meeting m.
func invitation(m Meeting, base, to, name string, calendar []byte) mail.Message {
	var b strings.Builder
	b.WriteString("Hei " + oneLine(name) + ",\n\n")
	b.WriteString("Du er innkalt til møte i " + oneLine(m.GroupName) + ".\n\n")
	b.WriteString(oneLine(m.Title) + "\n")
	b.WriteString("Tid: " + when(m.StartsAt) + "–" + fmt.Sprintf("%02d.%02d", m.EndsAt.In(oslo).Hour(), m.EndsAt.In(oslo).Minute()) + "\n")
	if m.Place != "" {
		b.WriteString("Sted: " + oneLine(m.Place) + "\n")
	}
	if m.OnlineURL != "" {
		b.WriteString("Nettmøte: " + m.OnlineURL + "\n")
	}
	if m.LeaderName != nil {
		b.WriteString("Møteleder: " + oneLine(*m.LeaderName) + "\n")
	}
	b.WriteString("\nSakslisten publiseres " + when(m.PublishAt()) + ".\n")
	b.WriteString("Svar om du kommer, kommer ikke eller sender vara: " + MeetingURL(base, m.ID) + "\n\n")
	b.WriteString("Møtet ligger vedlagt som kalenderfil.\n\n")
	b.WriteString("Hilsen Klyngeportalen – Avfallsklynge Nord\n")
	return mail.Message{To: to, Subject: "Innkalling: " + oneLine(m.GroupName) + " " + when(m.StartsAt), Body: b.String(), Calendar: string(calendar)}
}

// Invite sends the invitation to meeting m, with the meeting as an .ics file, to every active
// member of the group, in one transaction with the outbox; it returns how many were invited.
func (s *Store) Invite(ctx context.Context, u *auth.User, m Meeting) (int, error) {
	if !CanManage(u, m) {
		return 0, ErrForbidden
	}
	if !time.Now().Before(m.StartsAt) {
		return 0, refuse("Møtet har begynt, så innkallingen kan ikke sendes.")
	}
	cal, err := Calendar(m, s.baseURL)
	if err != nil {
		return 0, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `SELECT u.email, u.name FROM group_members gm JOIN users u ON u.id = gm.user_id
		WHERE gm.group_id = $1 AND u.active ORDER BY u.id`, m.GroupID)
	var to []mail.Message
	var email, name string
	if _, err := pgx.ForEachRow(rows, []any{&email, &name}, func() error {
		to = append(to, invitation(m, s.baseURL, email, name, cal))
		return nil
	}); err != nil {
		return 0, err
	}
	for _, msg := range to {
		if err := mail.Enqueue(ctx, tx, msg); err != nil {
			return 0, err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE meetings SET invited_at = now() WHERE id = $1`, m.ID); err != nil {
		return 0, err
	}
	return len(to), tx.Commit(ctx)
}
