package auth_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func TestCleanRemovesOnlyExpiredSessionsAndStops(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	// Unique tokens, so that the test may run again in the same database (-count=2).
	suffix := strconv.FormatInt(time.Now().UnixNano(), 36)
	expired, live := "expired-session-"+suffix, "live-session-token-"+suffix
	_, err := pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES
		($1, '\x00', now() - interval '1 minute'), ($2, '\x00', now() + interval '1 hour')`, expired, live)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		auth.Clean(runCtx, pool, 20*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(done)
	}()

	deadline := time.Now().Add(5 * time.Second)
	for {
		var expiredLeft, liveLeft bool
		err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM sessions WHERE token = $1),
			EXISTS (SELECT 1 FROM sessions WHERE token = $2)`, expired, live).Scan(&expiredLeft, &liveLeft)
		if err != nil {
			t.Fatal(err)
		}
		if !liveLeft {
			t.Fatal("cleanup removed a live session")
		}
		if !expiredLeft {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the expired session is still there")
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("cleanup did not stop with its context")
	}
}

func TestSessionCookieIsHostPrefixedAndSecureOverTLS(t *testing.T) {
	sm := auth.NewSessions(dbtest.Pool(t), true, 2*time.Hour)
	if sm.Cookie.Name != "__Host-klynge_session" || !sm.Cookie.Secure || !sm.Cookie.HttpOnly || sm.Cookie.Path != "/" {
		t.Fatalf("cookie %+v", sm.Cookie)
	}
	if plain := auth.NewSessions(dbtest.Pool(t), false, 2*time.Hour); plain.Cookie.Secure || plain.Cookie.Name == "__Host-klynge_session" {
		t.Fatalf("plain-http cookie %+v", plain.Cookie)
	}
}
