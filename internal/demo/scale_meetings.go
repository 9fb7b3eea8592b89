package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/markdown"
)

// scaleMeetings adds years of past meetings of the direktørforum (4 a year) and the steering
// group (8 a year), for the load benchmark (development only): each with casesPer cases with
// background, proposal, minutes and decision (every third shared with all members), the
// members' answers, an approved and locked protocol, and a follow-up action on every other
// case (the latest ones still open). The years are those before this one, so the demo's
// meetings and case numbers of this year are left as they are. It returns the rows added.
func scaleMeetings(ctx context.Context, pool *pgxpool.Pool, years, casesPer int) (int, error) {
	if years < 1 || casesPer < 1 {
		return 0, fmt.Errorf("meeting scale: bad size %d, %d", years, casesPer)
	}
	const (
		background = "Saken ble forberedt av arbeidsgruppen. Se vedlagt notat med **tall fra alle medlemmene** og en vurdering av alternativene."
		proposal   = "Forumet slutter seg til arbeidsgruppens anbefaling."
		discussion = "Forumet drøftet saken. Flere pekte på at tallene må sammenlignes over tid før neste vedtak."
		decision   = "Forumet sluttet seg til anbefalingen. Arbeidsgruppen rapporterer status på neste møte."
	)
	md := markdown.New()
	tx, err := pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	var rows int
	err = tx.QueryRow(ctx, `
		WITH g AS (
			SELECT g.id, CASE WHEN g.slug = $1 THEN 4 ELSE 8 END AS per_year,
			       (SELECT array_agg(gm.user_id ORDER BY gm.user_id) FROM group_members gm WHERE gm.group_id = g.id) AS members
			FROM groups g WHERE g.slug IN ($1, $2)),
		leader AS (SELECT id FROM users WHERE email = 'klyngeleder@remiks.example'),
		m AS (
			INSERT INTO meetings (group_id, title, starts_at, ends_at, place, online_url, leader_id, publish_days, invited_at,
				minutes_locked_at, created_by, created_at, updated_at)
			SELECT g.id, (ARRAY['Vintermøte', 'Vårmøte', 'Sommermøte', 'Høstmøte'])[1 + (k - 1) * 4 / g.per_year],
			       s, s + interval '3 hours', (ARRAY['Remiks Miljøpark, Tromsø', 'Scandic Bodø', 'Alta', 'Teams'])[1 + k % 4],
			       'https://example.org/mote', (SELECT id FROM leader), 7, s - interval '21 days', s + interval '4 days',
			       (SELECT id FROM leader), s - interval '30 days', s + interval '4 days'
			FROM g, generate_series(1, $3::int) y, generate_series(1, g.per_year) k,
			     LATERAL (SELECT make_timestamptz(extract(year FROM now() AT TIME ZONE 'Europe/Oslo')::int - y,
			                                      1 + (k - 1) * 12 / g.per_year, 10 + k, 10, 0, 0, 'Europe/Oslo') AS s) s
			RETURNING id, group_id, starts_at),
		numbered AS (
			SELECT m.*, extract(year FROM m.starts_at AT TIME ZONE 'Europe/Oslo')::int AS year,
			       row_number() OVER (PARTITION BY m.group_id, extract(year FROM m.starts_at AT TIME ZONE 'Europe/Oslo') ORDER BY m.starts_at) AS nth
			FROM m),
		c AS (
			INSERT INTO meeting_cases (meeting_id, group_id, year, number, kind, title, responsible_id, focus_area_id,
				background_md, background_html, proposal_md, proposal_html, discussion_md, discussion_html, decision_md, decision_html,
				decision_shared, created_at, updated_at)
			SELECT n.id, n.group_id, n.year, (n.nth - 1) * $4 + j, (ARRAY['vedtak', 'vedtak', 'drofting', 'orientering'])[1 + j % 4],
			       (ARRAY['Budsjett for klyngesamarbeidet', 'Felles anskaffelse av', 'Plukkanalyser for', 'Høringssvar om',
			              'Kompetanseplan for', 'Status for'])[1 + j % 6] || ' ' ||
			       (ARRAY['matavfall', 'restavfall', 'plast', 'tekstiler', 'farlig avfall', 'ombruk'])[1 + (n.nth + j) % 6] || ' ' || n.year,
			       (SELECT id FROM leader), 1 + j % 3, $5, $6, $7, $8, $9, $10,
			       CASE WHEN j % 4 = 3 THEN '' ELSE $11 END, CASE WHEN j % 4 = 3 THEN '' ELSE $12 END,
			       j % 3 = 1, n.starts_at - interval '30 days', n.starts_at + interval '1 day'
			FROM numbered n, generate_series(1, $4::int) j
			RETURNING id, group_id, year, number, created_at),
		counters AS (
			INSERT INTO meeting_case_counters (group_id, year, last)
			SELECT group_id, year, max(number) FROM c GROUP BY group_id, year
			ON CONFLICT (group_id, year) DO UPDATE SET last = greatest(meeting_case_counters.last, excluded.last)
			RETURNING 1),
		a AS (
			INSERT INTO meeting_actions (case_id, title, responsible_user_id, due_on, status, closed_note, closed_at, closed_by)
			SELECT c.id, 'Følge opp sak ' || c.number || '/' || c.year, g.members[1 + c.number % cardinality(g.members)],
			       (c.created_at + interval '90 days')::date,
			       CASE WHEN c.year < extract(year FROM now())::int - 1 THEN 'lukket' WHEN c.number % 3 = 0 THEN 'underveis' ELSE 'open' END,
			       CASE WHEN c.year < extract(year FROM now())::int - 1 THEN 'Gjennomført.' ELSE '' END,
			       CASE WHEN c.year < extract(year FROM now())::int - 1 THEN c.created_at + interval '80 days' END,
			       CASE WHEN c.year < extract(year FROM now())::int - 1 THEN (SELECT id FROM leader) END
			FROM c JOIN g ON g.id = c.group_id WHERE c.number % 2 = 0
			RETURNING 1),
		answers AS (
			INSERT INTO meeting_attendance (meeting_id, user_id, answer, answered_at)
			SELECT m.id, u, (ARRAY['kommer', 'kommer', 'kommer', 'kommer_ikke', 'vara'])[1 + (m.id + u) % 5], m.starts_at - interval '7 days'
			FROM m JOIN g ON g.id = m.group_id, unnest(g.members) u
			RETURNING 1),
		approvals AS (
			INSERT INTO meeting_approvals (meeting_id, user_id, as_leader, approved_at)
			SELECT m.id, (SELECT id FROM leader), true, m.starts_at + interval '3 days' FROM m
			RETURNING 1)
		SELECT (SELECT count(*) FROM m) + (SELECT count(*) FROM c) + (SELECT count(*) FROM counters) + (SELECT count(*) FROM a)
		     + (SELECT count(*) FROM answers) + (SELECT count(*) FROM approvals)`,
		auth.GroupDirectors, auth.GroupSteering, years, casesPer,
		background, md.HTML(background), proposal, md.HTML(proposal), discussion, md.HTML(discussion), decision, md.HTML(decision)).Scan(&rows)
	if err != nil {
		return 0, fmt.Errorf("meeting scale: %w", err)
	}
	return rows, tx.Commit(ctx)
}
