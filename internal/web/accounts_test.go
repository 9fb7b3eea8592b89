package web_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// newPassword is a password the rules accept, for tests that choose one.
const newPassword = "fire hester i fjæra ved Senja"

// freshUser creates an active user of company slug who can log in with the demo password, for a
// test that changes the user (the hash is the demo accounts' own). It returns e-mail and id.
func freshUser(t *testing.T, slug, role string) (string, int64) {
	t.Helper()
	email := "test-" + strings.ToLower(rand.Text()[:10]) + "@" + slug + ".example"
	var id int64
	err := dbtest.Pool(t).QueryRow(context.Background(), `
		INSERT INTO users (company_id, email, name, role, password_hash)
		SELECT company_id, $1, $2, $3, password_hash FROM users WHERE email = 'ansatt@' || $4 || '.example'
		RETURNING id`, email, "Testperson "+email[5:15], role, slug).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return email, id
}

// userID returns the id of the user with email.
func userID(t *testing.T, email string) int64 {
	t.Helper()
	return queryInt(t, `SELECT id FROM users WHERE lower(email) = lower($1)`, email)
}

// queryInt runs a query that returns one integer.
func queryInt(t *testing.T, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := dbtest.Pool(t).QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// coldGet requests path after any reference lists kept in memory have been dropped (as after
// a change to them): query counts measured with it are the worst case, and comparable.
func coldGet(t *testing.T, c *webtest.Client, path string) *webtest.Response {
	t.Helper()
	// The first page after a change to what the bell counts counts it in a round trip of its
	// own (web.bellCounted): not what a page's round trips measure.
	c.Get("/tilgjengelighet")
	execSQL(t, `UPDATE reference_version SET n = n + 1`)
	return c.Get(path)
}

// execSQL runs a statement against the test database.
func execSQL(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := dbtest.Pool(t).Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// cleanIPThrottle forgets the failed attempts of the test client's address (always 127.0.0.1)
// before and after the test, so that the package's tests do not lock each other out.
func cleanIPThrottle(t *testing.T) {
	t.Helper()
	execSQL(t, `DELETE FROM auth_throttle WHERE key LIKE '%@127.0.0.1'`)
	t.Cleanup(func() {
		_, _ = dbtest.Pool(t).Exec(context.Background(), `DELETE FROM auth_throttle WHERE key LIKE '%@127.0.0.1'`)
	})
}

func postLogin(c *webtest.Client, email, password, next string) *webtest.Response {
	return c.PostForm("/logg-inn", url.Values{"email": {email}, "password": {password}, "next": {next}})
}

// sessionCookie returns the client's session cookie, failing when it has none.
func sessionCookie(t *testing.T, c *webtest.Client) *http.Cookie {
	t.Helper()
	for _, ck := range c.Cookies() {
		if ck.Name == "klynge_session" {
			return ck
		}
	}
	t.Fatal("no session cookie")
	return nil
}

// replay requests path on a fresh client that sends only cookie, as a thief of it would.
func replay(t *testing.T, cookie *http.Cookie, path string) *webtest.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, webtest.Origin+path, nil)
	req.Header.Set("Sec-Fetch-Site", "none")
	req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	return newClient(t).Do(req)
}

// assertSignedOut checks that res sends the visitor to the login page.
func assertSignedOut(t *testing.T, what string, res *webtest.Response) {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/logg-inn") {
		t.Errorf("%s: status %d, Location %q; want 303 to /logg-inn", what, res.StatusCode, res.Header.Get("Location"))
	}
}

// mainOf returns the page's <main> element, the part that differs between pages.
func mainOf(body string) string {
	start, end := strings.Index(body, "<main"), strings.Index(body, "</main>")
	if start < 0 || end < start {
		return body
	}
	return body[start:end]
}

