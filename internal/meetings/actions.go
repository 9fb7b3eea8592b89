package meetings

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/validate"
)

// actionColumns selects an Action from its case, meeting and group; an open action past its
// due date (in Oslo) is overdue.
const actionColumns = `a.id, a.case_id, c.number AS case_number, c.year AS case_year, c.meeting_id, g.name AS group_name,
	a.title, a.responsible_user_id,
	coalesce((SELECT name FROM users WHERE id = a.responsible_user_id), (SELECT name FROM companies WHERE id = a.responsible_company_id), '') AS responsible,
	a.due_on, a.status, a.closed_note, a.closed_at,
	(a.status <> 'lukket' AND a.due_on < (now() AT TIME ZONE 'Europe/Oslo')::date) AS overdue
	FROM meeting_actions a JOIN meeting_cases c ON c.id = a.case_id JOIN meetings m ON m.id = c.meeting_id JOIN groups g ON g.id = c.group_id`

// OpenActions lists the open actions of group g that u may see, the earliest due first.
func (s *Store) OpenActions(ctx context.Context, u *auth.User, g Group) ([]Action, error) {
	var list []Action
	var b pgx.Batch
	queueOpenActions(&b, u, g, &list)
	return list, database.Send(ctx, s.pool, &b)
}

func queueOpenActions(b *pgx.Batch, u *auth.User, g Group, dst *[]Action) {
	args := viewerArgs(u)
	args["group"] = g.ID
	database.Collect(b, dst, `SELECT `+actionColumns+` WHERE c.group_id = @group AND a.status <> 'lukket' AND `+agendaVisible("m")+`
		ORDER BY a.due_on, a.id LIMIT 200`, args)
}

// QueueOverdue adds to batch b the query of u's own overdue actions (at most limit), for the
// dashboard; after the batch they are in *dst.
func QueueOverdue(b *pgx.Batch, u *auth.User, limit int, dst *[]Action) {
	args := viewerArgs(u)
	args["limit"] = max(1, min(limit, 20))
	database.Collect(b, dst, `SELECT `+actionColumns+` WHERE a.responsible_user_id = @uid AND a.status <> 'lukket'
		AND a.due_on < (now() AT TIME ZONE 'Europe/Oslo')::date AND `+agendaVisible("m")+`
		ORDER BY a.due_on, a.id LIMIT @limit`, args)
}

// ActionInput is the action form as typed; Responsible is "u<id>" for a person or "c<id>" for a company.
type ActionInput struct {
	Title, Responsible, Due string
}

// AddAction adds a follow-up action to case c of meeting m.
func (s *Store) AddAction(ctx context.Context, u *auth.User, m Meeting, c Case, in ActionInput) error {
	if !CanManage(u, m) {
		return ErrForbidden
	}
	errs := validate.Errors{}
	title := errs.Text("action_title", in.Title, 1, 300, false)
	due, err := time.Parse(time.DateOnly, strings.TrimSpace(in.Due))
	if err != nil || due.Year() < 2000 || due.Year() > 2200 {
		errs.Add("action_due", "Skriv fristen som åååå-mm-dd.")
	}
	var user, company *int64
	kind, rest := "", strings.TrimSpace(in.Responsible)
	if rest != "" {
		kind, rest = rest[:1], rest[1:]
	}
	id, ok := parseID(rest)
	if ok {
		var found bool
		switch kind {
		case "u": // a person of the group, who can see the action
			found = s.pool.QueryRow(ctx, `SELECT true FROM users u JOIN group_members gm ON gm.user_id = u.id AND gm.group_id = $2
				WHERE u.id = $1 AND u.active`, id, m.GroupID).Scan(&found) == nil
			user = &id
		case "c":
			found = s.pool.QueryRow(ctx, `SELECT true FROM companies WHERE id = $1`, id).Scan(&found) == nil
			company = &id
		}
		ok = found
	}
	if !ok {
		errs.Add("action_responsible", "Velg en ansvarlig person eller et selskap i listen.")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO meeting_actions (case_id, title, responsible_user_id, responsible_company_id, due_on)
		SELECT id, $2, $3, $4, $5 FROM meeting_cases WHERE id = $1`, c.ID, title, user, company, due)
	return err
}

// Action returns action id if u may see it, with its meeting.
func (s *Store) Action(ctx context.Context, u *auth.User, id int64) (Action, Meeting, error) {
	args := viewerArgs(u)
	args["id"] = id
	rows, _ := s.pool.Query(ctx, `SELECT `+actionColumns+` WHERE a.id = @id AND `+agendaVisible("m"), args)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Action])
	if errors.Is(err, pgx.ErrNoRows) {
		return a, Meeting{}, ErrNotFound
	}
	if err != nil {
		return a, Meeting{}, err
	}
	m, err := s.Meeting(ctx, u, a.MeetingID)
	return a, m, err
}

// SetActionStatus moves action a (of meeting m) to status; closing takes a short note. The
// responsible person and the meeting's managers may.
func (s *Store) SetActionStatus(ctx context.Context, u *auth.User, m Meeting, a Action, status, note string) error {
	if !CanManage(u, m) && (a.ResponsibleUser == nil || *a.ResponsibleUser != u.ID) {
		return ErrForbidden
	}
	errs := validate.Errors{}
	switch status {
	case ActionOpen, ActionUnderway:
		note = ""
	case ActionClosed:
		note = errs.Text("note", note, 1, 500, false)
	default:
		errs.Add("status", "Velg en status.")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `UPDATE meeting_actions SET status = $2, closed_note = $3,
		closed_at = CASE WHEN $2 = 'lukket' THEN now() END, closed_by = CASE WHEN $2 = 'lukket' THEN $4::bigint END WHERE id = $1`,
		a.ID, status, note, u.ID)
	return err
}

// Companies lists the member companies, for the action form.
func (s *Store) Companies(ctx context.Context) ([]Option, error) {
	rows, _ := s.pool.Query(ctx, `SELECT 'c' || id AS value, name AS label FROM companies ORDER BY name COLLATE nb LIMIT 200`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Option])
}
