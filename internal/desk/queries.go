package desk

import (
	"strings"

	"klyngeportalen/internal/access"
)

// The desk's blocks. Each is bounded (LIMIT written in, so PostgreSQL keeps one plan) and found
// by an index; $n = 0 for a company means the whole cluster.
const (
	reportsSQL = `
		SELECT c.id AS company_id, c.slug AS company_slug, coalesce(nullif(c.short_name, ''), c.name) AS company_name, coalesce(r.status, '') AS status,
		       (SELECT max(m.sent_at) FROM indicator_reminders m WHERE m.company_id = c.id AND m.year = $1) AS last_reminder,
		       EXISTS (SELECT 1 FROM desk_reminders d WHERE d.kind = 'indicators' AND d.ref = $1 AND d.company_id = c.id AND d.day = current_date) AS reminded_today
		FROM companies c LEFT JOIN indicator_reports r ON r.company_id = c.id AND r.year = $1
		WHERE r.status IS DISTINCT FROM 'submitted' AND ($2::bigint = 0 OR c.id = $2)
		ORDER BY r.status NULLS FIRST, c.name COLLATE nb LIMIT 20`

	consultationsSQL = `
		SELECT k.id, k.title, k.input_deadline, missing.list AS missing,
		       EXISTS (SELECT 1 FROM desk_reminders d WHERE d.kind = 'consultation' AND d.ref = k.id AND d.day = current_date) AS reminded_today
		FROM consultations k
		CROSS JOIN LATERAL (
			SELECT json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', coalesce(nullif(c.short_name, ''), c.name)) ORDER BY c.name COLLATE nb) AS list
			FROM companies c
			WHERE ($1::bigint = 0 OR c.id = $1)
			  AND NOT EXISTS (SELECT 1 FROM consultation_inputs i WHERE i.consultation_id = k.id AND i.company_id = c.id)
		) missing
		WHERE k.status IN ('open', 'in_progress') AND k.input_deadline > now() AND k.input_deadline <= now() + interval '14 days'
		  AND missing.list IS NOT NULL
		ORDER BY k.input_deadline, k.id LIMIT 20`

	invitedWhere = `u.active AND u.password_hash IS NULL AND u.created_at < now() - interval '14 days'
		AND NOT EXISTS (SELECT 1 FROM user_identities ui WHERE ui.user_id = u.id) AND ($1::bigint = 0 OR u.company_id = $1)`

	invitationsSQL = `
		SELECT u.id, u.name, u.email, c.slug AS company_slug, coalesce(nullif(c.short_name, ''), c.name) AS company_name, u.created_at AS since, u.last_login_at
		FROM users u JOIN companies c ON c.id = u.company_id
		WHERE ` + invitedWhere + ` ORDER BY u.created_at, u.id LIMIT 20`

	// The dormant people of the scope (see scoped): the whole cluster through the index of last
	// sign-ins, a company through the same index per company (migration 00310).
	dormantWhere = `u.active AND coalesce(u.last_login_at, u.created_at) < now() - interval '183 days'
		AND (u.password_hash IS NOT NULL OR EXISTS (SELECT 1 FROM user_identities ui WHERE ui.user_id = u.id))
		AND {scope}`

	dormantSQL = `
		SELECT u.id, u.name, u.email, c.slug AS company_slug, coalesce(nullif(c.short_name, ''), c.name) AS company_name,
		       coalesce(u.last_login_at, u.created_at) AS since, u.last_login_at
		FROM users u JOIN companies c ON c.id = u.company_id
		WHERE ` + dormantWhere + ` ORDER BY coalesce(u.last_login_at, u.created_at), u.id LIMIT 20`

	dormantCountSQL = `SELECT count(*)::int FROM users u WHERE ` + dormantWhere

	thinEventsSQL = `
		SELECT e.id, e.title, e.starts_at, e.capacity, ec.confirmed, ec.waitlisted
		FROM events e JOIN event_counts ec ON ec.event_id = e.id
		WHERE e.status = 'published' AND e.starts_at > now() AND e.starts_at <= now() + interval '30 days'
		  AND e.capacity IS NOT NULL AND ec.confirmed * 100 < e.capacity * (SELECT thin_share FROM desk_settings)
		ORDER BY e.starts_at, e.id LIMIT 20`

	waitlistsSQL = `
		SELECT e.id, e.title, e.starts_at, e.capacity, ec.confirmed, ec.waitlisted
		FROM events e JOIN event_counts ec ON ec.event_id = e.id
		WHERE e.status = 'published' AND e.starts_at > now() AND ec.waitlisted > 0
		  AND (e.capacity IS NULL OR ec.confirmed < e.capacity)
		ORDER BY e.starts_at, e.id LIMIT 20`

	activitiesSQL = `
		SELECT a.id, a.title, a.starts_on, a.ends_on,
		       (a.ends_on < current_date AND a.status IN ('planlagt', 'pagar')) AS overdue,
		       (a.responsible_user_id IS NULL) AS no_responsible
		FROM activities a
		WHERE (a.ends_on < current_date AND a.ends_on >= current_date - 366 AND a.status IN ('planlagt', 'pagar'))
		   OR (a.starts_on >= date_trunc('month', current_date) AND a.starts_on < date_trunc('month', current_date) + interval '1 month'
		       AND a.responsible_user_id IS NULL AND a.status NOT IN ('avlyst', 'utsatt'))
		ORDER BY overdue DESC, a.ends_on, a.id LIMIT 20`

	failedMailSQL = `
		SELECT id, to_address, subject, attempts, last_error, created_at FROM mail_outbox
		WHERE sent_at IS NULL AND attempts > 0 ORDER BY created_at DESC LIMIT 20`
)

// hiddenPostsSQL lists posts hidden this week in forums the viewer ($1, cluster admin $2) may see.
var hiddenPostsSQL = `
		SELECT p.id, p.thread_id, t.title AS thread_title, f.slug AS forum_slug, p.seq, p.hidden_at, p.hidden_reason
		FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id
		WHERE p.hidden_at > now() - interval '7 days' AND ` + access.Positional().Forum("f") + `
		ORDER BY p.hidden_at DESC LIMIT 20`

// lateActionsSQL lists overdue follow-up actions from meetings of groups the viewer ($1, cluster
// admin $2) may see, oldest due date first.
var lateActionsSQL = `
		SELECT a.id, a.title, a.due_on, m.id AS meeting_id, c.number, c.year, g.name AS group_name,
		       coalesce(u.name, co.name, '') AS responsible
		FROM meeting_actions a
		JOIN meeting_cases c ON c.id = a.case_id
		JOIN meetings m ON m.id = c.meeting_id
		JOIN groups g ON g.id = m.group_id
		LEFT JOIN users u ON u.id = a.responsible_user_id
		LEFT JOIN companies co ON co.id = a.responsible_company_id
		WHERE a.status <> 'lukket' AND a.due_on < current_date AND ` + access.Positional().Group("m.group_id") + `
		ORDER BY a.due_on, a.id LIMIT 20`

// scoped puts the desk's scope into a statement with {scope}: the whole cluster (companyID 0)
// or the people of company $1. Two statements rather than "$1 = 0 OR company_id = $1", whose
// one plan (the desk runs generic plans) cannot use an index per company.
func scoped(sql string, companyID int64) string {
	if companyID == 0 {
		return strings.Replace(sql, "{scope}", "$1::bigint = 0", 1)
	}
	return strings.Replace(sql, "{scope}", "u.company_id = $1", 1)
}
