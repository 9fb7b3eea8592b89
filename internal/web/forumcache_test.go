package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// cacheForum makes an open forum of its own for a cache test, with a thread started by the
// member email and a reply by a fresh member of LAS; it returns the forum's and the thread's
// addresses and the replier's id.
func cacheForum(t *testing.T, c *webtest.Client, slug string) (forumPath, thread string, replier int64) {
	t.Helper()
	execSQL(t, `INSERT INTO forums (slug, name, description) VALUES ($1, 'Hurtigforum', 'Forum for hurtigbuffertest')`, slug)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM forum_threads WHERE forum_id = (SELECT id FROM forums WHERE slug = $1)`, slug)
		execSQL(t, `DELETE FROM forums WHERE slug = $1`, slug)
	})
	thread = startThread(t, c, slug, "Hurtigbufret tråd", "Første innlegg i den hurtigbufrede tråden.")
	_, replier = freshUser(t, "las", "member")
	execSQL(t, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		VALUES ($1, 2, $2, 'Opprinnelig svar', '<p>Opprinnelig svar</p>', 'hurtig-key-2')`, threadIDOf(t, thread), replier)
	execSQL(t, `UPDATE forum_threads SET post_count = 2 WHERE id = $1`, threadIDOf(t, thread))
	return "/forum/" + slug, thread, replier
}

