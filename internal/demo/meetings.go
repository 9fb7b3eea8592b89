package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/meetings"
	"klyngeportalen/internal/tz"
)

// demoCase is a case of the demo, with its minutes when the meeting is over.
type demoCase struct {
	kind, title, responsible string
	focus                    int // 0: none
	background, proposal     string
	discussion, decision     string
	shared, changed          bool
	paper                    string // title of a group document to attach
}

// seedMeetings adds the demo's meetings: a past direktørforum meeting with approved minutes (one
// decision shared with all members, follow-up actions, one of them overdue), a coming
// steering group meeting with a published agenda, and a later direktørforum meeting whose
// agenda is not yet published.
func seedMeetings(ctx context.Context, pool *pgxpool.Pool) error {
	md := markdown.New()
	tx, fresh, err := begin(ctx, pool, "meetings")
	if !fresh {
		return err
	}
	defer tx.Rollback(ctx)
	user := func(email string) (id int64) {
		_ = tx.QueryRow(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(&id)
		return id
	}
	leader := user("klyngeleder@remiks.example")
	day := func(days, hour int) time.Time {
		t := time.Now().In(tz.Oslo).AddDate(0, 0, days)
		return time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, tz.Oslo)
	}
	meeting := func(group, title string, starts time.Time, place, online string, publishDays int) (id, groupID int64, err error) {
		err = tx.QueryRow(ctx, `INSERT INTO meetings (group_id, title, starts_at, ends_at, place, online_url, leader_id, publish_days, invited_at, created_by)
			SELECT g.id, $2, $3::timestamptz, $3::timestamptz + interval '3 hours', $4, $5, $6::bigint, $7, $3::timestamptz - interval '21 days', $6::bigint FROM groups g WHERE g.slug = $1
			RETURNING id, group_id`, group, title, starts, place, online, leader, publishDays).Scan(&id, &groupID)
		if err != nil {
			err = fmt.Errorf("demo meeting %q: %w", title, err)
		}
		return id, groupID, err
	}
	addCases := func(meetingID, groupID int64, starts time.Time, cases []demoCase) ([]int64, error) {
		var ids []int64
		for _, c := range cases {
			var number int
			year := starts.In(tz.Oslo).Year()
			if err := tx.QueryRow(ctx, `INSERT INTO meeting_case_counters (group_id, year, last) VALUES ($1, $2, 1)
				ON CONFLICT (group_id, year) DO UPDATE SET last = meeting_case_counters.last + 1 RETURNING last`, groupID, year).Scan(&number); err != nil {
				return nil, err
			}
			var focus *int
			if c.focus != 0 {
				focus = &c.focus
			}
			var changed *time.Time
			if c.changed {
				t := time.Now().Add(-2 * time.Hour)
				changed = &t
			}
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO meeting_cases (meeting_id, group_id, year, number, kind, title, responsible_id, focus_area_id,
					background_md, background_html, proposal_md, proposal_html, discussion_md, discussion_html, decision_md, decision_html,
					decision_shared, changed_at, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, (SELECT id FROM users WHERE email = $7), $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, least(now(), $19::timestamptz - interval '30 days'))
				RETURNING id`, meetingID, groupID, year, number, c.kind, c.title, c.responsible, focus,
				c.background, md.HTML(c.background), c.proposal, md.HTML(c.proposal), c.discussion, md.HTML(c.discussion),
				c.decision, md.HTML(c.decision), c.shared, changed, starts).Scan(&id); err != nil {
				return nil, fmt.Errorf("demo case %q: %w", c.title, err)
			}
			if c.paper != "" {
				if _, err := tx.Exec(ctx, `INSERT INTO meeting_case_papers (case_id, document_id)
					SELECT $1, id FROM documents WHERE title = $2 AND group_id = $3 AND deleted_at IS NULL`, id, c.paper, groupID); err != nil {
					return nil, err
				}
			}
			ids = append(ids, id)
		}
		return ids, nil
	}
	answer := func(meetingID int64, email, answer, substitute string) error {
		_, err := tx.Exec(ctx, `INSERT INTO meeting_attendance (meeting_id, user_id, answer, substitute)
			SELECT $1, id, $3, $4 FROM users WHERE email = $2`, meetingID, email, answer, substitute)
		return err
	}

	// The past direktørforum meeting, with approved minutes.
	past := day(-30, 10)
	pastID, directors, err := meeting(auth.GroupDirectors, "Vårmøte", past, "Remiks Miljøpark, Tromsø", "https://example.org/direktorforum", 7)
	if err != nil {
		return err
	}
	ids, err := addCases(pastID, directors, past, []demoCase{
		{kind: "vedtak", title: "Budsjett og finansiering av klyngesamarbeidet", responsible: "klyngeleder@remiks.example",
			background: "Klyngen finansieres av medlemmene. Forslaget fordeler kostnadene etter innbyggertall i eierkommunene.\n\n*Demodata.*",
			proposal:   "Direktørforum vedtar budsjettet for klyngesamarbeidet som foreslått.",
			discussion: "Forumet drøftet fordelingsnøkkelen. Flere ønsket at nøkkelen vurderes på nytt ved neste strategirevisjon.",
			decision:   "Direktørforum vedtok budsjettet for klyngesamarbeidet som foreslått. Kostnadene fordeles etter innbyggertall.",
			shared:     true, paper: "Referat fra direktørforum"},
		{kind: "vedtak", title: "Mandat for styringsgruppen", responsible: "klyngeleder@remiks.example", focus: 2,
			background: "Styringsgruppen styrer klyngens arbeid mellom direktørforumets møter.",
			proposal:   "Mandatet for styringsgruppen videreføres.",
			discussion: "Mandatet ble gjennomgått uten merknader.",
			decision:   "Mandatet for styringsgruppen videreføres uendret."},
		{kind: "drofting", title: "Felles plukkanalyser", responsible: "direktor@hrs.example", focus: 3,
			background: "Medlemmene gjør plukkanalyser med ulike metoder, og tallene kan ikke sammenlignes.",
			discussion: "Forumet var enig om at en felles metode gir bedre nøkkeltall.",
			decision:   "Styringsgruppen bes utrede en felles metode for plukkanalyser."},
	})
	if err != nil {
		return err
	}
	for _, a := range [][3]string{
		{"direktor@iris-salten.example", meetings.Coming, ""}, {"direktor@hrs.example", meetings.Coming, ""}, {"klyngeleder@remiks.example", meetings.Coming, ""},
		{"direktor@las.example", meetings.NotComing, ""}, {"direktor@haf.example", meetings.Deputy, "Økonomisjef i HAF"},
	} {
		if err := answer(pastID, a[0], a[1], a[2]); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO meeting_actions (case_id, title, responsible_user_id, due_on, status) VALUES
		($1, 'Utrede felles metode for plukkanalyser', (SELECT id FROM users WHERE email = 'direktor@hrs.example'), $2, 'underveis'),
		($1, 'Sende ut mal for plukkanalyse til medlemmene', $3, $4, 'open')`,
		ids[2], day(-5, 0).Format(time.DateOnly), leader, day(20, 0).Format(time.DateOnly)); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO meeting_approvals (meeting_id, user_id, as_leader, approved_at) VALUES
		($1, $2, true, $3::timestamptz), ($1, (SELECT id FROM users WHERE email = 'direktor@iris-salten.example'), false, $3::timestamptz + interval '1 day')`,
		pastID, leader, past.AddDate(0, 0, 3)); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE meetings SET minutes_locked_at = $2 WHERE id = $1`, pastID, past.AddDate(0, 0, 4)); err != nil {
		return err
	}

	// The coming steering group meeting: the agenda is published.
	soon := day(5, 9)
	soonID, steering, err := meeting(auth.GroupSteering, "Styringsgruppemøte", soon, "", "https://example.org/styringsgruppen", 7)
	if err != nil {
		return err
	}
	if _, err := addCases(soonID, steering, soon, []demoCase{
		{kind: "vedtak", title: "Årshjul for neste år", responsible: "klyngeleder@remiks.example", focus: 1,
			background: "Utkast til årshjul med prioriterte tiltak i hvert fokusområde.",
			proposal:   "Styringsgruppen slutter seg til utkastet til årshjul."},
		{kind: "orientering", title: "Status for felles høringssvar", responsible: "klyngeleder@remiks.example", focus: 2,
			background: "Klyngeleder orienterer om høringssvarene som er sendt og under arbeid.", changed: true},
	}); err != nil {
		return err
	}
	if err := answer(soonID, "klyngeleder@remiks.example", meetings.Coming, ""); err != nil {
		return err
	}

	// A later direktørforum meeting whose agenda is still in preparation.
	later := day(40, 10)
	laterID, _, err := meeting(auth.GroupDirectors, "Høstmøte", later, "Scandic Bodø", "", 14)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE meetings SET invited_at = NULL WHERE id = $1`, laterID); err != nil {
		return err
	}
	if _, err := addCases(laterID, directors, later, []demoCase{
		{kind: "vedtak", title: "Strategi mot 2027", responsible: "klyngeleder@remiks.example", focus: 1,
			background: "Strategien gjelder ut 2026 og skal revideres.", proposal: "Direktørforum vedtar prosessen for revisjon av strategien."},
	}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
