package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync"
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
//
// A signed-in request reads its session and who the user is in one round trip: the store
// remembers, per session, whose it was at the last read (a hint, in memory), and a request that
// carries a SessionPrefetch (WithSessionPrefetch) has its statements for that user sent in the
// same batch as the session's row. The caller checks the hint against the session's values as
// read (see SessionPrefetch), so a wrong or stale hint costs only the round trip it meant to save.
type sessionStore struct {
	pool  *pgxpool.Pool
	hints *sessionHints
}

var _ scs.CtxStore = sessionStore{}

// SessionRoleKey is the session value holding the role the user had at the last request.
const SessionRoleKey = "role"

// SessionPrefetch queues, for the user a session is believed to belong to, the statements the
// request will need, so that they travel with the session's row. QueueFor is called at most
// once, before the batch is sent, and only when the store has a hint; the caller must use the
// results only if uid and role equal the session's values as read.
type SessionPrefetch interface {
	QueueFor(b *pgx.Batch, uid int64, role string)
}

type prefetchKey struct{}

// WithSessionPrefetch returns ctx with p, for the session's read.
func WithSessionPrefetch(ctx context.Context, p SessionPrefetch) context.Context {
	return context.WithValue(ctx, prefetchKey{}, p)
}

// sessionHint is whom a session belonged to at its last read.
type sessionHint struct {
	uid  int64
	role string
}

// maxSessionHints bounds the hints kept: past it they are dropped and gathered again.
const maxSessionHints = 20000

// sessionHints are the hints by stored session key.
type sessionHints struct {
	mu sync.Mutex
	m  map[string]sessionHint
}

func (h *sessionHints) get(key string) (sessionHint, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	v, ok := h.m[key]
	return v, ok
}

// remember keeps the hint of the session key with the encoded values b (none for a session
// without a user).
func (h *sessionHints) remember(key string, b []byte) {
	var hint sessionHint
	if _, values, err := (sessionCodec{}).Decode(b); err == nil {
		hint.uid, _ = values[SessionUserKey].(int64)
		hint.role, _ = values[SessionRoleKey].(string)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if hint.uid <= 0 {
		delete(h.m, key)
		return
	}
	if h.m == nil || len(h.m) >= maxSessionHints {
		h.m = make(map[string]sessionHint)
	}
	h.m[key] = hint
}

func (h *sessionHints) forget(key string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.m, key)
}

// sessionKey is the stored form of a session token: the hex SHA-256.
func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

const findSessionSQL = `SELECT data FROM sessions WHERE token = $1 AND current_timestamp < expiry`

func (s sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	key := sessionKey(token)
	p, _ := ctx.Value(prefetchKey{}).(SessionPrefetch)
	var hint sessionHint
	ok := false
	if p != nil && s.hints != nil {
		hint, ok = s.hints.get(key)
	}
	var b []byte
	var err error
	if ok {
		batch := &pgx.Batch{}
		batch.Queue(findSessionSQL, key).QueryRow(func(row pgx.Row) error {
			err := row.Scan(&b)
			if errors.Is(err, pgx.ErrNoRows) {
				b = nil
				return nil
			}
			return err
		})
		p.QueueFor(batch, hint.uid, hint.role)
		err = s.pool.SendBatch(ctx, batch).Close()
		if err == nil && b == nil {
			err = pgx.ErrNoRows
		}
	} else {
		err = s.pool.QueryRow(ctx, findSessionSQL, key).Scan(&b)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		if s.hints != nil {
			s.hints.forget(key)
		}
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if p != nil && s.hints != nil {
		s.hints.remember(key, b)
	}
	return b, true, nil
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
	if err == nil && s.hints != nil {
		s.hints.remember(sessionKey(token), b)
	}
	return err
}

func (s sessionStore) DeleteCtx(ctx context.Context, token string) error {
	if s.hints != nil {
		s.hints.forget(sessionKey(token))
	}
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
