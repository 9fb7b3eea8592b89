package web_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

var alertText = regexp.MustCompile(`class="ds-alert"[^>]*><p class="ds-paragraph">([^<]*)`)

var mailLink = regexp.MustCompile(`http://portal\.test/(invitasjon|tilbakestill)/([A-Za-z0-9_-]{20,})`)

// lastLink returns the path of the link in the newest mail to address, checking its subject.
func lastLink(t *testing.T, address, subject string) string {
	t.Helper()
	var gotSubject, body string
	err := dbtest.Pool(t).QueryRow(context.Background(),
		`SELECT subject, body FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1`, address).Scan(&gotSubject, &body)
	if err != nil {
		t.Fatalf("no mail to %s: %v", address, err)
	}
	m := mailLink.FindStringSubmatch(body)
	if gotSubject != subject || m == nil {
		t.Fatalf("mail to %s: subject %q, body without a link:\n%s", address, gotSubject, body)
	}
	return "/" + m[1] + "/" + m[2]
}

// mails counts the mails to address.
func mails(t *testing.T, address string) int64 {
	t.Helper()
	return queryInt(t, `SELECT count(*) FROM mail_outbox WHERE lower(to_address) = lower($1)`, address)
}

// invite has admin@<slug>.example invite a new person and returns the address and the link's path.
func invite(t *testing.T, slug, name string) (string, string) {
	t.Helper()
	email := "invitert-" + strings.ToLower(rand.Text()[:10]) + "@" + slug + ".example"
	res := newClient(t).Login("admin@"+slug+".example").PostForm("/medlemmer/"+slug+"/brukere/inviter",
		url.Values{"email": {email}, "name": {name}, "title": {"Driftsleder"}, "role": {"member"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: status %d", res.StatusCode)
	}
	return email, lastLink(t, email, "Invitasjon til Klyngeportalen")
}

func choosePassword(c *webtest.Client, link, pw, pw2 string) *webtest.Response {
	return c.PostForm(link, url.Values{"password": {pw}, "password2": {pw2}})
}

// assertDeadLink checks that both showing and using link give the "link does not work" page.
func assertDeadLink(t *testing.T, what, link string) {
	t.Helper()
	for _, res := range []*webtest.Response{newClient(t).Get(link), choosePassword(newClient(t), link, newPassword, newPassword)} {
		if res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "Lenken virker ikke") {
			t.Errorf("%s: %s %s gives %d, want the 404 page \"Lenken virker ikke\"", what, res.Request.Method, link, res.StatusCode)
		}
	}
}

// expire makes the token of link older than its lifetime.
func expire(t *testing.T, link string) {
	t.Helper()
	sum := sha256.Sum256([]byte(link[strings.LastIndexByte(link, '/')+1:]))
	execSQL(t, `UPDATE user_tokens SET created_at = now() - interval '8 days', expires_at = now() - interval '1 second' WHERE hash = $1`, sum[:])
}

func TestInvitationWorksOnceAndLogsIn(t *testing.T) {
	name := "Solveig " + strings.ToLower(rand.Text()[:6])
	email, link := invite(t, "las", name)
	token := link[strings.LastIndexByte(link, '/')+1:]
	sum := sha256.Sum256([]byte(token))
	if queryInt(t, `SELECT count(*) FROM user_tokens WHERE hash = $1 AND purpose = 'invitation' AND expires_at > now() + interval '6 days'`, sum[:]) != 1 {
		t.Fatal("no 7-day invitation token stored as the SHA-256 of the link's token")
	}
	staff := newClient(t).Login("ansatt@senja-avfall.example")
	listed := ">" + name + "</a>" // a link in the people list, not the search field
	if res := staff.Get("/personer?q=" + url.QueryEscape(name)); strings.Contains(res.Body, listed) || !strings.Contains(res.Body, "Ingen treff") {
		t.Fatal("an invited person is in the directory before accepting")
	}

	c := newClient(t)
	if res := c.Get(link); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Velkommen, "+name) {
		t.Fatalf("GET the link: status %d", res.StatusCode)
	}
	for _, pw := range [][2]string{{newPassword, newPassword + "x"}, {"kort", "kort"}, {"passord123", "passord123"}} {
		if res := choosePassword(c, link, pw[0], pw[1]); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "ds-validation-message") {
			t.Errorf("password %q/%q: status %d, want 422 with a message", pw[0], pw[1], res.StatusCode)
		}
	}
	res := choosePassword(c, link, newPassword, newPassword)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg" {
		t.Fatalf("accept: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/meg"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, email) {
		t.Fatalf("after accepting, /meg: status %d", res.StatusCode)
	}
	if res := staff.Get("/personer?q=" + url.QueryEscape(name)); !strings.Contains(res.Body, listed) {
		t.Error("the new person is not found in the directory")
	}
	if res := staff.Get("/medlemmer/las"); !strings.Contains(res.Body, listed) {
		t.Error("the new person is not on the company page")
	}
	assertDeadLink(t, "second use", link)
	if res := postLogin(newClient(t), email, newPassword, ""); res.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the chosen password: status %d", res.StatusCode)
	}
}

