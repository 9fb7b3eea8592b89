package web_test

import (
	"net/http"
	"strings"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// A page's reads of the viewer's own travel with who the viewer is (keptPage.own): a second
// view of the dashboard, a forum, a thread, an event, a meeting, the desk and an owner's front
// page is one round trip, and shows what the page shows.
func TestOwnReadsTravelWithTheViewer(t *testing.T) {
	director := newClient(t).Login("direktor@las.example")
	thread := startThread(t, director, "innsamling-og-logistikk", "Én rundtur", "Start på tråden.")
	owner := newClient(t).Login("eier@bodo.example")
	admin := newClient(t).Login("klyngeleder@remiks.example")
	meeting := queryString(t, `SELECT m.id::text FROM meetings m JOIN groups g ON g.id = m.group_id WHERE g.slug = 'direktorforum' ORDER BY m.id LIMIT 1`)
	pages := []struct {
		c          *webtest.Client
		path, want string
	}{
		{director, "/", "Hei, "},
		{director, "/forum/innsamling-og-logistikk", "Én rundtur"},
		{director, thread, "Start på tråden."},
		{director, "/arrangementer/" + eventID(t, "Workshop: plukkanalyser i praksis"), "Workshop: plukkanalyser i praksis"},
		{director, "/moter/" + meeting, "<h1"},
		{admin, "/skrivebord", "Skrivebordet"},
		{owner, "/", "Bodø"},
	}
	for _, p := range pages {
		p.c.Get(p.path) // fills the caches and the viewer as last read
		res := p.c.Get(p.path)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, p.want) {
			t.Errorf("%s: status %d, lacks %q", p.path, res.StatusCode, p.want)
		}
		if res.Queries != 1 {
			t.Errorf("a second view of %s made %d round trips, want 1 (the session, who the viewer is and the page's reads)", p.path, res.Queries)
		}
	}
}

// Read with who the viewer is, a thread's block is still marked read, and only when there is
// something to mark: the viewer's read state behind the block, or an unread notification of a
// post in it (a mention added to an old post). The marking is then one more round trip.
func TestThreadMarkedReadWithOwnReads(t *testing.T) {
	director := newClient(t).Login("direktor@las.example")
	thread := startThread(t, director, "innsamling-og-logistikk", "Lest eller ikke", "Første innlegg.")
	replyTo(t, director, thread, "Andre innlegg.")
	email, uid := freshUser(t, "las", "member")
	c := newClient(t).Login(email)
	id := threadIDOf(t, thread)
	lastSeq := func() int64 {
		return queryInt(t, `SELECT coalesce((SELECT last_seq FROM forum_reads WHERE user_id = $1 AND thread_id = $2), 0)`, uid, id)
	}
	c.Get(thread)
	if res := c.Get(thread); res.Queries != 1 || lastSeq() != 2 {
		t.Fatalf("a thread read to its end: %d round trips, read up to %d; want 1 and 2", res.Queries, lastSeq())
	}

	execSQL(t, `UPDATE forum_reads SET last_seq = 0 WHERE user_id = $1 AND thread_id = $2`, uid, id)
	if res := c.Get(thread); res.Queries != 2 || lastSeq() != 2 {
		t.Errorf("a thread not read: %d round trips, read up to %d afterwards; want 2 and 2", res.Queries, lastSeq())
	}

	execSQL(t, `INSERT INTO notifications (user_id, post_id, kind) SELECT $1, id, 'mention' FROM forum_posts WHERE thread_id = $2 AND seq = 1`, uid, id)
	unread := func() int64 {
		return queryInt(t, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, uid)
	}
	if unread() != 1 {
		t.Fatal("the test's notification is not there")
	}
	res := c.Get(thread)
	if res.Queries < 2 || unread() != 0 {
		t.Errorf("an unread mention in the block: %d round trips, %d unread afterwards; want the marking and 0", res.Queries, unread())
	}
	if strings.Contains(res.Body, "1 uleste") {
		t.Error("the bell still counts the notification the page marked read")
	}
	if res := c.Get(thread); res.Queries != 1 {
		t.Errorf("a thread read again: %d round trips, want 1", res.Queries)
	}
}

// The reads sent with who the viewer is are made for the viewer as last read; when the viewer
// read with them is another, they are dropped and the page reads anew: a cluster admin made a
// member no longer sees a draft event on the very next view, and someone removed from the
// directors' forum no longer sees it or its threads.
func TestOwnReadsFollowTheViewerNotTheHint(t *testing.T) {
	draft := testEvent(t, "Utkast bare for klyngeadministrator", "status = 'draft'")
	admin := newClient(t).Login("klyngeleder@remiks.example")
	t.Cleanup(func() {
		execSQL(t, `UPDATE users SET role = 'cluster_admin' WHERE email = 'klyngeleder@remiks.example'`)
	})
	admin.Get("/arrangementer/" + draft)
	if res := admin.Get("/arrangementer/" + draft); res.StatusCode != http.StatusOK || res.Queries != 1 {
		t.Fatalf("a draft event for the cluster admin: status %d, %d round trips", res.StatusCode, res.Queries)
	}
	execSQL(t, `UPDATE users SET role = 'member' WHERE email = 'klyngeleder@remiks.example'`)
	if res := admin.Get("/arrangementer/" + draft); res.StatusCode != http.StatusNotFound {
		t.Errorf("a draft event right after the cluster admin was made a member: status %d, want 404", res.StatusCode)
	}

	director := newClient(t).Login("direktor@las.example")
	thread := startThread(t, director, "direktorforum", "Bare for direktører", "Innhold for direktørforumet.")
	email, uid := freshUser(t, "las", "member")
	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug = 'direktorforum'`, uid)
	c := newClient(t).Login(email)
	for _, path := range []string{thread, "/forum/direktorforum"} {
		c.Get(path)
		if res := c.Get(path); res.StatusCode != http.StatusOK || res.Queries != 1 {
			t.Fatalf("%s for a member of the directors' forum: status %d, %d round trips", path, res.StatusCode, res.Queries)
		}
	}
	execSQL(t, `DELETE FROM group_members WHERE user_id = $1`, uid)
	for _, path := range []string{thread, "/forum/direktorforum"} {
		if res := c.Get(path); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, "Bare for direktører") {
			t.Errorf("%s right after leaving the group: status %d, want 404 without the thread", path, res.StatusCode)
		}
	}
}
