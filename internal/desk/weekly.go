package desk

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/background"
	"klyngeportalen/internal/mail"
	"klyngeportalen/web/format"
)

// Monday returns the date of the Monday of t's week in Europe/Oslo, and whether the summary is
// due (Monday from 07.00 on).
func Monday(t time.Time, loc *time.Location) (time.Time, bool) {
	t = t.In(loc)
	offset := (int(t.Weekday()) + 6) % 7
	m := time.Date(t.Year(), t.Month(), t.Day()-offset, 0, 0, 0, 0, loc)
	return m, offset == 0 && t.Hour() >= 7
}

// SendWeekly mails each active cluster admin the desk's counts and its five most urgent
// items, once per week: the summary's row and its mail are written in one transaction, and
// the row's key (person, Monday) lets only one instance write it. It returns how many were sent.
func (s *Store) SendWeekly(ctx context.Context, now time.Time, loc *time.Location, year int, baseURL string) (int, error) {
	monday, due := Monday(now, loc)
	if !due {
		return 0, nil
	}
	rows, _ := s.pool.Query(ctx, `
		SELECT u.id, u.name, u.email FROM users u
		WHERE u.role = 'cluster_admin' AND u.active AND u.kind = 'member'
		  AND NOT EXISTS (SELECT 1 FROM desk_summaries d WHERE d.user_id = u.id AND d.week = $1)
		ORDER BY u.id`, monday)
	type admin struct {
		ID          int64
		Name, Email string
	}
	admins, err := pgx.CollectRows(rows, pgx.RowToStructByPos[admin])
	if err != nil || len(admins) == 0 {
		return 0, err
	}
	sent := 0
	for _, a := range admins {
		d, err := s.Load(ctx, Scope{Year: year, ViewerID: a.ID, Admin: true})
		if err != nil {
			return sent, err
		}
		ok, err := s.sendSummary(ctx, a.ID, monday, summaryMail(a.Email, a.Name, d, now, baseURL))
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

func (s *Store) sendSummary(ctx context.Context, userID int64, monday time.Time, m mail.Message) (bool, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `INSERT INTO desk_summaries (user_id, week) VALUES ($1, $2) ON CONFLICT DO NOTHING`, userID, monday)
	if err != nil || tag.RowsAffected() == 0 {
		return false, err
	}
	if err := mail.Enqueue(ctx, tx, m); err != nil {
		return false, err
	}
	return true, tx.Commit(ctx)
}

// urgent is one line of the summary, with when it matters (the earlier, the more urgent).
type urgent struct {
	due  time.Time
	text string
}

// Urgent returns the desk's items in order of urgency: what is past due first, then by date;
// missing reports, which have no date, last.
func (d Desk) Urgent(now time.Time) []string {
	var u []urgent
	for _, a := range d.Activities {
		if a.Overdue {
			u = append(u, urgent{a.EndsOn, "Årshjulet: «" + a.Title + "» skulle vært ferdig " + format.Date(a.EndsOn)})
		}
	}
	for _, a := range d.LateActions {
		u = append(u, urgent{a.DueOn, "Oppfølging fra " + a.GroupName + ": «" + a.Title + "» skulle vært gjort " + format.Date(a.DueOn)})
	}
	for _, m := range d.FailedMail {
		u = append(u, urgent{m.CreatedAt, "E-post som ikke kom fram: «" + m.Subject + "»"})
	}
	for _, c := range d.Consultations {
		u = append(u, urgent{c.Deadline, fmt.Sprintf("Høringen «%s»: %d %s mangler innspill, frist %s", c.Title, len(c.Missing), plural(len(c.Missing), "selskap", "selskaper"), format.DateTime(c.Deadline))})
	}
	for _, e := range d.ThinEvents {
		u = append(u, urgent{e.StartsAt, fmt.Sprintf("«%s» %s: %d påmeldt av %d plasser", e.Title, format.Date(e.StartsAt), e.Confirmed, deref(e.Capacity))})
	}
	for _, e := range d.Waitlists {
		u = append(u, urgent{e.StartsAt, fmt.Sprintf("«%s» %s: %d på venteliste mens plasser står ledige", e.Title, format.Date(e.StartsAt), e.Waitlisted)})
	}
	far := now.AddDate(10, 0, 0)
	for _, r := range d.Reports {
		state := "ikke startet"
		if r.Status == "draft" {
			state = "utkast"
		}
		u = append(u, urgent{far, "Nøkkeltall fra " + r.CompanyName + ": " + state})
	}
	slices.SortStableFunc(u, func(a, b urgent) int { return a.due.Compare(b.due) })
	out := make([]string, len(u))
	for i, x := range u {
		out[i] = x.text
	}
	return out
}

func summaryMail(to, name string, d Desk, now time.Time, baseURL string) mail.Message {
	var b strings.Builder
	fmt.Fprintf(&b, "Hei %s,\n\nDette trenger oppmerksomhet i klyngen denne uka:\n\n", strings.Join(strings.Fields(name), " "))
	missing := 0
	for _, c := range d.Consultations {
		missing += len(c.Missing)
	}
	for _, line := range []struct {
		n    int
		what string
	}{
		{len(d.Reports), "selskaper mangler nøkkeltall eller har dem i utkast"},
		{missing, "manglende innspill til høringer med frist innen 14 dager"},
		{len(d.ThinEvents), "arrangementer med få påmeldte"},
		{len(d.Waitlists), "arrangementer med venteliste og ledige plasser"},
		{len(d.Activities), "tiltak i årshjulet som er forsinket eller mangler ansvarlig"},
		{len(d.LateActions), "oppfølgingspunkter fra møter som er forsinket"},
		{len(d.Invitations), "invitasjoner som ikke er tatt imot etter 14 dager"},
		{d.DormantCount, "personer som ikke har logget inn på et halvt år"},
		{len(d.FailedMail), "e-poster som ikke kom fram"},
		{len(d.HiddenPosts), "innlegg skjult av moderatorer denne uka"},
	} {
		fmt.Fprintf(&b, "- %d %s\n", line.n, line.what)
	}
	if top := d.Urgent(now); len(top) > 0 {
		b.WriteString("\nDet mest presserende:\n\n")
		for _, t := range top[:min(5, len(top))] {
			b.WriteString("- " + t + "\n")
		}
	}
	fmt.Fprintf(&b, "\nSe alt og send påminnelser på skrivebordet: %s/skrivebord\n\nHilsen Klyngeportalen\n", strings.TrimRight(baseURL, "/"))
	return mail.Message{To: to, Subject: fmt.Sprintf("Skrivebordet denne uka: %d saker", d.Count()), Body: b.String()}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// RunWeekly sends the Monday summaries every interval until ctx ends.
func (s *Store) RunWeekly(ctx context.Context, interval time.Duration, loc *time.Location, year func(time.Time) int, baseURL string, logger *slog.Logger) {
	background.Every(ctx, interval, logger, "desk: weekly summaries sent", func(ctx context.Context) (int64, error) {
		now := time.Now()
		n, err := s.SendWeekly(ctx, now, loc, year(now), baseURL)
		return int64(n), err
	})
}
