package auth

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Client is what a session row tells about where it is used: a short name of the browser and
// system, and the approximate place (the address's network, never the whole address).
type Client struct {
	Device string
	Place  string
}

type clientKey struct{}

// WithClient returns a context carrying the client of the request, for the session store.
func WithClient(ctx context.Context, userAgent string, ip netip.Addr) context.Context {
	return context.WithValue(ctx, clientKey{}, Client{Device: DeviceName(userAgent), Place: Place(ip)})
}

func clientFrom(ctx context.Context) Client { c, _ := ctx.Value(clientKey{}).(Client); return c }

// Place is the approximate place of ip: its /24 (IPv4) or /48 (IPv6) network.
func Place(ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	bits := 48
	if ip.Is4() {
		bits = 24
	}
	p, err := ip.Prefix(bits)
	if err != nil {
		return ""
	}
	return p.String()
}

// DeviceName names the browser and system of a User-Agent in Norwegian, such as "Firefox på
// Linux"; "Ukjent enhet" when it cannot tell.
func DeviceName(ua string) string {
	browser := ""
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"Chromium/", "Chromium"},
		{"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, o := range []struct{ token, name string }{
		{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"}, {"Windows", "Windows"},
		{"Mac OS X", "Mac"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " på " + system
	case browser != "":
		return browser
	case system != "":
		return system
	}
	return "Ukjent enhet"
}

// DeviceSession is one of a person's sessions as they see it in their list.
type DeviceSession struct {
	ID      int64     `db:"id"`
	Device  string    `db:"device"`
	Place   string    `db:"place"`
	Started time.Time `db:"created_at"`
	Seen    time.Time `db:"seen_at"`
	Current bool      `db:"current"`
}

// Sessions lists the user's sessions that have not expired, the newest first; current marks the
// one of token (the caller's own).
func (s *Store) Sessions(ctx context.Context, userID int64, token string) ([]DeviceSession, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, device, place, created_at, seen_at, token = $2 AS current FROM sessions
		WHERE user_id = $1 AND expiry > now() ORDER BY seen_at DESC, id DESC LIMIT 100`, userID, sessionKey(token))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[DeviceSession])
}

// EndSession ends one of the user's sessions by its id; ErrNotFound if it is not theirs.
func (s *Store) EndSession(ctx context.Context, userID, sessionID int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id = $2`, userID, sessionID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// EndAllSessions ends every session of the user: their rows go, and any session that began
// before now is refused by the current-user check. It returns the database's time of it, the
// login time of a session that goes on.
func (s *Store) EndAllSessions(ctx context.Context, userID int64) (time.Time, error) {
	var at time.Time
	err := s.pool.QueryRow(ctx, `
		WITH gone AS (DELETE FROM sessions WHERE user_id = $1)
		UPDATE users SET sessions_valid_after = now() WHERE id = $1 RETURNING now()`, userID).Scan(&at)
	if err == pgx.ErrNoRows {
		return at, ErrNotFound
	}
	if err != nil {
		return at, fmt.Errorf("auth: end sessions: %w", err)
	}
	return at, nil
}
