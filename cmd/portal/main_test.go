package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestServeMigratesServesAndStopsOnSignal(t *testing.T) {
	url := dbtest.EmptyDatabase(t) // nothing migrated: serve must do it
	addr := freeAddr(t)
	ctx, signal := context.WithCancel(context.Background()) // main cancels it on SIGTERM/SIGINT
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", addr}, env(map[string]string{"DATABASE_URL": url}), strings.NewReader(""), &bytes.Buffer{}, &stderr)
	}()

	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil && res.StatusCode == http.StatusOK {
			res.Body.Close()
			break
		}
		if err == nil {
			res.Body.Close()
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped early: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready in time:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	res, err := http.Get("http://" + addr + "/")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("start page: %v %v", res, err)
	}
	res.Body.Close()

	signal()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after the signal", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("serve did not stop after the signal")
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Errorf("no clean stop in the log:\n%s", stderr.String())
	}
}

func TestMigrateSubcommands(t *testing.T) {
	url := dbtest.EmptyDatabase(t)
	vars := env(map[string]string{"DATABASE_URL": url})
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "status"}, vars, strings.NewReader(""), &out, &bytes.Buffer{}); err != nil || !strings.Contains(out.String(), "pending") {
		t.Fatalf("status before up: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "up"}, vars, strings.NewReader(""), &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "status"}, vars, strings.NewReader(""), &out, &bytes.Buffer{}); err != nil || strings.Contains(out.String(), "pending") {
		t.Fatalf("status after up: %v\n%s", err, out.String())
	}
	if err := run(context.Background(), []string{"migrate", "sideways"}, vars, strings.NewReader(""), &out, &bytes.Buffer{}); err == nil {
		t.Fatal("an unknown migrate command was accepted")
	}
}

// Production refuses each unsafe setting for its own reason: the database of each case is one
// that works, so a refusal cannot come from a failed connection.
func TestProductionRefusesUnsafeConfiguration(t *testing.T) {
	db := dbtest.EmptyDatabase(t)
	for name, c := range map[string]struct {
		vars   map[string]string
		reason string
	}{
		"no database":          {map[string]string{"PORTAL_ENV": "production", "PORTAL_BASE_URL": "https://portal.example", "PORTAL_TOTP_KEY": testTOTPKey}, "DATABASE_URL is required"},
		"plain http":           {map[string]string{"PORTAL_ENV": "production", "PORTAL_BASE_URL": "http://portal.example", "DATABASE_URL": db, "PORTAL_TOTP_KEY": testTOTPKey}, "https in production"},
		"bad env":              {map[string]string{"PORTAL_ENV": "staging", "DATABASE_URL": db}, "staging"},
		"no TOTP key":          {map[string]string{"PORTAL_ENV": "production", "PORTAL_BASE_URL": "https://portal.example", "DATABASE_URL": db}, "PORTAL_TOTP_KEY is required"},
		"short TOTP key":       {map[string]string{"PORTAL_ENV": "production", "PORTAL_BASE_URL": "https://portal.example", "DATABASE_URL": db, "PORTAL_TOTP_KEY": "c2hvcnQ="}, "32 bytes"},
		"database without TLS": {map[string]string{"PORTAL_ENV": "production", "PORTAL_BASE_URL": "https://portal.example", "DATABASE_URL": "postgres://portal@db.example/portal?sslmode=disable", "PORTAL_TOTP_KEY": testTOTPKey}, "without TLS"},
	} {
		err := run(context.Background(), []string{"serve", "-addr", "127.0.0.1:0"}, env(c.vars), strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), c.reason) {
			t.Errorf("%s: %v, want a refusal saying %q", name, err, c.reason)
		}
	}
}

// testTOTPKey is a production-style PORTAL_TOTP_KEY (32 bytes, base64).
const testTOTPKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

func TestSeedAndAddUser(t *testing.T) {
	url := dbtest.EmptyDatabase(t)
	ctx := context.Background()
	dev := env(map[string]string{"DATABASE_URL": url})
	prod := env(map[string]string{"DATABASE_URL": url, "PORTAL_ENV": "production", "PORTAL_BASE_URL": "https://portal.example", "PORTAL_TOTP_KEY": testTOTPKey})
	none := strings.NewReader("")

	if err := run(ctx, []string{"seed", "--demo"}, prod, none, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Fatal("seed --demo ran in production")
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--companies"}, prod, none, &out, &bytes.Buffer{}); err != nil || !strings.Contains(out.String(), "11 companies and 0 accounts") {
		t.Fatalf("seed --companies: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"seed", "--demo"}, dev, none, &out, &bytes.Buffer{}); err != nil || !strings.Contains(out.String(), "nothing seeded") {
		t.Fatalf("a second seed must do nothing: %v\n%s", err, out.String())
	}

	args := []string{"adduser", "-company", "remiks", "-email", "leder@remiks.no", "-name", "Klyngeleder"}
	if err := run(ctx, args, prod, strings.NewReader("kort\n"), &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Fatal("adduser accepted a short password")
	}
	out.Reset()
	if err := run(ctx, args, prod, strings.NewReader("en lang og god passordsetning\n"), &out, &bytes.Buffer{}); err != nil || !strings.Contains(out.String(), "cluster_admin") {
		t.Fatalf("adduser: %v\n%s", err, out.String())
	}
	if err := run(ctx, append(args[:0:0], "adduser", "-company", "finnes-ikke", "-email", "x@y.no", "-name", "X"), prod, strings.NewReader("en lang og god passordsetning\n"), &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Fatal("adduser accepted an unknown company")
	}
}

func TestHelpListsTheCommandsAndSucceeds(t *testing.T) {
	for _, arg := range []string{"help", "-h", "--help"} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{arg}, env(nil), strings.NewReader(""), &out, &bytes.Buffer{}); err != nil {
			t.Errorf("portal %s: %v, want success (exit 0)", arg, err)
		}
		for _, cmd := range []string{"serve", "migrate up|down|status", "seed --demo", "adduser", "db start|stop|url", "db stop-test", "backup", "help"} {
			if !strings.Contains(out.String(), "  "+cmd) {
				t.Errorf("portal %s does not list %q:\n%s", arg, cmd, out.String())
			}
		}
	}
	if err := run(context.Background(), []string{"hjelp"}, env(nil), strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "portal help") {
		t.Errorf("an unknown command: %v, want the usage pointing to portal help", err)
	}
}
