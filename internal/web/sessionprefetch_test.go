package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// A signed-in page that reads nothing of its own is one round trip: the session's row, the
// user, the bell's version and the reference version travel together. Ending the session or
// deactivating the user in SQL still counts at the next request.
func TestSignedInPageReadsSessionAndUserInOneRoundTrip(t *testing.T) {
	email, id := freshUser(t, "remiks", "member")
	c := newClient(t).Login(email)
	for i := range 2 {
		res := c.Get("/tilgjengelighet")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Logg ut") {
			t.Fatalf("request %d: status %d, signed in %v", i, res.StatusCode, strings.Contains(res.Body, "Logg ut"))
		}
		if res.Queries != 1 {
			t.Errorf("request %d: %d round trips; want 1 (the session with the user, the bell's version and the reference version)", i, res.Queries)
		}
	}

	execSQL(t, `UPDATE users SET active = false WHERE id = $1`, id)
	assertSignedOut(t, "deactivated in SQL", c.Get("/meg"))
	execSQL(t, `UPDATE users SET active = true WHERE id = $1`, id)

	c = newClient(t).Login(email)
	c.Get("/tilgjengelighet")
	execSQL(t, `DELETE FROM sessions WHERE user_id = $1`, id)
	assertSignedOut(t, "session removed in SQL", c.Get("/meg"))
}
