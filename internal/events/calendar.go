package events

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
)

// NewCalendarToken gives userID a new secret feed token, replacing (revoking) any earlier one;
// only its hash is stored, so the plain token is shown once.
func (s *Store) NewCalendarToken(ctx context.Context, userID int64) (string, error) {
	plain, hash := auth.NewToken()
	_, err := s.pool.Exec(ctx, `INSERT INTO calendar_tokens (hash, user_id) VALUES ($1, $2)
		ON CONFLICT (user_id) DO UPDATE SET hash = EXCLUDED.hash, created_at = now()`, hash, userID)
	return plain, err
}

// RevokeCalendarToken ends userID's feed token.
func (s *Store) RevokeCalendarToken(ctx context.Context, userID int64) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM calendar_tokens WHERE user_id = $1`, userID)
	return err
}

// HasCalendarToken reports whether userID has a live feed token.
func (s *Store) HasCalendarToken(ctx context.Context, userID int64) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM calendar_tokens WHERE user_id = $1)`, userID).Scan(&ok)
	return ok, err
}

// feedViewer returns the active user whose token is plain; ErrNotFound for an unknown or revoked one.
func (s *Store) feedViewer(ctx context.Context, plain string) (Viewer, error) {
	if len(plain) > 100 {
		return Viewer{}, ErrNotFound
	}
	var v Viewer
	err := s.pool.QueryRow(ctx, `SELECT u.id, u.role = 'cluster_admin' FROM calendar_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = $1 AND u.active`, auth.HashToken(plain)).Scan(&v.ID, &v.Admin)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, ErrNotFound
	}
	return v, err
}

// feedLimit bounds a feed: the events of about two years.
const feedLimit = 500

// PersonalFeed returns the events the owner of token plain is registered for or waiting for,
// from 90 days back, and those they were registered for that were called off (shown cancelled,
// so that their calendar removes them).
func (s *Store) PersonalFeed(ctx context.Context, plain string) ([]Event, error) {
	v, err := s.feedViewer(ctx, plain)
	if err != nil {
		return nil, err
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+eventColumns+`
		WHERE `+visible+` AND e.ends_at > now() - interval '90 days'
		  AND (mr.id IS NOT NULL OR (e.status = 'cancelled' AND EXISTS (SELECT 1 FROM registrations r
		       WHERE r.event_id = e.id AND r.user_id = $1 AND r.cancelled_at = e.cancelled_at)))
		ORDER BY e.starts_at, e.id LIMIT $3`, v.ID, v.Admin, feedLimit)
	return s.withAgendas(ctx, v, rows)
}

// ClusterFeed returns every published or cancelled event the owner of token plain may see,
// from 90 days back.
func (s *Store) ClusterFeed(ctx context.Context, plain string) ([]Event, error) {
	v, err := s.feedViewer(ctx, plain)
	if err != nil {
		return nil, err
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+eventColumns+`
		WHERE `+visible+` AND e.status <> 'draft' AND e.ends_at > now() - interval '90 days'
		ORDER BY e.starts_at, e.id LIMIT $3`, v.ID, v.Admin, feedLimit)
	return s.withAgendas(ctx, v, rows)
}

// Month returns the events v may see that start in the month from (a first day, Europe/Oslo),
// by start; at most 500.
func (s *Store) Month(ctx context.Context, v Viewer, from time.Time) ([]Event, error) {
	to := from.AddDate(0, 1, 0)
	rows, _ := s.pool.Query(ctx, `SELECT `+eventColumns+`
		WHERE `+visible+` AND e.starts_at >= $3 AND e.starts_at < $4
		ORDER BY e.starts_at, e.id LIMIT 500`, v.ID, v.Admin, from, to)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Event])
}

// Today returns the events v may see that are on today (Europe/Oslo) or span it.
func (s *Store) Today(ctx context.Context, v Viewer, now time.Time) ([]Event, error) {
	n := now.In(oslo)
	day := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, oslo)
	rows, _ := s.pool.Query(ctx, `SELECT `+eventColumns+`
		WHERE `+visible+` AND e.starts_at < $4 AND e.ends_at > $3 AND e.status <> 'cancelled'
		ORDER BY e.starts_at, e.id LIMIT 50`, v.ID, v.Admin, day, day.AddDate(0, 0, 1))
	return pgx.CollectRows(rows, pgx.RowToStructByName[Event])
}

// withAgendas collects the events of rows and writes each one's programme into its Agenda, with
// one more query for all of them.
func (s *Store) withAgendas(ctx context.Context, v Viewer, rows pgx.Rows) ([]Event, error) {
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Event])
	if err != nil || len(list) == 0 {
		return list, err
	}
	ids := make([]int64, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	type eventSession struct {
		EventID int64 `db:"event_id"`
		Session
	}
	srows, _ := s.pool.Query(ctx, `SELECT s.event_id, `+sessionColumns+` FROM event_sessions s WHERE s.event_id = ANY($3)
		ORDER BY s.event_id, s.starts_at, s.id LIMIT 5000`, v.ID, v.Admin, ids)
	sessions, err := pgx.CollectRows(srows, pgx.RowToStructByName[eventSession])
	if err != nil {
		return nil, err
	}
	byEvent := map[int64][]Session{}
	for _, x := range sessions {
		byEvent[x.EventID] = append(byEvent[x.EventID], x.Session)
	}
	for i := range list {
		list[i].Agenda = Agenda(byEvent[list[i].ID])
	}
	return list, nil
}
