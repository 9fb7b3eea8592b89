package web_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"klyngeportalen/internal/database"
	"klyngeportalen/internal/web"
	"klyngeportalen/internal/web/webtest"
)

func TestShutdownLetsASlowRequestFinish(t *testing.T) {
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(700 * time.Millisecond)
		_, _ = w.Write([]byte("ferdig"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background()) // main cancels on SIGTERM/SIGINT
	var drained atomic.Bool
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	done := make(chan error, 1)
	go func() {
		done <- web.Serve(ctx, web.NewHTTPServer(slow, logger), ln, web.Lifecycle{
			Drain: func() { drained.Store(true) }, ShutdownGrace: 10 * time.Second, Logger: logger,
		})
	}()

	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		got <- result{string(b), err}
	}()
	<-started
	stop() // the signal arrives while the request is in flight

	r := <-got
	if r.err != nil || r.body != "ferdig" {
		t.Fatalf("in-flight request: %q, %v; want it to finish", r.body, r.err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after shutdown")
	}
	if !drained.Load() {
		t.Error("readiness was not switched off before shutdown")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Error("new connections are still accepted after shutdown")
	}
}

func TestReadyzFollowsTheDatabase(t *testing.T) {
	ctx := context.Background()
	c, err := database.NewCluster(t.TempDir(), "pg")
	if err != nil {
		t.Fatal(err)
	}
	c.Fast = true
	t.Cleanup(func() { _ = c.Remove(context.Background()) }) // nothing left running, nothing left in /var/tmp
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	pool, err := database.Open(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := database.Migrate(ctx, pool, nil); err != nil {
		t.Fatal(err)
	}
	srv, h := webtest.Portal(t, webtest.Config(t), pool, nil)
	client := webtest.NewClient(t, h)
	if res := client.Get("/readyz"); res.StatusCode != http.StatusOK {
		t.Fatalf("with the database up: %d", res.StatusCode)
	}

	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if res := client.Get("/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("with the database down: %d, want 503", res.StatusCode)
	}
	if res := client.Get("/livez"); res.StatusCode != http.StatusOK {
		t.Fatalf("/livez with the database down: %d, want 200", res.StatusCode)
	}

	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for client.Get("/readyz").StatusCode != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("/readyz did not recover after the database came back")
		}
		time.Sleep(100 * time.Millisecond)
	}

	srv.Drain()
	if res := client.Get("/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("while draining: %d, want 503", res.StatusCode)
	}
}
