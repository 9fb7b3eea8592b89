package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
)

// The metrics are served on their own loopback address, never on the public one, and count
// requests by route pattern, refused sign-ins, the pool and the outbox.
func TestServeExposesMetricsOnItsOwnAddress(t *testing.T) {
	dbURL := dbtest.EmptyDatabase(t)
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	ctx, stop := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", addr},
			env(map[string]string{"DATABASE_URL": dbURL, "PORTAL_METRICS_ADDR": metricsAddr}), strings.NewReader(""), &bytes.Buffer{}, &stderr)
	}()
	defer func() {
		stop()
		select {
		case <-done:
		case <-time.After(40 * time.Second):
			t.Error("serve did not stop")
		}
	}()
	waitReady(t, "http://"+addr, done, &stderr)

	get := func(u string) (int, string) {
		t.Helper()
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := get("http://" + addr + "/metrics"); code != http.StatusNotFound {
		t.Errorf("/metrics on the public address: %d, want 404", code)
	}
	get("http://" + addr + "/personer/42") // a path with an id: counted under its pattern
	res, err := http.PostForm("http://"+addr+"/logg-inn", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password here"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong password: %d, want 422", res.StatusCode)
	}

	code, body := get("http://" + metricsAddr + "/metrics")
	if code != http.StatusOK {
		t.Fatalf("metrics: %d", code)
	}
	for _, want := range []string{
		`portal_http_requests_total{method="GET",route="/readyz",status="200"}`,
		`route="/personer/{id}"`,
		`portal_http_request_duration_seconds_bucket{method="POST",route="/logg-inn"`,
		"portal_logins_refused_total 1",
		"portal_logins_throttled_total 0",
		`portal_db_pool_connections{state="idle"}`,
		"portal_mail_outbox_unsent 0",
		"portal_mail_outbox_scrape_ok 1",
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, "/personer/42") {
		t.Error("a concrete path became a label: ids must not make series")
	}
}