func TestLoginRenewsTheSessionToken(t *testing.T) {
	c := newClient(t)
	// A password right for an account with a second factor leaves a session before the login:
	// a pre-login token, which the login must not keep.
	email, id := freshUser(t, "haf", "cluster_admin")
	seedSecret(t, id)
	if res := postLogin(c, email, webtest.DemoPassword, ""); res.Header.Get("Location") != "/logg-inn/kode" {
		t.Fatalf("first step: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	before := sessionCookie(t, c)
	if res := postLogin(c, "ansatt@haf.example", webtest.DemoPassword, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d", res.StatusCode)
	}
	after := sessionCookie(t, c)
	if after.Value == before.Value {
		t.Fatal("the session token was not renewed at login")
	}
	if res := c.Get("/"); res.StatusCode != http.StatusOK {
		t.Fatalf("logged in: GET / status %d", res.StatusCode)
	}
	assertSignedOut(t, "pre-login cookie", replay(t, before, "/"))
	if res := replay(t, after, "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("the new cookie does not work on another instance: %d", res.StatusCode)
	}

	// Logging out ends the session: its cookie is worth nothing afterwards.
	if res := c.PostForm("/logg-ut", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/logg-inn" {
		t.Fatalf("logout: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	assertSignedOut(t, "cookie after logout", replay(t, after, "/"))
	assertSignedOut(t, "client after logout", c.Get("/"))
}

func TestWrongPasswordAndUnknownEmailGetTheSameAnswer(t *testing.T) {
	cleanIPThrottle(t)
	known, _ := freshUser(t, "haf", "member")
	unknown := "ingen-" + strings.ToLower(rand.Text()[:8]) + "@haf.example"
	wrong := postLogin(newClient(t), known, "feil passord 123", "")
	missing := postLogin(newClient(t), unknown, "feil passord 123", "")
	if wrong.StatusCode != http.StatusUnprocessableEntity || missing.StatusCode != wrong.StatusCode {
		t.Fatalf("status %d for a wrong password, %d for an unknown address; want 422 for both", wrong.StatusCode, missing.StatusCode)
	}
	a := strings.ReplaceAll(mainOf(wrong.Body), known, "EMAIL")
	b := strings.ReplaceAll(mainOf(missing.Body), unknown, "EMAIL")
	if a != b {
		t.Fatalf("the answers differ:\n%s\n---\n%s", a, b)
	}
	if !strings.Contains(a, "Feil e-post eller passord") {
		t.Fatalf("no generic message:\n%s", a)
	}
	if wrong.Header.Get("Set-Cookie") != missing.Header.Get("Set-Cookie") {
		t.Errorf("cookies differ: %q vs %q", wrong.Header.Get("Set-Cookie"), missing.Header.Get("Set-Cookie"))
	}
}

func TestThrottlePerAccount(t *testing.T) {
	cleanIPThrottle(t)
	email, _ := freshUser(t, "hrs", "member")
	unknown := "ingen-" + strings.ToLower(rand.Text()[:8]) + "@hrs.example"
	var locked [2]string
	for i, who := range []string{email, unknown} {
		c := newClient(t)
		for n := 1; n <= 5; n++ {
			if res := postLogin(c, who, "feil passord "+strconv.Itoa(n), ""); res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%s attempt %d: status %d, want 422", who, n, res.StatusCode)
			}
		}
		res := postLogin(c, strings.ToUpper(who), webtest.DemoPassword, "") // even the right password, in any case
		retry, _ := strconv.Atoi(res.Header.Get("Retry-After"))
		if res.StatusCode != http.StatusTooManyRequests || retry <= 0 || retry > 15*60 {
			t.Fatalf("%s attempt 6: status %d, Retry-After %q; want 429 with up to 900 s", who, res.StatusCode, res.Header.Get("Retry-After"))
		}
		if !strings.Contains(res.Body, "For mange mislykkede forsøk") {
			t.Fatalf("%s: no Norwegian message in the 429 page", who)
		}
		locked[i] = strings.ReplaceAll(mainOf(res.Body), strings.ToUpper(who), "EMAIL")
	}
	if locked[0] != locked[1] {
		t.Errorf("the lock-out tells whether the account exists:\n%s\n---\n%s", locked[0], locked[1])
	}
	// The limit is the account's: someone else from the same address still gets in.
	if res := postLogin(newClient(t), "ansatt@hrs.example", webtest.DemoPassword, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another account from the same address: status %d, want 303", res.StatusCode)
	}
}

func TestThrottlePerIP(t *testing.T) {
	cleanIPThrottle(t)
	c := newClient(t)
	prefix := "ip-" + strings.ToLower(rand.Text()[:6])
	for n := 1; n <= 50; n++ {
		res := postLogin(c, prefix+"-"+strconv.Itoa(n)+"@example.org", "feil passord 123", "")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("attempt %d: status %d, want 422 (the address limit is 50)", n, res.StatusCode)
		}
	}
	res := postLogin(c, prefix+"-51@example.org", "feil passord 123", "")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(res.Body, "For mange mislykkede forsøk") {
		t.Fatalf("attempt 51: status %d, Retry-After %q; want 429", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// From this address nobody gets in now, not even with the right password.
	if res := postLogin(newClient(t), "ansatt@reno-vest.example", webtest.DemoPassword, ""); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a real account from a throttled address: status %d, want 429", res.StatusCode)
	}
}

func TestNextOnlyLeadsToLocalPaths(t *testing.T) {
	cases := map[string]string{
		"/forum": "/forum", "//evil.example": "/", `/\evil.example`: "/", "https://evil.example": "/",
		"javascript:alert(1)": "/", "/%2F%2Fevil.example": "/", "/%5Cevil.example": "/", "/%252F%252Fevil.example": "/",
	}
	for next, want := range cases {
		res := postLogin(newClient(t), "ansatt@avfallsservice.example", webtest.DemoPassword, next)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("next=%q: status %d, Location %q; want 303 to %q", next, res.StatusCode, res.Header.Get("Location"), want)
		}
		page := newClient(t).Get("/logg-inn?next=" + url.QueryEscape(next))
		if !strings.Contains(page.Body, `name="next" value="`+want+`"`) {
			t.Errorf("GET /logg-inn?next=%q does not carry %q in the form", next, want)
		}
	}
}

func TestDeactivationEndsTheSessionAtOnce(t *testing.T) {
	email, id := freshUser(t, "las", "member")
	victim := newClient(t).Login(email)
	if res := victim.Get("/"); res.StatusCode != http.StatusOK {
		t.Fatalf("before: status %d", res.StatusCode)
	}
	admin := newClient(t).Login("admin@las.example")
	base := "/medlemmer/las/brukere/" + strconv.FormatInt(id, 10)
	if res := admin.PostForm(base+"/deaktiver", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: status %d", res.StatusCode)
	}
	assertSignedOut(t, "deactivated user's next request", victim.Get("/"))
	if queryInt(t, `SELECT count(*) FROM users WHERE id = $1 AND NOT active`, id) != 1 {
		t.Fatal("the user is still active")
	}
	if res := admin.Get("/personer/" + strconv.FormatInt(id, 10)); res.StatusCode != http.StatusNotFound {
		t.Errorf("a deactivated person's page: status %d, want 404", res.StatusCode)
	}
	if res := postLogin(newClient(t), email, webtest.DemoPassword, ""); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Feil e-post eller passord") {
		t.Fatalf("a deactivated user logs in: status %d", res.StatusCode)
	}
	if res := admin.PostForm(base+"/aktiver", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reactivate: status %d", res.StatusCode)
	}
	newClient(t).Login(email)
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	email, _ := freshUser(t, "remiks", "member")
	here, there := newClient(t).Login(email), newClient(t).Login(email)
	res := here.PostForm("/meg/passord", url.Values{"current_password": {"feil passord 123"}, "new_password": {newPassword}, "new_password2": {newPassword}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Nåværende passord er feil") {
		t.Fatalf("wrong current password: status %d", res.StatusCode)
	}
	res = here.PostForm("/meg/passord", url.Values{"current_password": {webtest.DemoPassword}, "new_password": {newPassword}, "new_password2": {newPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg" {
		t.Fatalf("change: status %d", res.StatusCode)
	}
	if res := here.Get("/meg"); res.StatusCode != http.StatusOK {
		t.Fatalf("the session that changed the password ended: %d", res.StatusCode)
	}
	assertSignedOut(t, "other session", there.Get("/"))
	if res := postLogin(newClient(t), email, webtest.DemoPassword, ""); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("old password: status %d, want 422", res.StatusCode)
	}
	if res := postLogin(newClient(t), email, newPassword, ""); res.StatusCode != http.StatusSeeOther {
		t.Errorf("new password: status %d, want 303", res.StatusCode)
	}
}

func TestRoleChangeRenewsTheToken(t *testing.T) {
	email, id := freshUser(t, "vefas", "member")
	user := newClient(t).Login(email)
	old := sessionCookie(t, user)
	if res := user.Get("/medlemmer/vefas/brukere"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("member on the user page: %d", res.StatusCode)
	}
	admin := newClient(t).Login("admin@vefas.example")
	res := admin.PostForm("/medlemmer/vefas/brukere/"+strconv.FormatInt(id, 10)+"/rolle", url.Values{"role": {"company_admin"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set role: status %d", res.StatusCode)
	}
	// The new role counts at once: an admin must first set up the second factor.
	if res := user.Get("/medlemmer/vefas/brukere"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg/tofaktor" {
		t.Fatalf("the new role does not count: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	seedSecret(t, id)
	if res := user.Get("/medlemmer/vefas/brukere"); res.StatusCode != http.StatusOK {
		t.Fatalf("a company admin with a second factor on the user page: %d", res.StatusCode)
	}
	if sessionCookie(t, user).Value == old.Value {
		t.Fatal("the token was not renewed after the role change")
	}
	assertSignedOut(t, "cookie from before the role change", replay(t, old, "/"))
}
