package meetings

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/validate"
)

// caseColumns selects a Case from meeting_cases c.
const caseColumns = `c.id, c.meeting_id, c.group_id, c.year, c.number, c.kind, c.title, c.responsible_id,
	(SELECT name FROM users WHERE id = c.responsible_id) AS responsible_name, c.focus_area_id,
	(SELECT name FROM focus_areas WHERE id = c.focus_area_id) AS focus_area_name,
	c.background_md, c.background_html, c.proposal_md, c.proposal_html, c.discussion_md, c.discussion_html,
	c.decision_md, c.decision_html, c.decision_shared, c.changed_at, c.created_at`

// Agenda returns the cases of meeting m in number order, their papers and their actions, if
// u may see the agenda (otherwise none); one round trip.
func (s *Store) Agenda(ctx context.Context, u *auth.User, m Meeting) (cases []Case, papers []Paper, actions []Action, err error) {
	args := viewerArgs(u)
	args["meeting"] = m.ID
	var b pgx.Batch
	queueAgenda(&b, args, &cases, &papers, &actions)
	err = database.Send(ctx, s.pool, &b)
	return cases, papers, actions, err
}

// queueAgenda queues the reads of Agenda; args bind the viewer and @meeting.
func queueAgenda(b *pgx.Batch, args database.Named, cases *[]Case, papers *[]Paper, actions *[]Action) {
	from := ` FROM meeting_cases c JOIN meetings m ON m.id = c.meeting_id WHERE c.meeting_id = @meeting AND ` + agendaVisible("m")
	database.Collect(b, cases, `SELECT `+caseColumns+from+` ORDER BY c.year, c.number`, args)
	database.Collect(b, papers, `SELECT p.case_id, p.document_id, d.title
		FROM meeting_case_papers p JOIN documents d ON d.id = p.document_id AND d.deleted_at IS NULL
		JOIN meeting_cases c ON c.id = p.case_id AND d.group_id = c.group_id JOIN meetings m ON m.id = c.meeting_id
		WHERE c.meeting_id = @meeting AND `+agendaVisible("m")+` ORDER BY d.title COLLATE nb, d.id`, args)
	database.Collect(b, actions, `SELECT `+actionColumns+` WHERE c.meeting_id = @meeting AND `+agendaVisible("m")+` ORDER BY a.due_on, a.id LIMIT 500`, args)
}

// Case returns case id of meeting m if u may see the agenda.
func (s *Store) Case(ctx context.Context, u *auth.User, m Meeting, id int64) (Case, error) {
	args := viewerArgs(u)
	args["meeting"], args["id"] = m.ID, id
	rows, _ := s.pool.Query(ctx, `SELECT `+caseColumns+` FROM meeting_cases c JOIN meetings m ON m.id = c.meeting_id
		WHERE c.id = @id AND c.meeting_id = @meeting AND `+agendaVisible("m"), args)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Case])
	if errors.Is(err, pgx.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// CaseInput is the case form as typed.
type CaseInput struct {
	Kind, Title, Responsible, FocusArea, Background, Proposal string
}

type caseValues struct {
	kind, title, background, proposal string
	responsible                       *int64
	focus                             *int16
}

func (s *Store) checkCase(ctx context.Context, tx pgx.Tx, m Meeting, in CaseInput) (caseValues, error) {
	errs := validate.Errors{}
	var v caseValues
	v.kind = in.Kind
	if KindLabel(in.Kind) == in.Kind {
		errs.Add("kind", "Velg sakstype.")
	}
	v.title = errs.Text("title", in.Title, 1, 200, false)
	v.background = errs.Text("background", in.Background, 0, 20000, true)
	v.proposal = errs.Text("proposal", in.Proposal, 0, 5000, true)
	if strings.TrimSpace(in.Responsible) != "" {
		id, ok := parseID(in.Responsible)
		if ok {
			ok = tx.QueryRow(ctx, `SELECT true FROM users u JOIN group_members gm ON gm.user_id = u.id AND gm.group_id = $2
				WHERE u.id = $1 AND u.active`, id, m.GroupID).Scan(&ok) == nil
		}
		if !ok {
			errs.Add("responsible", "Saksansvarlig må være medlem av gruppen.")
		} else {
			v.responsible = &id
		}
	}
	if strings.TrimSpace(in.FocusArea) != "" {
		n, ok := parseInt(in.FocusArea, 1, 1000)
		if ok {
			ok = tx.QueryRow(ctx, `SELECT true FROM focus_areas WHERE id = $1`, n).Scan(&ok) == nil
		}
		if !ok {
			errs.Add("focus_area", "Velg et av fokusområdene i listen.")
		} else {
			f := int16(n)
			v.focus = &f
		}
	}
	return v, errs.Err()
}

// lockMeeting locks meeting m's row for the transaction and refuses when its minutes are locked.
func lockMeeting(ctx context.Context, tx pgx.Tx, id int64) error {
	var locked bool
	err := tx.QueryRow(ctx, `SELECT minutes_locked_at IS NOT NULL FROM meetings WHERE id = $1 FOR UPDATE`, id).Scan(&locked)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ErrNotFound
	case err != nil:
		return err
	case locked:
		return ErrLocked
	}
	return nil
}

