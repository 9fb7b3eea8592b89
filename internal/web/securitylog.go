package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
)

// Outcomes of a security event.
const (
	outcomeOK        = "ok"
	outcomeFailed    = "failed"
	outcomeThrottled = "throttled"
)

// securityEvent writes one line of the security event log: what happened (event), to whom
// (user_id, 0 when unknown; email when only that is known), from where (ip) and how it ended
// (outcome). The lines are the request log's JSON with msg "security".
func (s *Server) securityEvent(r *http.Request, event string, userID int64, outcome string, attrs ...slog.Attr) {
	ctx := r.Context()
	level := slog.LevelInfo
	if outcome != outcomeOK {
		level = slog.LevelWarn
	}
	base := []slog.Attr{
		slog.String("event", event),
		slog.Int64("user_id", userID),
		slog.String("ip", ClientIP(ctx).String()),
		slog.String("outcome", outcome),
		slog.String("request_id", RequestID(ctx)),
	}
	s.log.LogAttrs(ctx, level, "security", append(base, attrs...)...)
}

// requestUser carries the signed-in user's id from loadUser back out to the request log line.
type requestUser struct{ id atomic.Int64 }

func withRequestUser(ctx context.Context) (context.Context, *requestUser) {
	ru := &requestUser{}
	return context.WithValue(ctx, requestUserKey, ru), ru
}

// noteRequestUser records the signed-in user of the request for its log line.
func noteRequestUser(ctx context.Context, id int64) {
	if ru, ok := ctx.Value(requestUserKey).(*requestUser); ok {
		ru.id.Store(id)
	}
}
