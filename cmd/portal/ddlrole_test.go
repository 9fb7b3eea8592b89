package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
)

// README "I produksjon": `portal migrate up` runs with the role that owns the schema, and
// `serve` with PORTAL_MIGRATE=off runs as a role that may only read and write rows. Before the
// migrations, such a serve refuses to start and says what to run.
func TestServeRunsAsARoleWithoutDDLRights(t *testing.T) {
	ctx := context.Background()
	owner := newPortalDatabase(t) // migrated and seeded by the owner
	role := "portal_app_" + strings.ToLower(rand.Text()[:8])
	for _, sql := range []string{
		`CREATE ROLE ` + role + ` LOGIN`,
		`GRANT USAGE ON SCHEMA public TO ` + role,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + role,
		`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ` + role,
	} {
		execOn(t, owner, sql)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), owner)
		if err == nil {
			_, _ = conn.Exec(context.Background(), `DROP OWNED BY `+role)
			conn.Close(context.Background())
		}
	})
	u, _ := url.Parse(owner)
	u.User = url.User(role)
	app := u.String()
	if conn, err := pgx.Connect(ctx, app); err != nil {
		t.Fatal(err)
	} else {
		_, err := conn.Exec(ctx, `CREATE TABLE ddl_probe (id int)`)
		conn.Close(ctx)
		if err == nil {
			t.Fatal("the application role may change the schema: the test proves nothing")
		}
	}

	// A database behind the binary: serve refuses and says what to run.
	behind := dbtest.EmptyDatabase(t)
	err := run(ctx, []string{"serve", "-addr", freeAddr(t)}, env(map[string]string{"DATABASE_URL": behind, "PORTAL_MIGRATE": "off"}), strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "portal migrate up") {
		t.Fatalf("serve on a database that needs migrations: %v", err)
	}

	addr := freeAddr(t)
	serveCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(serveCtx, []string{"serve", "-addr", addr}, env(map[string]string{"DATABASE_URL": app, "PORTAL_MIGRATE": "off"}), strings.NewReader(""), io.Discard, &stderr)
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
	req, _ := http.NewRequest(http.MethodPost, base+"/logg-inn", strings.NewReader(url.Values{
		"email": {"ansatt@hrs.example"}, "password": {"klynge-demo-2026"}, "next": {"/meg"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/meg" {
		t.Fatalf("login on the serve without DDL rights: %d at %s\n%s", res.StatusCode, res.Request.URL.Path, stderr.String())
	}
}
