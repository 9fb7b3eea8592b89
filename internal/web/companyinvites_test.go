package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

func postCSV(t *testing.T, c *webtest.Client, path, csv string) *webtest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "personer.csv")
	fw.Write([]byte(csv))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, webtest.Origin+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", webtest.Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// A CSV with formulas, duplicates, another company's domain and bad addresses gives a preview
// line by line and sends nothing until confirmed; then only the new ones are invited.
func TestBulkInvitationPreviewsThenSends(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	c := newClient(t).Login("admin@senja-avfall.example")
	path := "/medlemmer/senja-avfall/brukere/importer"
	csv := "Navn;E-post;Stilling\n" +
		"Ny Person;ny.person@senja-avfall.example;Rådgiver\n" +
		"=HYPERLINK(\"http://x\");formel@senja-avfall.example;\n" +
		"Ny Person Igjen;NY.PERSON@senja-avfall.example;\n" +
		"Finnes Fra Før;ansatt@senja-avfall.example;\n" +
		"Feil Adresse;ikke-en-adresse;\n" +
		"Fra Haf;noen@haf.example;\n" +
		"Andre Ny;andre.ny@senja-avfall.example;Driftsleder\n"
	before := outboxCount(t, pool)
	res := postCSV(t, c, path, csv)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d\n%s", res.StatusCode, res.Body)
	}
	for _, want := range []string{"2 av 7 vil få en invitasjon", "Ny: inviteres", "som en formel", "Står allerede på linje 2",
		"Finnes allerede", "Ugyldig e-postadresse", "hører til et annet medlemsselskap", "Send 2 invitasjoner"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if outboxCount(t, pool) != before {
		t.Fatal("the preview sent mail")
	}
	var n int
	_ = pool.QueryRow(ctx, `SELECT count(*) FROM users WHERE email IN ('ny.person@senja-avfall.example', 'andre.ny@senja-avfall.example')`).Scan(&n)
	if n != 0 {
		t.Fatal("the preview created accounts")
	}

	res = c.PostForm(path+"/send", url.Values{"list": {csv}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d\n%s", res.StatusCode, res.Body)
	}
	if got := outboxCount(t, pool) - before; got != 2 {
		t.Fatalf("%d invitations sent, want 2", got)
	}
	_ = pool.QueryRow(ctx, `SELECT count(*) FROM users u JOIN companies c ON c.id = u.company_id
		WHERE c.slug = 'senja-avfall' AND u.role = 'member' AND u.email IN ('ny.person@senja-avfall.example', 'andre.ny@senja-avfall.example')`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d accounts created, want 2", n)
	}
	// Sending the same list again invites nobody twice.
	c.PostForm(path+"/send", url.Values{"list": {csv}})
	if got := outboxCount(t, pool) - before; got != 2 {
		t.Fatalf("a second send mailed again: %d", got)
	}
	if got := newClient(t).Login("admin@haf.example").PostForm(path+"/send", url.Values{"list": {csv}}).StatusCode; got != http.StatusForbidden {
		t.Fatalf("another company's admin: %d", got)
	}
}

func outboxCount(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM mail_outbox`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// People who have not signed in for six months are listed and deactivated in one step.
func TestDormantPeopleAreDeactivatedInOneStep(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	if _, err := pool.Exec(ctx, `UPDATE users SET last_login_at = now() - interval '200 days' WHERE email IN ('ansatt@reno-vest.example', 'direktor@reno-vest.example')`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = pool.Exec(ctx, `UPDATE users SET active = true, last_login_at = now() WHERE email IN ('ansatt@reno-vest.example', 'direktor@reno-vest.example')`)
	})
	c := newClient(t).Login("admin@reno-vest.example")
	page := c.Get("/medlemmer/reno-vest/brukere/inaktive").Body
	if !strings.Contains(page, "ansatt@reno-vest.example") || !strings.Contains(page, "direktor@reno-vest.example") || strings.Contains(page, "admin@reno-vest.example") {
		t.Fatalf("dormant list wrong:\n%s", page)
	}
	var ansatt, direktor, other string
	_ = pool.QueryRow(ctx, `SELECT (SELECT id::text FROM users WHERE email = 'ansatt@reno-vest.example'), (SELECT id::text FROM users WHERE email = 'direktor@reno-vest.example'),
		(SELECT id::text FROM users WHERE email = 'ansatt@haf.example')`).Scan(&ansatt, &direktor, &other)
	res := c.PostForm("/medlemmer/reno-vest/brukere/inaktive", url.Values{"user": {ansatt, direktor, other}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	var active int
	_ = pool.QueryRow(ctx, `SELECT count(*) FROM users WHERE active AND email IN ('ansatt@reno-vest.example', 'direktor@reno-vest.example')`).Scan(&active)
	if active != 0 {
		t.Fatal("dormant people still active")
	}
	var haf bool
	_ = pool.QueryRow(ctx, `SELECT active FROM users WHERE email = 'ansatt@haf.example'`).Scan(&haf)
	if !haf {
		t.Fatal("another company's person was deactivated through this company")
	}
}
