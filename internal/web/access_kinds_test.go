package web_test

import (
	"net/http"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// TestEveryMemberRouteIsClosedToUnknownKinds: the access rule denies by default, so a user of a
// kind it does not know as a member — here with every privilege a member could have: cluster
// admin, in every group — gets 404 from every route that is not public, and changes nothing.
func TestEveryMemberRouteIsClosedToUnknownKinds(t *testing.T) {
	for _, kind := range []string{"owner", "partner", "stranger"} {
		email, id := freshUser(t, "remiks", "cluster_admin")
		execSQL(t, `UPDATE users SET kind = $2 WHERE id = $1`, id, kind)
		// Gone afterwards: other tests count the active cluster admins.
		t.Cleanup(func() { execSQL(t, `UPDATE users SET active = false WHERE id = $1`, id) })
		execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT g.id, $1 FROM groups g`, id)
		c := newClient(t).Login(email)
		before := databaseFingerprint(t)
		n := 0
		for _, r := range allRoutes(t) {
			if publicRoutes[r.String()] {
				continue
			}
			n++
			req := httpRequest(t, r.method, r.concrete(), "a=1", "same-origin")
			req.Header.Set("Origin", webtest.Origin)
			if res := c.Do(req); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s as a user of kind %q: status %d, want 404", r, kind, res.StatusCode)
			}
		}
		if n < 50 {
			t.Fatalf("only %d routes walked", n)
		}
		if after := databaseFingerprint(t); after != before {
			t.Errorf("a user of kind %q changed the database:\n%s", kind, diffLines(before, after))
		}
	}
}