// A thread's block of posts and a forum's first page are cached rendered, and a change made in
// SQL to anything they show is on the next request: the triggers count it in the change's
// transaction. A second view without a change is served from the cache.
func TestForumCacheIsStaleAfterEveryKindOfChange(t *testing.T) {
	c := newClient(t).Login("ansatt@hrs.example")
	forumPath, thread, replier := cacheForum(t, c, "hurtigforum")
	id := threadIDOf(t, thread)
	getOK(t, c, thread)
	if res := getOK(t, c, thread); res.Queries != 1 {
		t.Errorf("a second view of the thread: %d round trips, want 1 (the session with the page's reads; the posts from the cache)", res.Queries)
	}
	getOK(t, c, forumPath)
	if res := getOK(t, c, forumPath); res.Queries != 1 {
		t.Errorf("a second view of the forum: %d round trips, want 1 (the session with the page's reads; the threads from the cache)", res.Queries)
	}
	addDocuments(t, "las", "Hurtigvedlegg", 1)
	t.Cleanup(func() {
		execSQL(t, `UPDATE companies SET name = replace(name, ' (endret)', ''), short_name = replace(short_name, ' (endret)', '') WHERE slug = 'las'`)
		execSQL(t, `DELETE FROM user_avatars WHERE user_id = $1`, replier)
	})
	post2 := fmt.Sprintf(`(SELECT id FROM forum_posts WHERE thread_id = %d AND seq = 2)`, id)
	changes := []struct {
		what, path, sql string
		want            *regexp.Regexp
		absent          bool // the change takes it away
	}{
		{"a new reply", thread, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
			VALUES ($1, 3, $2, 'Nytt svar', '<p>Nytt svar skrevet i SQL</p>', 'hurtig-key-3')`, regexp.MustCompile(`Nytt svar skrevet i SQL`), false},
		{"an edit", thread, `UPDATE forum_posts SET body_html = '<p>Redigert svar</p>', edited_at = now() WHERE thread_id = $1 AND seq = 2 AND $2 > 0`, regexp.MustCompile(`Redigert svar`), false},
		{"a moderation", thread, `UPDATE forum_posts SET hidden_at = now(), hidden_reason = 'Skjult i hurtigtest' WHERE thread_id = $1 AND seq = 3 AND $2 > 0`, regexp.MustCompile(`Skjult i hurtigtest`), false},
		{"a reaction", thread, `INSERT INTO forum_reactions (post_id, user_id, kind) SELECT id, (SELECT id FROM users WHERE email = 'ansatt@hrs.example'), 'takk'
			FROM forum_posts WHERE thread_id = $1 AND seq = 2 AND $2 > 0`, regexp.MustCompile(`Takk fra `), false},
		{"a file", thread, `INSERT INTO forum_post_documents (post_id, document_id) SELECT ` + post2 + `, d.id FROM documents d WHERE d.title = 'Hurtigvedlegg 001' AND $1 > 0 AND $2 > 0`,
			regexp.MustCompile(`Hurtigvedlegg 001`), false},
		{"the file's title", thread, `UPDATE documents SET title = 'Hurtigvedlegg omdøpt' WHERE title = 'Hurtigvedlegg 001' AND $1 > 0 AND $2 > 0`, regexp.MustCompile(`Hurtigvedlegg omdøpt`), false},
		{"the author's name", thread, `UPDATE users SET name = 'Omdøpt Hurtigforfatter' WHERE id = $2 AND $1 > 0`, regexp.MustCompile(`Omdøpt Hurtigforfatter`), false},
		{"the author's company", thread, `UPDATE companies SET name = name || ' (endret)', short_name = CASE WHEN short_name = '' THEN '' ELSE short_name || ' (endret)' END
			WHERE slug = 'las' AND $1 > 0 AND $2 > 0`, regexp.MustCompile(` \(endret\)`), false},
		{"the author's move to another company", thread, `UPDATE users SET company_id = (SELECT id FROM companies WHERE slug = 'hrs') WHERE id = $2 AND $1 > 0`,
			regexp.MustCompile(`Omdøpt Hurtigforfatter</a>, ` + regexp.QuoteMeta(queryString(t, `SELECT coalesce(nullif(short_name, ''), name) FROM companies WHERE slug = 'hrs'`))), false},
		{"the author's photo", thread, `INSERT INTO user_avatars (user_id, small, large) SELECT $2, '\x01', '\x01' WHERE $1 > 0`,
			regexp.MustCompile(fmt.Sprintf(`/profilbilde/%d/`, replier)), false},
		{"the thread's lock", thread, `UPDATE forum_threads SET locked = true WHERE id = $1 AND $2 > 0`, regexp.MustCompile(`/svar\?sitat=`), true},
		{"a new thread", forumPath, `INSERT INTO forum_threads (forum_id, title, author_id, post_count) SELECT forum_id, 'Ny hurtigtråd fra SQL', $2, 1 FROM forum_threads WHERE id = $1`,
			regexp.MustCompile(`Ny hurtigtråd fra SQL`), false},
		{"a thread's title", forumPath, `UPDATE forum_threads SET title = 'Omdøpt hurtigtråd' WHERE id = $1 AND $2 > 0`, regexp.MustCompile(`Omdøpt hurtigtråd`), false},
		{"a thread's pin", forumPath, `UPDATE forum_threads SET pinned = true WHERE id = $1 AND $2 > 0`, regexp.MustCompile(`Omdøpt hurtigtråd</a>\s*<span class="ds-tag" data-color="neutral">Festet`), false},
		{"a reply's count", forumPath, `UPDATE forum_threads SET post_count = 3, last_post_at = now() WHERE id = $1 AND $2 > 0`, regexp.MustCompile(`· 3 innlegg`), false},
		{"a starter's name", forumPath, `UPDATE users SET name = 'Omdøpt Hurtigstarter' WHERE id = $2 AND $1 > 0`, regexp.MustCompile(`Startet av Omdøpt Hurtigstarter`), false},
		{"a moderator", forumPath, `INSERT INTO forum_moderators (forum_id, user_id) SELECT forum_id, $2 FROM forum_threads WHERE id = $1`, regexp.MustCompile(`Moderatorer:`), false},
		{"the forum's description", forumPath, `UPDATE forums SET description = 'Ny beskrivelse av hurtigforumet' WHERE slug = 'hurtigforum' AND $1 > 0 AND $2 > 0`,
			regexp.MustCompile(`Ny beskrivelse av hurtigforumet`), false},
	}
	for _, ch := range changes {
		before := getOK(t, c, ch.path).Body // cached now, if it was not
		if ch.want.MatchString(before) == !ch.absent {
			t.Fatalf("%s: the page is as after the change before it", ch.what)
		}
		execSQL(t, ch.sql, id, replier)
		if body := getOK(t, c, ch.path).Body; ch.want.MatchString(body) == ch.absent {
			t.Errorf("after %s in SQL the page %s is as before", ch.what, ch.path)
		}
	}
	if res := getOK(t, c, forumPath); strings.Contains(res.Body, "Hurtigbufret tråd") {
		t.Error("the forum page shows the thread's old title")
	}
}

// A cached block of posts or forum page is never served to a viewer who sees something else:
// one's own posts' buttons, one's reactions, what one has read, the moderators' tools, a file
// of a group and one's notification level differ per viewer, whoever came first.
func TestForumCacheNeverAcrossViewers(t *testing.T) {
	authorEmail, authorID := freshUser(t, "las", "member")
	readerEmail, readerID := freshUser(t, "hrs", "member")
	insiderEmail, insiderID := freshUser(t, "hrs", "member")
	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug = 'plukkanalyser'`, insiderID)
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil) // one portal: one cache
	author := webtest.NewClient(t, h).Login(authorEmail)
	reader := webtest.NewClient(t, h).Login(readerEmail)
	insider := webtest.NewClient(t, h).Login(insiderEmail)
	admin := webtest.NewClient(t, h).Login("klyngeleder@remiks.example")
	forumPath, thread, _ := cacheForum(t, author, "hurtigvisning")
	id := threadIDOf(t, thread)
	execSQL(t, `INSERT INTO forum_reactions (post_id, user_id, kind) SELECT id, $2, 'lik' FROM forum_posts WHERE thread_id = $1 AND seq = 1`, id, readerID)
	execSQL(t, `INSERT INTO forum_watches (user_id, forum_id, level) SELECT $1, id, 'watching' FROM forums WHERE slug = 'hurtigvisning'`, readerID)
	addDocuments(t, "hrs", "Gruppevedlegg", 1)
	execSQL(t, `UPDATE documents SET group_id = (SELECT id FROM groups WHERE slug = 'plukkanalyser') WHERE title = 'Gruppevedlegg 001'`)
	execSQL(t, `INSERT INTO forum_post_documents (post_id, document_id) SELECT p.id, d.id FROM forum_posts p, documents d
		WHERE p.thread_id = $1 AND p.seq = 1 AND d.title = 'Gruppevedlegg 001'`, id)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM forum_reads WHERE user_id = ANY($1)`, []int64{authorID, readerID, insiderID})
	})

	type expect struct{ edit, hide, react, pressed, file, manage, following bool }
	want := map[*webtest.Client]expect{
		author:  {edit: true},
		reader:  {react: true, pressed: true, following: true},
		insider: {react: true, file: true},
		admin:   {hide: true, react: true, file: true, manage: true},
	}
	name := map[*webtest.Client]string{author: "author", reader: "reader", insider: "group member", admin: "cluster admin"}
	check := func(c *webtest.Client, what string, got, want bool) {
		if got != want {
			t.Errorf("%s: %s %v, want %v", name[c], what, got, want)
		}
	}
	for round, order := range [][]*webtest.Client{{author, reader, insider, admin}, {admin, insider, reader, author}, {reader, admin, author, insider}} {
		execSQL(t, `UPDATE forum_threads SET title = title WHERE id = $1`, id) // a new version: the cache starts empty
		execSQL(t, `DELETE FROM forum_reads WHERE thread_id = $1`, id)
		execSQL(t, `INSERT INTO forum_reads (user_id, thread_id, last_seq) VALUES ($1, $2, 2)`, authorID, id) // the author has read it all
		for _, c := range order {
			w := want[c]
			list := getOK(t, c, forumPath).Body
			check(c, "unread mark on the forum page", strings.Contains(list, "thread-item__unread"), c != author)
			check(c, "link to manage the moderators", strings.Contains(list, "Administrer moderatorer"), w.manage)
			check(c, "following the forum", strings.Contains(list, "Varsler for forumet: Følger"), w.following)
			for view := range 2 { // the second view is the cached one, and all is read
				body := getOK(t, c, thread).Body
				check(c, fmt.Sprintf("round %d view %d: new marks", round, view), strings.Contains(body, `data-color="info">Ny<`), view == 0 && c != author)
				check(c, "edit own post", strings.Contains(body, "/innlegg/1/rediger"), w.edit)
				check(c, "hide a post", strings.Contains(body, "/innlegg/1/skjul"), w.hide)
				check(c, "react to the post", strings.Contains(body, "/innlegg/1/reaksjon"), w.react)
				check(c, "own reaction pressed", strings.Contains(body, `aria-pressed="true"`), w.pressed)
				check(c, "the group's file", strings.Contains(body, "Gruppevedlegg 001"), w.file)
			}
		}
	}
}

// A reply through the portal counts its thread's new version once, with the thread's count, in
// the reply's transaction: the cached block of posts is not served after it.
func TestForumCacheIsStaleAfterAReplyThroughThePortal(t *testing.T) {
	c := newClient(t).Login("ansatt@hrs.example")
	_, thread, _ := cacheForum(t, c, "hurtigsvar")
	getOK(t, c, thread)
	getOK(t, c, thread) // from the cache
	if res := replyTo(t, c, thread, "Et svar gjennom portalen til den hurtigbufrede tråden."); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: status %d", res.StatusCode)
	}
	if body := getOK(t, c, thread).Body; !strings.Contains(body, "Et svar gjennom portalen") {
		t.Error("the thread page does not show the reply made through the portal")
	}
}
