package main

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/privacy"
	"klyngeportalen/internal/web/webtest"
)

var linkInMail = regexp.MustCompile(`/(tilbakestill|invitasjon)/([A-Za-z0-9_-]{20,})`)

// A backup restored elsewhere holds no working session, reset or invitation token: sessions
// are stored under a hash of their token, links under a hash, and the mails that carried the
// links keep no body once sent.
func TestARestoredBackupHoldsNoWorkingToken(t *testing.T) {
	ctx := context.Background()
	source := newPortalDatabase(t)
	pool, err := pgxpool.New(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	cfg := webtest.Config(t)
	_, h := webtest.Portal(t, cfg, pool, nil)

	// A session, a reset link and an invitation link, all working in the source.
	member := webtest.NewClient(t, h).Login("ansatt@hrs.example")
	if res := member.Get("/meg"); res.StatusCode != http.StatusOK {
		t.Fatalf("the session in the source: %d", res.StatusCode)
	}
	if res := webtest.NewClient(t, h).PostForm("/glemt-passord", url.Values{"email": {"ansatt@las.example"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("reset request: %d", res.StatusCode)
	}
	var leader auth.User
	if err := pool.QueryRow(ctx, `SELECT id, company_id FROM users WHERE email = $1`, auth.DemoClusterAdmin).Scan(&leader.ID, &leader.CompanyID); err != nil {
		t.Fatal(err)
	}
	leader.Role = auth.RoleClusterAdmin
	if _, err := members.NewStore(pool).Invite(ctx, &leader, members.InviteInput{CompanyID: leader.CompanyID, Email: "ny@remiks.example", Name: "Ny Person", Role: auth.RoleMember}, webtest.Origin); err != nil {
		t.Fatal(err)
	}
	links := linksIn(t, pool)
	if len(links) != 2 {
		t.Fatalf("%d links in the outbox, want the reset and the invitation", len(links))
	}
	for _, l := range links {
		if res := webtest.NewClient(t, h).Get(l); res.StatusCode != http.StatusOK {
			t.Fatalf("%s in the source: %d", l, res.StatusCode)
		}
	}
	// The mails are sent (the sender keeps no body; the retention rule is the safety net).
	if _, err := pool.Exec(ctx, `UPDATE mail_outbox SET sent_at = now()`); err != nil {
		t.Fatal(err)
	}
	if _, err := privacy.Retain(ctx, pool); err != nil {
		t.Fatal(err)
	}

	// Back up, restore into a new database, and serve the copy.
	file := filepath.Join(t.TempDir(), "portal.dump")
	if err := run(ctx, []string{"backup", "-o", file}, env(map[string]string{"DATABASE_URL": source}), strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatalf("backup: %v", err)
	}
	target := dbtest.EmptyDatabase(t)
	pgRestore, err := postgresTool("pg_restore")
	if err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(pgRestore, "--no-owner", "--no-privileges", "--exit-on-error", "--dbname="+target, file).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, msg)
	}
	copyPool, err := pgxpool.New(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer copyPool.Close()
	_, copyHandler := webtest.Portal(t, cfg, copyPool, nil)

	// Every session row's stored value, used as a cookie, logs nobody in.
	stored := column(t, copyPool, `SELECT token FROM sessions`)
	if len(stored) == 0 {
		t.Fatal("no sessions in the copy")
	}
	for _, token := range stored {
		req, _ := http.NewRequest(http.MethodGet, webtest.Origin+"/meg", nil)
		req.AddCookie(&http.Cookie{Name: "klynge_session", Value: token})
		if res := webtest.NewClient(t, copyHandler).Do(req); res.StatusCode == http.StatusOK {
			t.Fatalf("the stored session value %q logs in on the restored copy", token)
		}
	}
	// No mail in the copy carries a link; no stored token hash works as a link.
	if l := linksIn(t, copyPool); len(l) != 0 {
		t.Fatalf("the restored outbox holds links: %v", l)
	}
	for _, hash := range column(t, copyPool, `SELECT encode(hash, 'base64') FROM user_tokens`) {
		raw, _ := base64.StdEncoding.DecodeString(hash)
		as := base64.RawURLEncoding.EncodeToString(raw)
		for _, prefix := range []string{"/tilbakestill/", "/invitasjon/"} {
			if res := webtest.NewClient(t, copyHandler).Get(prefix + as); res.StatusCode != http.StatusNotFound {
				t.Fatalf("a stored token hash works as %s: %d", prefix, res.StatusCode)
			}
		}
	}
}

// newPortalDatabase returns a new database with the demo data.
func newPortalDatabase(t *testing.T) string {
	t.Helper()
	source := dbtest.EmptyDatabase(t)
	if err := run(context.Background(), []string{"seed", "--demo"}, env(map[string]string{"DATABASE_URL": source}), strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	return source
}

func linksIn(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	var links []string
	for _, body := range column(t, pool, `SELECT body FROM mail_outbox`) {
		links = append(links, linkInMail.FindAllString(body, -1)...)
	}
	return links
}

func column(t *testing.T, pool *pgxpool.Pool, sql string) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}
