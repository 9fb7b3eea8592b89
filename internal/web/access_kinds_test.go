package web_test

import (
	"net/http"
	"strings"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// TestEveryMemberRouteIsClosedToUnknownKinds: the access rule denies by default, so a user who is
// not a member — an owner representative, a partner person, or of a kind the rule does not know,
// here with every privilege a member could have: cluster admin, in every group — gets 404 from
// every member route, and changes nothing. (Owners' and partners' own pages under /apent and
// their front page are walked in guests_test.go.)
func TestEveryMemberRouteIsClosedToUnknownKinds(t *testing.T) {
	for _, kind := range []string{"owner", "partner", "stranger"} {
		email, id := freshUser(t, "remiks", "cluster_admin")
		switch kind {
		case "owner":
			execSQL(t, `UPDATE users SET kind = 'owner', company_id = NULL, municipality = 'Tromsø' WHERE id = $1`, id)
		case "partner":
			execSQL(t, `UPDATE users SET kind = 'partner', company_id = NULL, partner_id = (SELECT min(id) FROM partner_organisations) WHERE id = $1`, id)
		default:
			execSQL(t, `UPDATE users SET kind = $2 WHERE id = $1`, id, kind)
		}
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
			if kind != "stranger" && (r.String() == "GET /" || strings.HasPrefix(r.pattern, "/apent/")) {
				continue // their own pages
			}
			n++
			req := httpRequest(t, r.method, r.concrete(), "a=1", "same-origin")
			req.Header.Set("Origin", webtest.Origin)
			res := c.Do(req)
			if kind != "stranger" && res.StatusCode == http.StatusSeeOther && r.method == http.MethodGet &&
				strings.HasPrefix(res.Header.Get("Location"), "/apent/") {
				continue // a link from a mail, sent to their own page of it (guests_test.go walks those)
			}
			if res.StatusCode != http.StatusNotFound {
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
