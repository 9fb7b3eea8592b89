package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// A forum's first page is kept rendered per viewer (forum.go): a view with nothing changed is
// one round trip and does not show a change made behind the triggers' back; what the viewer
// reads and how they watch the forum is on their next view, and never on anyone else's; a
// closed forum kept for a member is still 404 for an outsider.
func TestForumPageKeptPerViewerUntilAChange(t *testing.T) {
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	authorEmail, _ := freshUser(t, "las", "member")
	readerEmail, readerID := freshUser(t, "hrs", "member")
	otherEmail, otherID := freshUser(t, "hrs", "member")
	author := webtest.NewClient(t, h).Login(authorEmail)
	reader := webtest.NewClient(t, h).Login(readerEmail)
	other := webtest.NewClient(t, h).Login(otherEmail)
	forumPath, thread, _ := cacheForum(t, author, "hurtigholdt")
	t.Cleanup(func() { execSQL(t, `DELETE FROM forum_reads WHERE user_id = ANY($1)`, []int64{readerID, otherID}) })
	const unread, following = "thread-item__unread", "Varsler for forumet: Følger"
	view := func(c *webtest.Client) *webtest.Response {
		t.Helper()
		res := c.Get(forumPath)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", forumPath, res.StatusCode)
		}
		return res
	}
	for round := range 2 { // the first views keep the pages, the second are the kept ones
		for _, c := range []*webtest.Client{reader, other} {
			res := view(c)
			if !strings.Contains(res.Body, unread) {
				t.Errorf("round %d: the unread thread is not marked", round)
			}
			if round == 1 && res.Queries != 1 {
				t.Errorf("a kept view made %d round trips, want 1", res.Queries)
			}
		}
	}

	// Kept: a description changed with the triggers off does not show until a version changes.
	execSQL(t, `DO $$ BEGIN SET LOCAL session_replication_role = replica;
		UPDATE forums SET description = 'Endret bak ryggen' WHERE slug = 'hurtigholdt'; END $$`)
	if strings.Contains(view(reader).Body, "Endret bak ryggen") {
		t.Fatal("the page is not kept: a change no version counts shows at once")
	}

	execSQL(t, `UPDATE reference_version SET n = n + 1`)
	if !strings.Contains(view(reader).Body, "Endret bak ryggen") {
		t.Error("a new reference version does not renew the kept page")
	}

	// The reader reads the thread: their page is renewed (dashboard_version), the other's is not.
	getOK(t, reader, thread)
	if strings.Contains(view(reader).Body, unread) {
		t.Error("the reader's kept page is not renewed after they read the thread")
	}
	if !strings.Contains(view(other).Body, unread) {
		t.Error("one viewer's reading changes another viewer's page")
	}

	// The other follows the forum (migration 00450): on their next view, never on the reader's.
	execSQL(t, `INSERT INTO forum_watches (user_id, forum_id, level) SELECT $1, id, 'watching' FROM forums WHERE slug = 'hurtigholdt'`, otherID)
	if !strings.Contains(view(other).Body, following) {
		t.Error("following the forum does not show on the follower's next view")
	}
	if strings.Contains(view(reader).Body, following) {
		t.Error("one viewer's following shows on another viewer's page")
	}
	execSQL(t, `DELETE FROM forum_watches WHERE user_id = $1`, otherID)
	if strings.Contains(view(other).Body, following) {
		t.Error("no longer following the forum still shows")
	}

	// A closed forum kept for a member is not shown to an outsider.
	director := webtest.NewClient(t, h).Login("direktor@las.example")
	for range 2 {
		if res := director.Get("/forum/direktorforum"); res.StatusCode != http.StatusOK {
			t.Fatalf("a director's view of the directors' forum: status %d", res.StatusCode)
		}
	}
	if res := reader.Get("/forum/direktorforum"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an outsider's view of the directors' forum: status %d, want 404", res.StatusCode)
	}
}