// changedNow is the changed_at of a case written now: set once the agenda is published.
const changedNow = `CASE WHEN now() >= (SELECT starts_at - make_interval(hours => 24 * publish_days) FROM meetings WHERE id = $1) THEN now() END`

// AddCase adds a case to meeting m's agenda with the next number of the group and the
// meeting's year. The number comes from the counter row, locked by the upsert until the
// transaction ends, so concurrent additions get consecutive numbers and a failed one leaves no gap.
func (s *Store) AddCase(ctx context.Context, u *auth.User, m Meeting, in CaseInput) (Case, error) {
	if !CanManage(u, m) {
		return Case{}, ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return Case{}, err
	}
	defer tx.Rollback(ctx)
	if err := lockMeeting(ctx, tx, m.ID); err != nil {
		return Case{}, err
	}
	v, err := s.checkCase(ctx, tx, m, in)
	if err != nil {
		return Case{}, err
	}
	year := m.StartsAt.In(oslo).Year()
	var c Case
	if err := tx.QueryRow(ctx, `INSERT INTO meeting_case_counters (group_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (group_id, year) DO UPDATE SET last = meeting_case_counters.last + 1 RETURNING last`, m.GroupID, year).Scan(&c.Number); err != nil {
		return Case{}, err
	}
	if err := tx.QueryRow(ctx, `INSERT INTO meeting_cases (meeting_id, group_id, year, number, kind, title, responsible_id, focus_area_id,
			background_md, background_html, proposal_md, proposal_html, changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, `+changedNow+`) RETURNING id`,
		m.ID, m.GroupID, year, c.Number, v.kind, v.title, v.responsible, v.focus,
		v.background, s.md.HTML(v.background), v.proposal, s.md.HTML(v.proposal)).Scan(&c.ID); err != nil {
		return Case{}, err
	}
	c.Year, c.MeetingID, c.GroupID, c.Title = year, m.ID, m.GroupID, v.title
	return c, tx.Commit(ctx)
}

// UpdateCase changes case c of meeting m; a change after the agenda's publication is marked.
func (s *Store) UpdateCase(ctx context.Context, u *auth.User, m Meeting, c Case, in CaseInput) error {
	if !CanManage(u, m) {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := lockMeeting(ctx, tx, m.ID); err != nil {
		return err
	}
	v, err := s.checkCase(ctx, tx, m, in)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE meeting_cases SET kind = $3, title = $4, responsible_id = $5, focus_area_id = $6,
		background_md = $7, background_html = $8, proposal_md = $9, proposal_html = $10,
		changed_at = coalesce(`+changedNow+`, changed_at), updated_at = now()
		WHERE meeting_id = $1 AND id = $2`,
		m.ID, c.ID, v.kind, v.title, v.responsible, v.focus, v.background, s.md.HTML(v.background), v.proposal, s.md.HTML(v.proposal))
	if err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// PaperChoices lists the documents of meeting m's group in the kunnskapsbank that can be
// attached to its cases, the latest first.
func (s *Store) PaperChoices(ctx context.Context, m Meeting) ([]Paper, error) {
	rows, _ := s.pool.Query(ctx, `SELECT 0::bigint AS case_id, d.id AS document_id, d.title FROM documents d
		WHERE d.group_id = $1 AND d.deleted_at IS NULL ORDER BY d.updated_at DESC, d.id DESC LIMIT 100`, m.GroupID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Paper])
}

// AttachPaper attaches document doc to case c, or detaches it (attach false). Only documents
// restricted to the meeting's group may be case papers; a change after publication is marked.
func (s *Store) AttachPaper(ctx context.Context, u *auth.User, m Meeting, c Case, doc int64, attach bool) error {
	if !CanManage(u, m) {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := lockMeeting(ctx, tx, m.ID); err != nil {
		return err
	}
	if attach {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = $1 AND group_id = $2 AND deleted_at IS NULL)`, doc, m.GroupID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return refuse("Saksdokumentet må ligge i kunnskapsbanken og være begrenset til " + m.GroupName + ".")
		}
		_, err = tx.Exec(ctx, `INSERT INTO meeting_case_papers (case_id, document_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, c.ID, doc)
	} else {
		_, err = tx.Exec(ctx, `DELETE FROM meeting_case_papers WHERE case_id = $1 AND document_id = $2`, c.ID, doc)
	}
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE meeting_cases SET changed_at = coalesce(`+changedNow+`, changed_at) WHERE meeting_id = $1 AND id = $2`, m.ID, c.ID); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