func TestResentInvitationVoidsTheOldLink(t *testing.T) {
	email, first := invite(t, "haf", "Gammel Lenke")
	res := newClient(t).Login("admin@haf.example").PostForm("/medlemmer/haf/brukere/"+idStr(userID(t, email))+"/inviter-igjen", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resend: status %d", res.StatusCode)
	}
	second := lastLink(t, email, "Invitasjon til Klyngeportalen")
	if second == first || mails(t, email) != 2 {
		t.Fatalf("no new link was sent (%d mails)", mails(t, email))
	}
	assertDeadLink(t, "the first link after a resend", first)
	if res := newClient(t).Get(second); res.StatusCode != http.StatusOK {
		t.Errorf("the new link: status %d", res.StatusCode)
	}
}

func TestExpiredAndGuessedLinksAreDead(t *testing.T) {
	email, link := invite(t, "hrs", "Utløpt Invitasjon")
	expire(t, link)
	assertDeadLink(t, "expired invitation", link)
	if queryInt(t, `SELECT count(*) FROM users WHERE email = $1 AND password_hash IS NULL`, email) != 1 {
		t.Error("an expired invitation set a password")
	}
	for _, guess := range []string{strings.Repeat("A", 43), "abc", strings.ToLower(rand.Text()) + "xyzXYZ0123456789"} {
		assertDeadLink(t, "guessed invitation", "/invitasjon/"+guess)
		assertDeadLink(t, "guessed reset", "/tilbakestill/"+guess)
	}
	// A link is for its own purpose only.
	assertDeadLink(t, "invitation used as reset link", "/tilbakestill/"+link[strings.LastIndexByte(link, '/')+1:])
}

func TestPasswordReset(t *testing.T) {
	cleanIPThrottle(t)
	email, _ := freshUser(t, "reno-vest", "member")
	unknown := "ukjent-" + strings.ToLower(rand.Text()[:8]) + "@reno-vest.example"
	elsewhere := newClient(t).Login(email)

	known := newClient(t).PostForm("/glemt-passord", url.Values{"email": {strings.ToUpper(email)}})
	missing := newClient(t).PostForm("/glemt-passord", url.Values{"email": {unknown}})
	if known.StatusCode != http.StatusOK || missing.StatusCode != http.StatusOK || mainOf(known.Body) != mainOf(missing.Body) {
		t.Fatalf("known %d, unknown %d: the answers differ\n%s\n---\n%s", known.StatusCode, missing.StatusCode, mainOf(known.Body), mainOf(missing.Body))
	}
	if mails(t, email) != 1 || mails(t, unknown) != 0 {
		t.Fatalf("mails: %d to the account, %d to the unknown address; want 1 and 0", mails(t, email), mails(t, unknown))
	}
	if res := newClient(t).PostForm("/glemt-passord", url.Values{"email": {"ikke en adresse"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("invalid address: status %d, want 422", res.StatusCode)
	}

	link := lastLink(t, email, "Tilbakestill passordet ditt i Klyngeportalen")
	if !strings.HasPrefix(link, "/tilbakestill/") {
		t.Fatalf("link %q", link)
	}
	c := newClient(t)
	if res := c.Get(link); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Velg nytt passord") {
		t.Fatalf("GET the link: status %d", res.StatusCode)
	}
	if res := choosePassword(c, link, newPassword, newPassword); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("reset: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/"); res.StatusCode != http.StatusOK {
		t.Fatalf("not logged in after the reset: %d", res.StatusCode)
	}
	assertSignedOut(t, "a session from before the reset", elsewhere.Get("/"))
	assertDeadLink(t, "second use of the reset link", link)
	if res := postLogin(newClient(t), email, webtest.DemoPassword, ""); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("old password: status %d, want 422", res.StatusCode)
	}
	if res := postLogin(newClient(t), email, newPassword, ""); res.StatusCode != http.StatusSeeOther {
		t.Errorf("new password: status %d, want 303", res.StatusCode)
	}

	newClient(t).PostForm("/glemt-passord", url.Values{"email": {email}})
	late := lastLink(t, email, "Tilbakestill passordet ditt i Klyngeportalen")
	expire(t, late)
	assertDeadLink(t, "expired reset link", late)
}

