package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SessionUserKey is the session value holding the signed-in user's id.
const SessionUserKey = "uid"

// sessionStore keeps sessions in the sessions table. It implements scs.CtxStore, so that a
// session lookup runs with the request's context: it ends with the request and is counted with
// the request's queries. Expired rows are removed by Clean.
//
// A row is stored under the SHA-256 of its token, never the token: a copy of the database (a
// backup, a replica) holds nothing that logs anyone in. Each row also knows its user (read from
// the session's values), the device and the approximate place of the request that last wrote
// it (from the context, see WithClient), for the list of one's own sessions.
type sessionStore struct{ pool *pgxpool.Pool }

var _ scs.CtxStore = sessionStore{}

// sessionKey is the stored form of a session token: the hex SHA-256.
func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (s sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.pool.QueryRow(ctx, `SELECT data FROM sessions WHERE token = $1 AND current_timestamp < expiry`, sessionKey(token)).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

func (s sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	var uid *int64
	if _, values, err := (sessionCodec{}).Decode(b); err == nil {
		if id, ok := values[SessionUserKey].(int64); ok && id > 0 {
			uid = &id
		}
	}
	c := clientFrom(ctx)
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry, user_id, device, place) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry, user_id = excluded.user_id,
			seen_at = now(),
			device = CASE WHEN excluded.device = '' THEN sessions.device ELSE excluded.device END,
			place = CASE WHEN excluded.place = '' THEN sessions.place ELSE excluded.place END`,
		sessionKey(token), b, expiry, uid, c.Device, c.Place)
	return err
}

func (s sessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token = $1`, sessionKey(token))
	return err
}

// The context-free methods of scs.Store, for callers without a request.
func (s sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s sessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }
