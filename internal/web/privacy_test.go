package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"klyngeportalen/internal/privacy"
	"klyngeportalen/internal/web/webtest"
)

// Every foreign key to users is either in the export or listed as excluded with its reason; the
// export of a person holds each of them, and no secret.
func TestExportCoversEveryReferenceToAPerson(t *testing.T) {
	refs, err := privacy.References(context.Background(), poolOf(t))
	if err != nil {
		t.Fatal(err)
	}
	exported := privacy.Exported()
	for _, ref := range refs {
		reason, excluded := privacy.Excluded[ref]
		if !slices.Contains(exported, ref) && (!excluded || reason == "") {
			t.Errorf("%s refers to a person but is neither exported nor excluded with a reason (internal/privacy/export.go)", ref)
		}
	}
	for _, e := range exported {
		if !slices.Contains(refs, e) {
			t.Errorf("the export lists %s, which is no reference to users", e)
		}
	}
	if len(refs) < 30 {
		t.Fatalf("only %d references found: the schema walk is broken", len(refs))
	}

	email, id := freshUser(t, "hrs", "member")
	execSQL(t, `INSERT INTO registrations (event_id, user_id, company_id, status, answer)
		SELECT e.id, u.id, u.company_id, 'confirmed', 'Nøtteallergi' FROM events e, users u WHERE u.id = $1 ORDER BY e.id LIMIT 1`, id)
	c := newClient(t).Login(email)
	res := c.Get("/meg/data.json")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("data.json: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal([]byte(res.Body), &data); err != nil {
		t.Fatal(err)
	}
	for _, e := range append(exported, "users", "mail_outbox.to_address") {
		if _, ok := data[e]; !ok {
			t.Errorf("the export lacks %s", e)
		}
	}
	if !strings.Contains(string(data["registrations.user_id"]), "Nøtteallergi") || !strings.Contains(string(data["sessions.user_id"]), "127.0.0.0/24") {
		t.Errorf("the export lacks the registration's answer or the session:\n%s\n%s", data["registrations.user_id"], data["sessions.user_id"])
	}
	for _, secret := range []string{"password_hash", `"token"`, `"hash"`, "secret_enc", `"data"`} {
		if strings.Contains(res.Body, secret) {
			t.Errorf("the export holds %s", secret)
		}
	}
}

