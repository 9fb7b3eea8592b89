package meetings

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
)

// MinutesEntry is what the minutes say about one case.
type MinutesEntry struct {
	CaseID               int64
	Discussion, Decision string
}

// SaveMinutes writes the minutes of meeting m's cases. Approvals given to earlier text are
// withdrawn; locked minutes are refused with ErrLocked.
func (s *Store) SaveMinutes(ctx context.Context, u *auth.User, m Meeting, entries []MinutesEntry) error {
	if !CanManage(u, m) {
		return ErrForbidden
	}
	errs := validate.Errors{}
	for i, e := range entries {
		id := strconv.FormatInt(e.CaseID, 10)
		entries[i].Discussion = errs.Text("discussion-"+id, e.Discussion, 0, 20000, true)
		entries[i].Decision = errs.Text("decision-"+id, e.Decision, 0, 5000, true)
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := lockMeeting(ctx, tx, m.ID); err != nil {
		return err
	}
	if err := errs.Err(); err != nil {
		return err
	}
	for _, e := range entries {
		if _, err := tx.Exec(ctx, `UPDATE meeting_cases SET discussion_md = $3, discussion_html = $4, decision_md = $5, decision_html = $6, updated_at = now()
			WHERE meeting_id = $1 AND id = $2`, m.ID, e.CaseID, e.Discussion, s.md.HTML(e.Discussion), e.Decision, s.md.HTML(e.Decision)); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM meeting_approvals WHERE meeting_id = $1`, m.ID); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Approvals lists the approvals of meeting m's minutes, the leader's first.
func (s *Store) Approvals(ctx context.Context, m Meeting) ([]Approval, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+approvalColumns+` WHERE a.meeting_id = $1`+approvalOrder, m.ID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Approval])
}

// approvalColumns selects the Approvals of meeting_approvals a; approvalOrder orders them.
const (
	approvalColumns = `a.user_id, u.name, a.as_leader, a.approved_at FROM meeting_approvals a JOIN users u ON u.id = a.user_id`
	approvalOrder   = ` ORDER BY a.as_leader DESC, a.approved_at, a.user_id`
)

// Approve records u's approval of meeting m's minutes: the meeting leader's, or that of one
// more participant (a member of the group who came). With the leader's and another's
// approval the minutes are locked. It reports whether they are locked now.
func (s *Store) Approve(ctx context.Context, u *auth.User, m Meeting) (bool, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	if err := lockMeeting(ctx, tx, m.ID); err != nil {
		return false, err
	}
	var leader *int64
	var written bool
	if err := tx.QueryRow(ctx, `SELECT leader_id, EXISTS (SELECT 1 FROM meeting_cases WHERE meeting_id = $1 AND (discussion_md <> '' OR decision_md <> ''))
		FROM meetings WHERE id = $1`, m.ID).Scan(&leader, &written); err != nil {
		return false, err
	}
	switch {
	case leader == nil:
		return false, refuse("Møtet har ingen møteleder, så protokollen kan ikke godkjennes.")
	case !written:
		return false, refuse("Referatet er ikke skrevet ennå.")
	}
	asLeader := *leader == u.ID
	if !asLeader {
		var came bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM meeting_attendance a JOIN group_members gm ON gm.group_id = $2 AND gm.user_id = a.user_id
			WHERE a.meeting_id = $1 AND a.user_id = $3 AND a.answer = 'kommer')`, m.ID, m.GroupID, u.ID).Scan(&came); err != nil {
			return false, err
		}
		if !came {
			return false, refuse("Protokollen godkjennes av møtelederen og én deltaker som var til stede.")
		}
	}
	tag, err := tx.Exec(ctx, `INSERT INTO meeting_approvals (meeting_id, user_id, as_leader) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, m.ID, u.ID, asLeader)
	if err != nil {
		return false, err
	}
	if tag.RowsAffected() == 0 {
		return false, refuse("Du har allerede godkjent protokollen.")
	}
	var locked bool
	if err := tx.QueryRow(ctx, `UPDATE meetings SET minutes_locked_at = now()
		WHERE id = $1 AND EXISTS (SELECT 1 FROM meeting_approvals WHERE meeting_id = $1 AND as_leader)
		  AND EXISTS (SELECT 1 FROM meeting_approvals WHERE meeting_id = $1 AND NOT as_leader)
		RETURNING true`, m.ID).Scan(&locked); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return false, err
	}
	return locked, tx.Commit(ctx)
}

// ShareDecision marks the decision of case c (of meeting m) as shared with all members, or
// as the group's only. Sharing is not an edit of the minutes, so it is allowed after the lock.
func (s *Store) ShareDecision(ctx context.Context, u *auth.User, m Meeting, c Case, shared bool) error {
	if !CanManage(u, m) {
		return ErrForbidden
	}
	_, err := s.pool.Exec(ctx, `UPDATE meeting_cases SET decision_shared = $3 WHERE meeting_id = $1 AND id = $2`, m.ID, c.ID, shared)
	return err
}
