package forum

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/validate"
)

// Moderator is a person appointed to moderate a forum.
type Moderator struct {
	UserID      int64  `db:"user_id"`
	Name        string `db:"name"`
	CompanyName string `db:"company_name"`
	// Effective: the person is active and may still see the forum (for a group's forum: is in
	// the group). Only then does the appointment give any power; the rule is read on every request.
	Effective bool `db:"effective"`
}

// Candidate is a person who may be appointed moderator of a forum.
type Candidate struct {
	ID          int64  `db:"id"`
	Name        string `db:"name"`
	CompanyName string `db:"company_name"`
}

// MaxCandidates bounds how many people one search for a moderator lists.
const MaxCandidates = 20

// mayModerate is the rule of who may be appointed to forum f, and whose appointment holds:
// active person u who sees f — anyone for an open forum, the group's members for a group's forum.
var mayModerate = access.Row("u", false).Forum("f")

// Moderators lists the people appointed to moderate forumID, by name, with whether each still holds the power.
func (s *Store) Moderators(ctx context.Context, forumID int64) ([]Moderator, error) {
	rows, _ := s.pool.Query(ctx, moderatorsQuery, forumID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Moderator])
}

var moderatorsQuery = `SELECT u.id AS user_id, u.name, coalesce(nullif(c.short_name, ''), c.name) AS company_name, ` + mayModerate + ` AS effective
		FROM forum_moderators m JOIN forums f ON f.id = m.forum_id JOIN users u ON u.id = m.user_id JOIN companies c ON c.id = u.company_id
		WHERE m.forum_id = $1 ORDER BY u.name COLLATE nb, u.id`

// likeEscaper makes a search text match literally inside ILIKE.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// Candidates lists up to MaxCandidates people whose name contains query (all when empty) who
// may be appointed to moderate forumID and are not yet, and whether there are more. Cluster admins only.
func (s *Store) Candidates(ctx context.Context, actor *auth.User, forumID int64, query string) ([]Candidate, bool, error) {
	if !actor.IsClusterAdmin() {
		return nil, false, ErrForbidden
	}
	rows, _ := s.pool.Query(ctx, `SELECT u.id, u.name, coalesce(nullif(c.short_name, ''), c.name) AS company_name
		FROM forums f JOIN users u ON true JOIN companies c ON c.id = u.company_id
		WHERE f.id = @forum AND `+mayModerate+` AND `+access.Named().Member()+`
		  AND NOT EXISTS (SELECT 1 FROM forum_moderators m WHERE m.forum_id = f.id AND m.user_id = u.id)
		  AND (@q = '' OR u.name ILIKE '%' || @q || '%')
		ORDER BY u.name COLLATE nb, u.id LIMIT @limit`,
		database.Named{"forum": forumID, "q": likeEscaper.Replace(query), "limit": MaxCandidates + 1, "uid": actor.ID})
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Candidate])
	if err != nil {
		return nil, false, err
	}
	more := len(list) > MaxCandidates
	if more {
		list = list[:MaxCandidates]
	}
	return list, more, nil
}

// Appoint makes userID a moderator of forumID and writes it to the audit log. Cluster admins
// only; the person must be one who may see the forum (validation error on "user_id" otherwise).
func (s *Store) Appoint(ctx context.Context, actor *auth.User, forumID, userID int64) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var companyID *int64
	err = tx.QueryRow(ctx, `SELECT (SELECT u.company_id FROM users u WHERE u.id = $2 AND `+mayModerate+`)
		FROM forums f WHERE f.id = $1 FOR SHARE OF f`, forumID, userID).Scan(&companyID)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if companyID == nil {
		return validate.Errors{"user_id": "Velg en aktiv person som har tilgang til forumet."}
	}
	tag, err := tx.Exec(ctx, `INSERT INTO forum_moderators (forum_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, forumID, userID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() > 0 {
		if err := auditFor(ctx, tx, actor, *companyID, "forum.moderator.add", forumID, userID); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// Dismiss removes userID as moderator of forumID and writes it to the audit log. Cluster admins
// only; ErrNotFound when the person is no moderator there.
func (s *Store) Dismiss(ctx context.Context, actor *auth.User, forumID, userID int64) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var companyID int64
	err = tx.QueryRow(ctx, `DELETE FROM forum_moderators m USING users u WHERE m.forum_id = $1 AND m.user_id = $2 AND u.id = m.user_id
		RETURNING u.company_id`, forumID, userID).Scan(&companyID)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := auditFor(ctx, tx, actor, companyID, "forum.moderator.remove", forumID, userID); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// auditFor records a change of forumID's moderators in tx, under the company of the person.
func auditFor(ctx context.Context, tx pgx.Tx, actor *auth.User, companyID int64, action string, forumID, userID int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details) VALUES ($1, $2, $3, 'forum', $4, $5)`,
		actor.ID, companyID, action, forumID, map[string]any{"user_id": userID})
	return err
}