// A cluster admin anonymises a deactivated person: the person's fields, links, sessions, mails
// and answers are gone, they cannot log in, and what they wrote stays under "Tidligere medlem".
func TestClusterAdminAnonymisesADeactivatedPerson(t *testing.T) {
	email, id := freshUser(t, "hrs", "member")
	person := newClient(t).Login(email)
	execSQL(t, `INSERT INTO registrations (event_id, user_id, company_id, status, answer)
		SELECT e.id, u.id, u.company_id, 'confirmed', 'Glutenfri' FROM events e, users u WHERE u.id = $1 ORDER BY e.id LIMIT 1`, id)
	execSQL(t, `UPDATE users SET mobile = '999 99 999', department = 'Drift', about = 'Om meg', expertise = '{hms}' WHERE id = $1`, id)
	newClient(t).PostForm("/glemt-passord", url.Values{"email": {email}})
	base := "/medlemmer/hrs/brukere/" + strconv.FormatInt(id, 10)
	leader := newClient(t).Login("klyngeleder@remiks.example")
	companyAdmin := newClient(t).Login("admin@hrs.example")
	if res := leader.PostForm(base+"/anonymiser", url.Values{"bekreft": {"ja"}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("anonymising an active person: %d, want 409", res.StatusCode)
	}
	if res := companyAdmin.PostForm(base+"/deaktiver", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	if res := companyAdmin.PostForm(base+"/anonymiser", url.Values{"bekreft": {"ja"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a company admin anonymises: %d, want 403", res.StatusCode)
	}
	page := leader.Get("/medlemmer/hrs/brukere")
	if !strings.Contains(page.Body, base+"/anonymiser") {
		t.Fatal("no anonymise button for the deactivated person")
	}
	if res := leader.PostForm(base+"/anonymiser", url.Values{"bekreft": {"ja"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymise: %d", res.StatusCode)
	}
	checks := map[string]string{
		`SELECT count(*) FROM users WHERE id = $1 AND name = 'Tidligere medlem' AND password_hash IS NULL AND NOT active AND email LIKE 'anonymisert-%'`:    "1",
		`SELECT count(*) FROM users WHERE id = $1 AND (title <> '' OR phone <> '' OR mobile <> '' OR department <> '' OR about <> '' OR expertise <> '{}')`: "0",
		`SELECT count(*) FROM sessions WHERE user_id = $1`:                                                 "0",
		`SELECT count(*) FROM user_tokens WHERE user_id = $1`:                                              "0",
		`SELECT count(*) FROM registrations WHERE user_id = $1 AND answer <> ''`:                           "0",
		`SELECT count(*) FROM audit_log WHERE target_type = 'user' AND target_id = $1 AND details <> '{}'`: "0",
	}
	for sql, want := range checks {
		if got := strconv.FormatInt(queryInt(t, sql, id), 10); got != want {
			t.Errorf("%s: %s, want %s", sql, got, want)
		}
	}
	if n := mails(t, email); n != 0 {
		t.Errorf("%d mails to the old address are kept", n)
	}
	assertSignedOut(t, "the anonymised person's session", person.Get("/meg"))
	if res := postLogin(newClient(t), email, webtest.DemoPassword, ""); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("the anonymised person logs in: %d", res.StatusCode)
	}
}

// The retention rules remove what the privacy statement says they remove, and nothing newer.
func TestRetentionRules(t *testing.T) {
	email, id := freshUser(t, "hrs", "member")
	execSQL(t, `INSERT INTO mail_outbox (to_address, subject, body, created_at, sent_at) VALUES
		($1, 'gammel sendt', 'lenke', now() - interval '31 days', now() - interval '31 days'),
		($1, 'sendt i dag', 'lenke', now(), now()),
		($1, 'usendt i to døgn', 'lenke', now() - interval '2 days', NULL),
		($1, 'usendt i dag', 'lenke', now(), NULL)`, email)
	execSQL(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, question)
		VALUES ('Gammelt seminar ' || $1, 'seminar', now() - interval '40 days', now() - interval '39 days', 'published', 'Allergier?'),
		       ('Nytt seminar ' || $1, 'seminar', now() - interval '3 days', now() - interval '2 days', 'published', 'Allergier?')`, email)
	execSQL(t, `INSERT INTO registrations (event_id, user_id, company_id, status, answer)
		SELECT e.id, u.id, u.company_id, 'confirmed', 'Laktose' FROM events e, users u WHERE u.id = $1 AND e.title LIKE '%' || u.email`, id)
	execSQL(t, `INSERT INTO event_questions (event_id, position, kind, label)
		SELECT e.id, 1, 'short', 'Allergier' FROM events e WHERE e.title LIKE '% ' || $1`, email)
	execSQL(t, `INSERT INTO registration_answers (registration_id, question_id, answer)
		SELECT r.id, q.id, '{Laktose}' FROM registrations r JOIN event_questions q ON q.event_id = r.event_id WHERE r.user_id = $1`, id)
	execSQL(t, `INSERT INTO notifications (user_id, post_id, kind, created_at)
		SELECT $1, id, 'mention', now() - interval '13 months' FROM forum_posts ORDER BY id LIMIT 1`, id)
	execSQL(t, `INSERT INTO notifications (user_id, post_id, kind)
		SELECT $1, id, 'mention' FROM forum_posts ORDER BY id DESC LIMIT 1`, id)
	execSQL(t, `INSERT INTO audit_log (at, actor_id, action, target_type, target_id) VALUES
		(now() - interval '6 years', $1, 'test.old', 'user', $1), (now() - interval '4 years', $1, 'test.kept', 'user', $1)`, id)

	if _, err := privacy.Retain(context.Background(), poolOf(t)); err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{
		`SELECT count(*) FROM mail_outbox WHERE to_address = $1`:                                                                                                                                                             3,
		`SELECT count(*) FROM mail_outbox WHERE to_address = $1 AND body <> ''`:                                                                                                                                              1,
		`SELECT count(*) FROM mail_outbox WHERE to_address = $1 AND subject = 'usendt i dag' AND body <> ''`:                                                                                                                 1,
		`SELECT count(*) FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.user_id = (SELECT id FROM users WHERE email = $1) AND r.answer <> '' AND e.title LIKE 'Nytt%'`:                                      1,
		`SELECT count(*) FROM registrations WHERE user_id = (SELECT id FROM users WHERE email = $1) AND answer <> ''`:                                                                                                        1,
		`SELECT count(*) FROM notifications WHERE user_id = (SELECT id FROM users WHERE email = $1)`:                                                                                                                         1,
		`SELECT count(*) FROM registration_answers a JOIN registrations r ON r.id = a.registration_id JOIN events e ON e.id = r.event_id WHERE e.title LIKE 'Nytt%' AND r.user_id = (SELECT id FROM users WHERE email = $1)`: 1,
		`SELECT count(*) FROM registration_answers a JOIN registrations r ON r.id = a.registration_id WHERE r.user_id = (SELECT id FROM users WHERE email = $1)`:                                                             1,
		`SELECT count(*) FROM audit_log WHERE actor_id = (SELECT id FROM users WHERE email = $1)`:                                                                                                                            1,
	}
	for sql, n := range want {
		if got := queryInt(t, sql, email); got != n {
			t.Errorf("%s: %d, want %d", sql, got, n)
		}
	}
}

// The privacy statement names the controller and contacts of the configuration and states the
// retention rules that privacy.Retain enforces.
func TestPrivacyStatementSaysWhatIsDone(t *testing.T) {
	cfg := webtest.Config(t)
	cfg.PrivacyController, cfg.PrivacyContact, cfg.DPOContact = "Testklyngen SA", "personvern@test.example", "ombud@test.example"
	_, h := webtest.Portal(t, cfg, poolOf(t), nil)
	page := webtest.NewClient(t, h).Get("/personvern")
	for _, want := range []string{"Testklyngen SA", "personvern@test.example", "ombud@test.example",
		"slettes når e-posten er sendt", "etter et døgn", "etter 30 dager", "30 dager etter at arrangementet er over",
		"slettes etter ett år", "slettes etter fem år", "Tidligere medlem"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the privacy statement lacks %q", want)
		}
	}
}
