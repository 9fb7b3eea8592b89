package web_test

import (
	"net/http"
	"net/url"
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

// A thread's page is kept rendered per viewer (forumthread.go): a view with nothing to mark read
// is one round trip and does not show a change made behind the triggers' back; a post, a
// reaction and the viewer's draft are on the next view, the draft never on another viewer's;
// every view has a fresh key for its reply, so two replies from kept views are two posts.
func TestThreadPageKeptPerViewerUntilAChange(t *testing.T) {
	h := webtest.PortalAt(t, dbtest.Pool(t), time.Now)
	authorEmail, _ := freshUser(t, "las", "member")
	readerEmail, readerID := freshUser(t, "hrs", "member")
	otherEmail, otherID := freshUser(t, "hrs", "member")
	author := webtest.NewClient(t, h).Login(authorEmail)
	reader := webtest.NewClient(t, h).Login(readerEmail)
	other := webtest.NewClient(t, h).Login(otherEmail)
	_, thread, replier := cacheForum(t, author, "hurtigtraad")
	id := threadIDOf(t, thread)
	t.Cleanup(func() { execSQL(t, `DELETE FROM forum_reads WHERE user_id = ANY($1)`, []int64{readerID, otherID}) })
	view := func(c *webtest.Client) *webtest.Response {
		t.Helper()
		res := c.Get(thread)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", thread, res.StatusCode)
		}
		if strings.Contains(res.Body, "\x00") {
			t.Fatal("a kept page's mark is served")
		}
		return res
	}
	view(reader) // marks the thread read: not kept
	view(reader) // kept
	keys := map[string]bool{}
	for range 2 {
		res := view(reader)
		if res.Queries != 1 {
			t.Errorf("a kept view made %d round trips, want 1", res.Queries)
		}
		m := formKeyRe.FindStringSubmatch(res.Body)
		if m == nil {
			t.Fatal("a kept view has no key for its reply")
		}
		keys[m[1]] = true
	}
	if len(keys) != 2 {
		t.Error("two kept views have the same key for their reply")
	}

	// Kept: a post changed with the triggers off does not show until a version changes.
	execSQL(t, `DO $$ BEGIN SET LOCAL session_replication_role = replica;
		UPDATE forum_posts SET body_html = '<p>Endret bak ryggen</p>' WHERE thread_id = `+idStr(id)+` AND seq = 2; END $$`)
	if strings.Contains(view(reader).Body, "Endret bak ryggen") {
		t.Fatal("the page is not kept: a change no version counts shows at once")
	}
	execSQL(t, `INSERT INTO forum_reactions (post_id, user_id, kind) SELECT id, $2, 'lik' FROM forum_posts WHERE thread_id = $1 AND seq = 1`, id, replier)
	if !strings.Contains(view(reader).Body, "Endret bak ryggen") {
		t.Error("a reaction (the thread's version) does not renew the kept page")
	}

	// The reader's draft: on their next view, never on the other's.
	view(other)
	view(other)
	execSQL(t, `INSERT INTO forum_drafts (user_id, thread_id, body) VALUES ($1, $2, 'Et utkast til svar')`, readerID, id)
	if !strings.Contains(view(reader).Body, "Et utkast til svar") {
		t.Error("the reader's draft does not show on their next view")
	}
	if strings.Contains(view(other).Body, "Et utkast til svar") {
		t.Error("one viewer's draft shows on another viewer's page")
	}
	execSQL(t, `DELETE FROM forum_drafts WHERE user_id = $1`, readerID)
	if strings.Contains(view(reader).Body, "Et utkast til svar") {
		t.Error("a draft removed still shows")
	}

	// Two replies, each with the key of a kept view, are two posts.
	for i, body := range []string{"Første svar fra en holdt side", "Andre svar fra en holdt side"} {
		view(reader)
		key := formKeyRe.FindStringSubmatch(view(reader).Body)[1]
		if res := reader.PostForm(thread+"/svar", url.Values{"body": {body}, "skjema": {key}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reply %d: status %d", i+1, res.StatusCode)
		}
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1 AND body_md LIKE '%fra en holdt side'`, id); n != 2 {
		t.Errorf("%d replies stored from two kept views, want 2", n)
	}
}
