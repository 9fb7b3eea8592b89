package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
)

// TestBackupRestoresIntoANewDatabaseThatServes follows README.md: portal backup, then
// pg_restore into a new, empty database, then the portal serves it with the data it had.
func TestBackupRestoresIntoANewDatabaseThatServes(t *testing.T) {
	ctx := context.Background()
	source := dbtest.EmptyDatabase(t)
	vars := env(map[string]string{"DATABASE_URL": source})
	if err := run(ctx, []string{"seed", "--demo"}, vars, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	marker := "Sikkerhetskopi " + time.Now().Format(time.RFC3339Nano)
	execOn(t, source, `UPDATE companies SET description = $1 WHERE slug = 'las'`, marker)

	file := filepath.Join(t.TempDir(), "portal.dump")
	var out bytes.Buffer
	if err := run(ctx, []string{"backup", "-o", file}, vars, strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !strings.Contains(out.String(), "backup written to "+file) {
		t.Fatalf("backup said %q", out.String())
	}
	head := make([]byte, 5)
	if f, err := os.Open(file); err != nil {
		t.Fatal(err)
	} else {
		_, _ = io.ReadFull(f, head)
		f.Close()
	}
	if string(head) != "PGDMP" {
		t.Fatalf("the backup is not in pg_dump's custom format: starts %q", head)
	}
	if _, err := os.Stat(file + ".partial"); !os.IsNotExist(err) {
		t.Fatal("the partial file was left behind")
	}

	// The documented restore.
	target := dbtest.EmptyDatabase(t)
	pgRestore, err := postgresTool("pg_restore")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if msg, err := exec.Command(pgRestore, "--no-owner", "--no-privileges", "--exit-on-error", "--dbname="+target, file).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, msg)
	}
	t.Logf("restored in %v", time.Since(start).Round(time.Millisecond))

	addr := freeAddr(t)
	serveCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(serveCtx, []string{"serve", "-addr", addr}, env(map[string]string{"DATABASE_URL": target}), strings.NewReader(""), io.Discard, &stderr)
	}()
	defer func() {
		stop()
		select {
		case <-done:
		case <-time.After(40 * time.Second):
		}
	}()
	base := "http://" + addr
	waitReady(t, base, done, &stderr)

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if res, err := c.Get(base + "/logg-inn"); err == nil {
		res.Body.Close()
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/logg-inn", strings.NewReader(url.Values{
		"email": {"ansatt@hrs.example"}, "password": {"klynge-demo-2026"}, "next": {"/medlemmer/las"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/medlemmer/las" || !strings.Contains(string(body), marker) {
		t.Fatalf("the restored portal: status %d at %s, marker shown %v", res.StatusCode, res.Request.URL.Path, strings.Contains(string(body), marker))
	}
}

func execOn(t *testing.T, dbURL, sql string, args ...any) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

// waitReady waits until /readyz answers 200, failing if serve stops first.
func waitReady(t *testing.T, base string, done <-chan error, stderr *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
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
}
