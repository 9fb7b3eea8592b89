package search

import (
	"os"
	"regexp"
	"testing"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// TestSearchReadsTheViewerOnce shows that the one statement of a search reads who the viewer is
// (their kind and groups) once, not at each of the 52 places the access rule is applied: every
// read of users or group_members by the viewer's id in its plan is one of the viewer's.
func TestSearchReadsTheViewerOnce(t *testing.T) {
	args := queryArgs(&auth.User{ID: 1}, "restavfall")
	for _, shown := range []Kind{"", Posts, People} {
		plan := dbtest.Plan(t, searchSQL(shown, false), args)
		groups := regexp.MustCompile(`on group_members gm(_\d+)?\s`).FindAllString(plan, -1)
		users := regexp.MustCompile(`on users a[vk](_\d+)?\s`).FindAllString(plan, -1)
		if len(groups) != 1 || len(users) != 2 {
			t.Errorf("kind %q: the viewer's groups read %d times, the viewer %d times (want 1 and 2):\n%s", shown, len(groups), len(users), plan)
		}
	}
}
