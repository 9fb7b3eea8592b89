// Package notify owns the choices of how each person hears of each area (in the portal only, by
// e-mail at once, in a daily digest, or not at all) and the mailing of notifications chosen
// "at once". The notifications of other areas than the forum are written by triggers on those
// areas' tables (migration 00084) in the same transaction as the change; the centre and the
// badge read them with the forum's (internal/forum).
package notify

import (
	"context"
	"fmt"
	"klyngeportalen/internal/background"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/mail"
)

// Channels: how a person hears of an area.
const (
	App       = "app"       // in the portal only
	Immediate = "immediate" // in the portal and by e-mail at once
	Digest    = "digest"    // in the portal and in a daily e-mail digest
	Off       = "off"       // not at all
)

// Channels are the choices in the order /meg shows them.
var Channels = []string{App, Immediate, Digest, Off}

// ValidChannel reports whether c is a channel.
func ValidChannel(c string) bool { return c == App || c == Immediate || c == Digest || c == Off }

// Area is a part of the portal one may hear from.
type Area struct {
	Key, Label, Description string
	Default                 string
}

// Areas are the areas of notifications, in the order /meg shows them.
var Areas = []Area{
	{"forum", "Forum", "Svar i tråder du følger, og når noen nevner deg.", Immediate},
	{"arrangementer", "Arrangementer", "Når et arrangement du er påmeldt endrer tid eller sted, blir avlyst, eller du får plass fra ventelisten.", App},
	{"horinger", "Høringer", "Nye høringer, og når fristen for selskapets innspill nærmer seg.", App},
	{"nyheter", "Nyheter", "Nye nyheter og suksesshistorier.", App},
	{"dokumenter", "Dokumenter", "Nye dokumenter og versjoner i tråder og forum du følger og arrangementer du er påmeldt.", App},
	{"nokkeltall", "Nøkkeltall", "Påminnelser om å rapportere selskapets nøkkeltall (for selskapsadministratorer).", App},
}

// ValidArea reports whether key is an area.
func ValidArea(key string) bool {
	for _, a := range Areas {
		if a.Key == key {
			return true
		}
	}
	return false
}

// Store keeps the choices and mails the notifications chosen at once.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Choices returns the user's channel per area, defaults filled in. The forum's mail choice of
// before (notification_settings) counts where no choice was made here.
func (s *Store) Choices(ctx context.Context, userID int64) (map[string]string, error) {
	out := map[string]string{}
	for _, a := range Areas {
		out[a.Key] = a.Default
	}
	var forumMail *string
	if err := s.pool.QueryRow(ctx, `SELECT (SELECT mail FROM notification_settings WHERE user_id = $1)`, userID).Scan(&forumMail); err != nil {
		return nil, err
	}
	if forumMail != nil {
		out["forum"] = map[string]string{"immediate": Immediate, "digest": Digest, "none": App}[*forumMail]
	}
	rows, _ := s.pool.Query(ctx, `SELECT area, channel FROM notification_choices WHERE user_id = $1`, userID)
	var area, channel string
	_, err := pgx.ForEachRow(rows, []any{&area, &channel}, func() error {
		out[area] = channel
		return nil
	})
	return out, err
}

// SetChoices saves the user's channel per area (only valid areas and channels; the caller
// checks). The forum's mail choice is kept in step, as the forum mails its own notifications.
func (s *Store) SetChoices(ctx context.Context, userID int64, choices map[string]string) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	for area, channel := range choices {
		if !ValidArea(area) || !ValidChannel(channel) {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO notification_choices (user_id, area, channel) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, area) DO UPDATE SET channel = excluded.channel`, userID, area, channel); err != nil {
			return err
		}
		if area == "forum" {
			m := map[string]string{App: "none", Immediate: "immediate", Digest: "digest", Off: "none"}[channel]
			if _, err := tx.Exec(ctx, `INSERT INTO notification_settings (user_id, mail) VALUES ($1, $2)
				ON CONFLICT (user_id) DO UPDATE SET mail = excluded.mail`, userID, m); err != nil {
				return err
			}
		}
	}
	return tx.Commit(ctx)
}

// SendImmediate writes a mail to the outbox for each notification chosen "at once" and not yet
// mailed, at most 500 at a time, and returns how many. Several instances share the work
// (SKIP LOCKED); a notification the person may no longer see is not mailed.
func (s *Store) SendImmediate(ctx context.Context, baseURL string) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `SELECT n.id, u.email, u.name, n.title, n.url,
			`+access.Row("u", true).Group("n.group_id")+`
		FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE n.mail_now AND n.mailed_at IS NULL AND u.active
		ORDER BY n.id LIMIT 500 FOR UPDATE OF n SKIP LOCKED`)
	type pending struct {
		id                      int64
		email, name, title, url string
		allowed                 bool
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (pending, error) {
		var p pending
		return p, row.Scan(&p.id, &p.email, &p.name, &p.title, &p.url, &p.allowed)
	})
	if err != nil {
		return 0, err
	}
	ids := make([]int64, 0, len(list))
	sent := 0
	for _, p := range list {
		ids = append(ids, p.id)
		if !p.allowed {
			continue
		}
		msg := mail.Message{To: p.email, Subject: p.title, Body: fmt.Sprintf(
			"Hei %s,\n\n%s.\n\nLes mer: %s%s\n\nDu får denne e-posten fordi du har valgt e-post med en gang for dette. Du kan endre varslene dine på %s/meg.\n\nHilsen Klyngeportalen – Avfallsklynge Nord",
			p.name, p.title, baseURL, p.url, baseURL)}
		if err := mail.Enqueue(ctx, tx, msg); err != nil {
			return 0, err
		}
		sent++
	}
	if _, err := tx.Exec(ctx, `UPDATE notifications SET mailed_at = now() WHERE id = ANY($1)`, ids); err != nil {
		return 0, err
	}
	return sent, tx.Commit(ctx)
}

// Run mails the notifications chosen at once every interval until ctx ends (in the one loop,
// internal/background).
func (s *Store) Run(ctx context.Context, interval time.Duration, baseURL string, log *slog.Logger) {
	background.Every(ctx, interval, log, "notification mails queued", func(ctx context.Context) (int64, error) {
		n, err := s.SendImmediate(ctx, baseURL)
		return int64(n), err
	})
}
