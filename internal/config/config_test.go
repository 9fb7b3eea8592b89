package config

import (
	"strings"
	"testing"
)

// The profiler listens on loopback only: another address is refused at start.
func TestProfilerAddressMustBeLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:6060": true, "localhost:6060": true, "[::1]:6060": true,
		"0.0.0.0:6060": false, ":6060": false, "10.0.0.5:6060": false, "portal.example:6060": false, "127.0.0.1": false,
	} {
		_, err := Load(nil, func(k string) string { return map[string]string{"PORTAL_PPROF_ADDR": addr}[k] })
		if refused := err != nil && strings.Contains(err.Error(), "PORTAL_PPROF_ADDR"); refused == ok {
			t.Errorf("PORTAL_PPROF_ADDR=%q: error %v", addr, err)
		}
	}
}

// A production configuration is refused for each unsafe setting on its own, with the reason:
// each case differs from an accepted configuration in that one setting.
func TestProductionRefusesEachUnsafeSetting(t *testing.T) {
	good := map[string]string{
		"PORTAL_ENV": "production", "PORTAL_BASE_URL": "https://portal.example",
		"DATABASE_URL":    "postgres://portal@db.example/portal?sslmode=verify-full",
		"PORTAL_TOTP_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
	}
	load := func(change map[string]string) error {
		_, err := Load(nil, func(k string) string {
			if v, ok := change[k]; ok {
				return v
			}
			return good[k]
		})
		return err
	}
	if err := load(nil); err != nil {
		t.Fatalf("the safe configuration is refused: %v", err)
	}
	for _, ok := range []string{
		"postgres://portal@db.example/portal?sslmode=require",
		"postgres://portal@localhost/portal?sslmode=disable",
		"postgres://portal@127.0.0.1:5432/portal?sslmode=disable",
		"postgres://portal@[::1]/portal?sslmode=disable",
		"host=/var/run/postgresql dbname=portal sslmode=disable",
	} {
		if err := load(map[string]string{"DATABASE_URL": ok}); err != nil {
			t.Errorf("DATABASE_URL=%s refused: %v", ok, err)
		}
	}
	for change, reason := range map[string]string{
		"PORTAL_BASE_URL=http://portal.example": "https in production",
		"PORTAL_TOTP_KEY=":                      "PORTAL_TOTP_KEY is required",
		"PORTAL_TOTP_KEY=c2hvcnQ=":              "32 bytes",
		"DATABASE_URL=":                         "DATABASE_URL is required",
		"DATABASE_URL=postgres://portal@db.example/portal?sslmode=disable": "without TLS",
		"DATABASE_URL=postgres://portal@db.example/portal":                 "without TLS", // prefer: falls back to plain text
		"DATABASE_URL=postgres://portal@db.example/portal?sslmode=allow":   "without TLS",
		"DATABASE_URL=postgres://portal@10.0.0.7/portal?sslmode=prefer":    "without TLS",
	} {
		k, v, _ := strings.Cut(change, "=")
		err := load(map[string]string{k: v})
		if err == nil || !strings.Contains(err.Error(), reason) {
			t.Errorf("%s: error %v, want one saying %q", change, err, reason)
		}
	}
}

// The metrics listen on loopback only, like the profiler.
func TestMetricsAddressMustBeLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:9464": true, "[::1]:9464": true, "0.0.0.0:9464": false, ":9464": false, "192.168.1.5:9464": false,
	} {
		_, err := Load(nil, func(k string) string { return map[string]string{"PORTAL_METRICS_ADDR": addr}[k] })
		if refused := err != nil && strings.Contains(err.Error(), "PORTAL_METRICS_ADDR"); refused == ok {
			t.Errorf("PORTAL_METRICS_ADDR=%q: error %v", addr, err)
		}
	}
}
