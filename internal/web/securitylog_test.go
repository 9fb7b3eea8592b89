package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// lockedBuffer is a log the test reads while the portal writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// lines returns the JSON log lines with msg, decoded.
func (l *lockedBuffer) lines(msg string) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(l.b.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// event finds the security line of event with outcome for userID (0: any), failing if none.
func (l *lockedBuffer) event(t *testing.T, event, outcome string, userID int64) map[string]any {
	t.Helper()
	for _, m := range l.lines("security") {
		if m["event"] == event && m["outcome"] == outcome && (userID == 0 || m["user_id"] == float64(userID)) {
			if m["ip"] != "127.0.0.1" || m["request_id"] == "" {
				t.Errorf("security line without address or request id: %v", m)
			}
			return m
		}
	}
	t.Fatalf("no security line event=%s outcome=%s user_id=%d in:\n%v", event, outcome, userID, l.lines("security"))
	return nil
}

// The security event log: logins that succeed, fail and are throttled, password changes, the
// second factor, role changes and ended sessions each write a structured line with the user
// id, the address and the outcome; every request line carries the signed-in user's id.
func TestSecurityEventLog(t *testing.T) {
	cleanIPThrottle(t)
	logs := &lockedBuffer{}
	_, h := webtest.Portal(t, webtest.Config(t), poolOf(t), logs)
	client := func() *webtest.Client { return webtest.NewClient(t, h) }
	email, id := freshUser(t, "reno-vest", "member")

	postLogin(client(), email, "feil passord 123", "")
	if m := logs.event(t, "login", "failed", 0); m["email"] != email {
		t.Errorf("a failed login does not name the account: %v", m)
	}
	c := client().Login(email)
	logs.event(t, "login", "ok", id)
	res := c.Get("/meg")
	for _, m := range logs.lines("request") {
		if m["request_id"] == res.Header.Get("X-Request-Id") && m["user_id"] != float64(id) {
			t.Errorf("request line without the user id: %v", m)
		}
	}
	for range 6 {
		postLogin(client(), email, "feil passord 123", "")
	}
	logs.event(t, "login", "throttled", 0)

	c.PostForm("/meg/passord", url.Values{"current_password": {"feil passord 123"}, "new_password": {newPassword}, "new_password2": {newPassword}})
	logs.event(t, "password_change", "failed", id)
	c.PostForm("/meg/passord", url.Values{"current_password": {webtest.DemoPassword}, "new_password": {newPassword}, "new_password2": {newPassword}})
	logs.event(t, "password_change", "ok", id)

	c.PostForm("/meg/tofaktor/start", nil)
	c.PostForm("/meg/tofaktor/bekreft", url.Values{"code": {"999999"}})
	logs.event(t, "second_factor_on", "failed", id)

	admin := client().Login("admin@reno-vest.example")
	admin.PostForm("/medlemmer/reno-vest/brukere/"+strconv.FormatInt(id, 10)+"/rolle", url.Values{"role": {"company_admin"}})
	if m := logs.event(t, "role_change", "ok", id); m["role"] != "company_admin" || m["actor_id"] == float64(0) {
		t.Errorf("role change line: %v", m)
	}
	if res := admin.PostForm("/medlemmer/reno-vest/brukere/"+strconv.FormatInt(id, 10)+"/logg-ut", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end the person's sessions: %d", res.StatusCode)
	}
	logs.event(t, "sessions_ended", "ok", id)
	assertSignedOut(t, "after an admin ended the sessions", c.Get("/meg"))
}
