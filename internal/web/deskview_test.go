package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// The desk is kept rendered per viewer (desk.go): a view with nothing changed is one round trip
// and does not show a change made behind the triggers' back; each kind of change desk_version
// counts (migration 00470) is on the next view; one viewer's desk is never another's.
func TestDeskKeptPerViewerUntilAChange(t *testing.T) {
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	leader := webtest.NewClient(t, h).Login("klyngeleder@remiks.example")
	companyAdmin := webtest.NewClient(t, h).Login("admin@las.example")
	_, uid := freshUser(t, "las", "member")
	execSQL(t, `UPDATE users SET name = 'Sovende Testperson', created_at = now() - interval '4000 days', last_login_at = now() - interval '3000 days' WHERE id = $1`, uid)
	// A mail that failed (shown to the cluster's admins only), and one waiting (not yet shown).
	execSQL(t, `INSERT INTO mail_outbox (to_address, subject, body, attempts, last_error, next_attempt_at)
		VALUES ('feilet.skrivebord@las.example', 'Feilet skrivebordspost', 'x', 3, 'connection refused', now() + interval '1 hour')`)
	execSQL(t, `INSERT INTO mail_outbox (to_address, subject, body, next_attempt_at) VALUES ('noen@las.example', 'Holdt e-post', 'x', now())`)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM mail_outbox WHERE subject IN ('Holdt e-post', 'Feilet skrivebordspost')`)
	})
	view := func(c *webtest.Client) *webtest.Response {
		t.Helper()
		res := c.Get("/skrivebord")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("desk: status %d", res.StatusCode)
		}
		return res
	}
	for round := range 2 { // the first views keep the desks, the second are the kept ones
		for _, c := range []*webtest.Client{leader, companyAdmin} {
			res := view(c)
			if round == 1 && res.Queries != 1 {
				t.Errorf("a kept view made %d round trips, want 1", res.Queries)
			}
			if strings.Contains(res.Body, "feilet.skrivebord@las.example") != (c == leader) {
				t.Error("failed mail shows on the wrong desk")
			}
		}
	}
	if !strings.Contains(view(leader).Body, "Sovende Testperson") {
		t.Fatal("the dormant person is not on the desk")
	}

	// Kept: a change with the triggers off does not show until a version changes.
	execSQL(t, `DO $$ BEGIN SET LOCAL session_replication_role = replica;
		UPDATE users SET name = 'Endret Bak Ryggen' WHERE id = `+idStr(uid)+`; END $$`)
	if strings.Contains(view(leader).Body, "Endret Bak Ryggen") {
		t.Fatal("the desk is not kept: a change no version counts shows at once")
	}
	changes := []struct{ name, sql, want string }{
		{"a failed mail", `UPDATE mail_outbox SET attempts = 1, last_error = 'connection refused' WHERE subject = 'Holdt e-post'`, "Holdt e-post"},
		{"the name of a dormant person", `UPDATE users SET name = 'Sovende Navneskifte' WHERE id = ` + idStr(uid), "Sovende Navneskifte"},
		{"a sign-in", `UPDATE users SET last_login_at = now() WHERE id = ` + idStr(uid), "!Sovende Navneskifte"},
		{"a post hidden", `UPDATE forum_posts SET hidden_at = now(), hidden_reason = 'Skjult for skrivebordstest'
			WHERE id = (SELECT min(id) FROM forum_posts WHERE hidden_at IS NULL AND seq > 1)`, "Skjult for skrivebordstest"},
	}
	t.Cleanup(func() {
		execSQL(t, `UPDATE forum_posts SET hidden_at = NULL, hidden_reason = '' WHERE hidden_reason = 'Skjult for skrivebordstest'`)
	})
	for _, c := range changes {
		execSQL(t, c.sql)
		body := view(leader).Body
		if want, absent := strings.CutPrefix(c.want, "!"); absent == strings.Contains(body, want) {
			t.Errorf("%s does not show on the next view of the desk", c.name)
		}
	}
	if strings.Contains(view(companyAdmin).Body, "Holdt e-post") {
		t.Error("the cluster's failed mail shows on a company admin's desk")
	}
}
