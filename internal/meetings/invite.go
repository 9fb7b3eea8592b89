package meetings

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/ical"
	"klyngeportalen/internal/mail"
)

// MeetingURL is the address of meeting id under base.
func MeetingURL(base string, id int64) string { return base + "/moter/" + strconv.FormatInt(id, 10) }

// Calendar writes meeting m as an RFC 5545 iCalendar with go-ical: times in UTC, a UID stable
// per meeting and portal, lines folded at 75 octets.
func Calendar(m Meeting, base string) ([]byte, error) { return Calendars("", base, []Meeting{m}) }

// Calendars writes the meetings as one iCalendar named name ("" for none), with the portal's one
// writer (internal/ical).
func Calendars(name, base string, list []Meeting) ([]byte, error) {
	host := ical.Host(base)
	cal := ical.New(name, "PUBLISH")
	stamp := time.Now()
	for _, m := range list {
		link := MeetingURL(base, m.ID)
		desc := "Saksliste og svar: " + link
		if m.OnlineURL != "" {
			desc = "Nettmøte: " + m.OnlineURL + "\n" + desc
		}
		cal.Add(ical.Event{
			UID: "meeting-" + strconv.FormatInt(m.ID, 10) + "@" + host, Stamp: stamp, Start: m.StartsAt, End: m.EndsAt,
			Summary: m.GroupName + ": " + m.Title, Location: m.Place, Description: desc, URL: link, Status: "CONFIRMED",
		})
	}
	return cal.Bytes()
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
