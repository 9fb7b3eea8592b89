package auth_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func TestCleanRemovesOnlyExpiredSessionsAndStops(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	_, err := pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES
		('expired-token-aaaaaaaaaaaaaaaa', '\x00', now() - interval '1 minute'),
		('live-token-bbbbbbbbbbbbbbbbbbbb', '\x00', now() + interval '1 hour')`)
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
		var tokens []string
		rows, _ := pool.Query(ctx, "SELECT token FROM sessions ORDER BY token")
		for rows.Next() {
			var tok string
			_ = rows.Scan(&tok)
			tokens = append(tokens, tok)
		}
		rows.Close()
		if len(tokens) == 1 && tokens[0] == "live-token-bbbbbbbbbbbbbbbbbbbb" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sessions left: %v", tokens)
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
	sm := auth.NewSessions(dbtest.Pool(t), true)
	if sm.Cookie.Name != "__Host-klynge_session" || !sm.Cookie.Secure || !sm.Cookie.HttpOnly || sm.Cookie.Path != "/" {
		t.Fatalf("cookie %+v", sm.Cookie)
	}
	if plain := auth.NewSessions(dbtest.Pool(t), false); plain.Cookie.Secure || plain.Cookie.Name == "__Host-klynge_session" {
		t.Fatalf("plain-http cookie %+v", plain.Cookie)
	}
}