func TestInvitationIsValidated(t *testing.T) {
	c := newClient(t).Login("admin@las.example")
	before := queryInt(t, `SELECT count(*) FROM users`)
	outbox := queryInt(t, `SELECT count(*) FROM mail_outbox`)
	for what, form := range map[string]url.Values{
		"invalid e-mail and empty name": {"email": {"ikke-en-epost"}, "name": {""}, "role": {"member"}},
		"duplicate in another case":     {"email": {"ANSATT@LAS.EXAMPLE"}, "name": {"Dobbel"}, "role": {"member"}},
		"duplicate of another company":  {"email": {"Direktor@HRS.example"}, "name": {"Dobbel"}, "role": {"member"}},
		"name with control characters":  {"email": {"kontroll@las.example"}, "name": {"Ola\u202eNordmann"}, "role": {"member"}},
		"e-mail with a display name":    {"email": {"Ola <ola@las.example>"}, "name": {"Ola"}, "role": {"member"}},
		"no role":                       {"email": {"ingen-rolle@las.example"}, "name": {"Ola"}},
	} {
		res := c.PostForm("/medlemmer/las/brukere/inviter", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "ds-validation-message") {
			t.Errorf("%s: status %d, want 422 with a message", what, res.StatusCode)
		}
		if strings.HasPrefix(what, "duplicate") && !strings.Contains(res.Body, "finnes allerede") {
			t.Errorf("%s: no \"finnes allerede\" message", what)
		}
		if what == "invalid e-mail and empty name" && (!strings.Contains(res.Body, "Skriv en gyldig e-postadresse") || !strings.Contains(res.Body, "Feltet må fylles ut")) {
			t.Errorf("%s: the messages are missing", what)
		}
	}
	if queryInt(t, `SELECT count(*) FROM users`) != before || queryInt(t, `SELECT count(*) FROM mail_outbox`) != outbox {
		t.Fatal("an invalid invitation created a user or a mail")
	}
}

// A resend to someone who has already accepted is refused, and the admin is told why.
func TestReinviteOfAcceptedUserExplainsItself(t *testing.T) {
	email, user := freshUser(t, "senja-avfall", "member") // has a password: the invitation is accepted
	c := newClient(t).Login("admin@senja-avfall.example")
	res := c.PostForm("/medlemmer/senja-avfall/brukere/"+idStr(user)+"/inviter-igjen", nil)
	if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusConflict {
		t.Fatalf("status %d, want 303 with a warning or 409", res.StatusCode)
	}
	if mails(t, email) != 0 {
		t.Fatal("an invitation was sent to someone who has accepted")
	}
	page := res.Body
	if res.StatusCode == http.StatusSeeOther {
		page = c.Get(res.Header.Get("Location")).Body
	}
	if strings.Contains(page, "Du kan ikke endre din egen tilgang") || strings.Contains(page, "Invitasjonen er sendt") {
		t.Errorf("the admin is told something untrue about a resend to an accepted user: %q", alertText.FindStringSubmatch(page))
	}
}

// Reset requests are limited per account, but on their own counter: a stranger who asks for
// many resets neither floods the mailbox nor locks the person out of logging in.
func TestResetRequestsAreThrottledWithoutLockingTheAccount(t *testing.T) {
	cleanIPThrottle(t)
	email, _ := freshUser(t, "reno-vest", "member")
	for i := range 5 {
		if res := newClient(t).PostForm("/glemt-passord", url.Values{"email": {email}}); res.StatusCode != http.StatusOK {
			t.Fatalf("reset request %d: status %d", i+1, res.StatusCode)
		}
	}
	res := newClient(t).PostForm("/glemt-passord", url.Values{"email": {email}})
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("sixth reset request: status %d, Retry-After %q; want 429 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if mails(t, email) != 5 {
		t.Errorf("%d reset mails, want 5", mails(t, email))
	}
	if res := postLogin(newClient(t), email, webtest.DemoPassword, ""); res.StatusCode != http.StatusSeeOther {
		t.Errorf("login after many reset requests: status %d, want 303", res.StatusCode)
	}
}
