package web_test

import (
	"regexp"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// bellLabel is the bell's label on a page of c.
func bellLabel(t *testing.T, c *webtest.Client) string {
	t.Helper()
	m := regexp.MustCompile(`aria-label="(Varsler, [^"]+)"`).FindStringSubmatch(c.Get("/meg").Body)
	if m == nil {
		t.Fatal("the page has no bell")
	}
	return m[1]
}

// The bell is counted only when something it counts has changed (migration 00360): while the
// bell's version and the person are the same, the count comes from memory. Each change that can
// change the count (a notification, a post hidden, a thread moved, a forum closed, the person
// joining a group, notifications read) shows at once. Fails without the cache (step 2), without
// a trigger (the step of its change), or without comparing the person (the group step).
func TestBellCountedOnlyWhenItChanges(t *testing.T) {
	email, id := freshUser(t, "las", "member")
	c := newClient(t).Login(email)
	director := newClient(t).Login("direktor@las.example")
	thread := threadIDOf(t, startThread(t, director, "innsamling-og-logistikk", "Klokka som husker", "Start."))
	execSQL(t, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		SELECT $1::bigint, i, p.author_id, 'Svar', '<p>Svar</p>', 'bellcache-' || $1::bigint || '-' || i
		FROM forum_posts p, generate_series(2, 7) i WHERE p.thread_id = $1::bigint AND p.seq = 1`, thread)
	notify := func(seq int) {
		execSQL(t, `INSERT INTO notifications (user_id, post_id, kind) SELECT $1, id, 'reply' FROM forum_posts WHERE thread_id = $2 AND seq = $3`, id, thread, seq)
	}
	for seq := 2; seq <= 4; seq++ {
		notify(seq)
	}
	step := func(name, want string) {
		t.Helper()
		if got := bellLabel(t, c); got != want {
			t.Errorf("%s: the bell says %q, want %q", name, got, want)
		}
	}
	step("three notifications", "Varsler, 3 uleste")

	// A notification the bell's version does not know of is not counted: the count is memory's.
	notify(5)
	execSQL(t, `UPDATE bell_version SET n = n - 1 WHERE user_id = $1`, id)
	step("the version unchanged", "Varsler, 3 uleste")

	notify(6)
	step("a new notification", "Varsler, 5 uleste")
	// Who the user is reads only the bell's version: a page counts the bell in a round trip of
	// its own when the version is new to it, and the next page need not.
	notify(7)
	if first, next := c.Get("/tilgjengelighet").Queries, c.Get("/tilgjengelighet").Queries; first != 2 || next != 1 {
		t.Errorf("after a notification: %d round trips, then %d; want 2 (the bell counted), then 1", first, next)
	}
	execSQL(t, `DELETE FROM notifications WHERE user_id = $1 AND post_id = (SELECT id FROM forum_posts WHERE thread_id = $2 AND seq = 7)`, id, thread)

	execSQL(t, `UPDATE forum_posts SET hidden_at = now() WHERE thread_id = $1 AND seq = 6`, thread)
	step("a post hidden", "Varsler, 4 uleste")

	execSQL(t, `INSERT INTO forums (slug, name) VALUES ('klokkeforum', 'Klokkeforum')`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM forums WHERE slug = 'klokkeforum'`) })
	execSQL(t, `UPDATE forum_threads SET forum_id = (SELECT id FROM forums WHERE slug = 'direktorforum') WHERE id = $1`, thread)
	step("the thread moved to the directors' forum", "Varsler, ingen uleste")
	execSQL(t, `UPDATE forum_threads SET forum_id = (SELECT id FROM forums WHERE slug = 'klokkeforum') WHERE id = $1`, thread)
	step("the thread moved to an open forum", "Varsler, 4 uleste")

	execSQL(t, `UPDATE forums SET group_id = (SELECT id FROM groups WHERE slug = 'direktorforum') WHERE slug = 'klokkeforum'`)
	step("the forum closed to a group", "Varsler, ingen uleste")

	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug = 'direktorforum'`, id)
	step("the person in the group", "Varsler, 4 uleste")

	execSQL(t, `UPDATE forum_threads SET forum_id = (SELECT id FROM forums WHERE slug = 'innsamling-og-logistikk') WHERE id = $1`, thread)
	execSQL(t, `UPDATE notifications SET read_at = now() WHERE user_id = $1`, id)
	step("everything read", "Varsler, ingen uleste")
}
