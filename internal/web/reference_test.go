package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// Reference lists (member companies, indicators, focus areas, groups) are kept in memory while
// the reference version is unchanged, and a change made anywhere, even with SQL by hand, shows
// on the next request.
func TestReferenceListsAreKeptUntilTheyChange(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	cold := coldGet(t, c, "/nokkeltall")
	warm := c.Get("/nokkeltall")
	if cold.StatusCode != http.StatusOK || warm.StatusCode != http.StatusOK || warm.Queries >= cold.Queries {
		t.Fatalf("/nokkeltall: %d queries cold, %d warm (status %d, %d); want fewer warm", cold.Queries, warm.Queries, cold.StatusCode, warm.StatusCode)
	}
	if warm.Body != cold.Body {
		t.Error("the page from kept lists differs from the page from the database")
	}

	c.Get("/medlemmer")
	execSQL(t, `UPDATE companies SET name = 'Lofoten Avfallsselskap (omdøpt)' WHERE slug = 'las'`)
	t.Cleanup(func() { execSQL(t, `UPDATE companies SET name = 'Lofoten Avfallsselskap IKS' WHERE slug = 'las'`) })
	if res := c.Get("/medlemmer"); !strings.Contains(res.Body, "Lofoten Avfallsselskap (omdøpt)") {
		t.Error("a renamed company keeps its old name in the member list")
	}

	// A new member of a group counts at once on the administration page.
	leader := newClient(t).Login("klyngeleder@remiks.example")
	members := func() string {
		res := leader.Get("/admin")
		i := strings.Index(res.Body, ">Styringsgruppen</a>")
		j := strings.Index(res.Body[max(i, 0):], "medlemmer)")
		if i < 0 || j < 0 {
			t.Fatalf("no member count for Styringsgruppen on /admin (status %d)", res.StatusCode)
		}
		return res.Body[i : i+j]
	}
	before := members()
	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT g.id, u.id FROM groups g, users u
		WHERE g.slug = 'styringsgruppen' AND u.email = 'ansatt@las.example' ON CONFLICT DO NOTHING`)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM group_members gm USING groups g, users u WHERE g.id = gm.group_id AND u.id = gm.user_id
			AND g.slug = 'styringsgruppen' AND u.email = 'ansatt@las.example'`)
	})
	if after := members(); after == before {
		t.Errorf("the group count stays %q after a new member", after)
	}
}
