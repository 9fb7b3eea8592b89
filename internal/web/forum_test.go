package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/web/webtest"
)

var formKeyRe = regexp.MustCompile(`name="skjema" value="([0-9a-f]{32})"`)

// formKey reads the one-time key of the post form on the page at path, as a browser sends it.
func formKey(t *testing.T, c *webtest.Client, path string) string {
	t.Helper()
	res := c.Get(path)
	m := formKeyRe.FindStringSubmatch(res.Body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("GET %s: status %d, no form key", path, res.StatusCode)
	}
	return m[1]
}

// startThread starts a thread in forum slug and returns its address.
func startThread(t *testing.T, c *webtest.Client, slug, title, body string) string {
	t.Helper()
	key := formKey(t, c, "/forum/"+slug+"/ny")
	res := c.PostForm("/forum/"+slug+"/ny", url.Values{"title": {title}, "body": {body}, "skjema": {key}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start thread in %s: status %d: %s", slug, res.StatusCode, res.Body)
	}
	return res.Header.Get("Location")
}

// replyTo answers the thread at path and returns the response.
func replyTo(t *testing.T, c *webtest.Client, path, body string) *webtest.Response {
	t.Helper()
	key := formKey(t, c, path+"/svar")
	return c.PostForm(path+"/svar", url.Values{"body": {body}, "skjema": {key}})
}

func threadIDOf(t *testing.T, path string) int64 {
	t.Helper()
	var slug string
	var id int64
	if _, err := fmt.Sscanf(strings.ReplaceAll(strings.TrimPrefix(path, "/forum/"), "/", " "), "%s %d", &slug, &id); err != nil {
		t.Fatalf("thread address %q: %v", path, err)
	}
	return id
}

func TestDirectorsForumDoesNotExistForOthers(t *testing.T) {
	director := newClient(t).Login("direktor@las.example")
	secretWords := "Hemmelig fusjonsplan mellom selskapene"
	thread := startThread(t, director, "direktorforum", "Fortrolig om eierstrategi", secretWords+" i nord.")
	id := threadIDOf(t, thread)
	if res := replyTo(t, director, thread, "Svar fra direktøren om fusjonsplanen."); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("director reply: status %d", res.StatusCode)
	}

	outsider := newClient(t).Login("ansatt@las.example")
	for _, p := range []string{"/forum/direktorforum", "/forum/direktorforum/ny", thread, thread + "?fra=1", thread + "/svar", thread + "/svar?sitat=1",
		thread + "/innlegg/1/rediger", fmt.Sprintf("/forum/generelt/%d", id)} {
		if res := outsider.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("outsider GET %s: status %d, want 404", p, res.StatusCode)
		}
	}
	for _, p := range []string{thread + "/svar", thread + "/innlegg/1/rediger", thread + "/innlegg/1/slett", thread + "/folg", thread + "/moderer",
		"/forum/direktorforum/ny", "/forum/direktorforum/lest", "/forum/direktorforum/folg"} {
		form := url.Values{"body": {"Jeg snoker"}, "title": {"Snoking"}, "skjema": {"0123456789abcdef0123456789abcdef"}, "nivaa": {"watching"}, "handling": {"pin"}}
		if res := outsider.PostForm(p, form); res.StatusCode != http.StatusNotFound {
			t.Errorf("outsider POST %s: status %d, want 404", p, res.StatusCode)
		}
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1`, id); n != 2 {
		t.Errorf("%d posts in the directors' thread after the outsider's attempts, want 2", n)
	}
	list := outsider.Get("/forum")
	if strings.Contains(list.Body, "Direktørforum") || strings.Contains(list.Body, "Styringsgruppen") || strings.Contains(list.Body, "eierstrategi") {
		t.Error("the forum list shows a restricted forum to an outsider")
	}
	search := outsider.Get("/forum/sok?q=" + url.QueryEscape("fusjonsplan"))
	if search.StatusCode != http.StatusOK || strings.Contains(search.Body, "eierstrategi") || !strings.Contains(search.Body, "Ingen treff") {
		t.Errorf("search shows restricted content to an outsider (status %d)", search.StatusCode)
	}
	ctx := context.Background()
	store := forum.NewStore(dbtest.Pool(t), markdown.New())
	outsiderUser := &auth.User{ID: userID(t, "ansatt@las.example"), Role: auth.RoleMember}
	feed, err := store.Feed(ctx, outsiderUser, 50)
	if err != nil {
		t.Fatal(err)
	}
	unread, err := store.UnreadThreads(ctx, outsiderUser, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range append(feed, unread...) {
		if item.ThreadID == id || item.ForumSlug == "direktorforum" || item.ForumSlug == "styringsgruppen" {
			t.Errorf("dashboard feed shows %q of %s to an outsider", item.Title, item.ForumSlug)
		}
	}

	// A member of the group sees all of it.
	member := newClient(t).Login("direktor@vefas.example")
	member.PostForm("/varsler/lest", nil) // news and consultations of other tests notify every member too
	for _, p := range []string{"/forum/direktorforum", thread, thread + "/svar?sitat=1"} {
		if res := member.Get(p); res.StatusCode != http.StatusOK {
			t.Errorf("member GET %s: status %d", p, res.StatusCode)
		}
	}
	if res := member.Get("/forum/sok?q=fusjonsplanene"); !strings.Contains(res.Body, "Fortrolig om eierstrategi") {
		t.Error("a member's search does not find the thread")
	}
	if res := member.Get("/forum"); !strings.Contains(res.Body, "Direktørforum") {
		t.Error("a member's forum list lacks the directors' forum")
	}

	// The member is mentioned there; once removed, the notification is gone from the bell too.
	var memberName string
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT name FROM users WHERE email = 'direktor@vefas.example'`).Scan(&memberName); err != nil {
		t.Fatal(err)
	}
	if res := replyTo(t, director, thread, "Hva mener du, @"+memberName+"?"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mention: status %d", res.StatusCode)
	}
	if res := member.Get("/varsler"); !strings.Contains(res.Body, "nevnte deg i «Fortrolig om eierstrategi»") {
		t.Error("the member has no notification of the mention")
	}

	// Removed from the group: the next request no longer finds it.
	execSQL(t, `DELETE FROM group_members WHERE user_id = $1 AND group_id = (SELECT id FROM groups WHERE slug = 'direktorforum')`, userID(t, "direktor@vefas.example"))
	t.Cleanup(func() {
		execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug = 'direktorforum' ON CONFLICT DO NOTHING`, userID(t, "direktor@vefas.example"))
	})
	for _, p := range []string{"/forum/direktorforum", thread} {
		if res := member.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("after removal GET %s: status %d, want 404", p, res.StatusCode)
		}
	}
	if res := member.Get("/varsler"); strings.Contains(res.Body, "eierstrategi") || !strings.Contains(res.Body, "Varsler, ingen uleste") {
		t.Error("after removal the notifications still show the directors' thread")
	}
	if res := replyTo404(t, member, thread); res.StatusCode != http.StatusNotFound {
		t.Errorf("after removal POST reply: status %d, want 404", res.StatusCode)
	}
}

func replyTo404(t *testing.T, c *webtest.Client, path string) *webtest.Response {
	t.Helper()
	return c.PostForm(path+"/svar", url.Values{"body": {"Et forsøk"}, "skjema": {"0123456789abcdef0123456789abcdef"}})
}

func TestStoredXSSRendersInert(t *testing.T) {
	c := newClient(t).Login("ansatt@haf.example")
	payloads := []string{
		`<script>alert("x")</script>`,
		`[klikk](javascript:alert(1))`,
		`[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
		`[entitet](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))`,
		`[tab](java	script:alert(1))`,
		`<img src=x onerror=alert(1)>`,
		`<a href="#" onclick="alert(1)">lenke</a>`,
		`<svg onload=alert(1)><script>alert(2)</script></svg>`,
		`![bilde](javascript:alert(1))`,
		`<iframe src="https://evil.example"></iframe>`,
	}
	thread := startThread(t, c, "generelt", `<script>alert("tittel")</script> XSS-test`, strings.Join(payloads, "\n\n"))
	res := c.Get(thread)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	lower := strings.ToLower(res.Body)
	for _, bad := range []string{`<script>alert`, `javascript:`, `data:text`, `onerror=`, `onclick=`, `onload=`, `<svg`, `<iframe`, `<img`} {
		if strings.Contains(lower, bad) {
			t.Errorf("thread page contains %q", bad)
		}
	}
	if !strings.Contains(res.Body, `&lt;script&gt;alert(&#34;tittel&#34;)&lt;/script&gt; XSS-test`) {
		t.Error("the title is not shown escaped")
	}
	if !strings.Contains(res.Body, `rel="nofollow noopener"`) && strings.Contains(res.Body, "<a href=\"http") {
		t.Error("links lack rel=nofollow noopener")
	}
}

func TestOthersPostsCannotBeChangedAndLockedThreadsRefuseReplies(t *testing.T) {
	author := newClient(t).Login("ansatt@hrs.example")
	thread := startThread(t, author, "hms-og-beredskap", "Verneutstyr i sorteringshallen", "Hvilke hansker bruker dere?")
	id := threadIDOf(t, thread)
	other := newClient(t).Login("ansatt@fimil.example")
	if res := other.PostForm(thread+"/innlegg/1/rediger", url.Values{"body": {"Overskrevet"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("editing another's post: status %d, want 403", res.StatusCode)
	}
	if res := other.Get(thread + "/innlegg/1/rediger"); res.StatusCode != http.StatusForbidden {
		t.Errorf("edit form of another's post: status %d, want 403", res.StatusCode)
	}
	if res := other.PostForm(thread+"/innlegg/1/slett", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("deleting another's post: status %d, want 403", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1 AND body_md = 'Hvilke hansker bruker dere?' AND deleted_at IS NULL AND edited_at IS NULL`, id); n != 1 {
		t.Error("another member changed the post")
	}
	// Own edit shows "redigert"; own delete shows the post as removed.
	if res := author.PostForm(thread+"/innlegg/1/rediger", url.Values{"body": {"Hvilke **hansker** bruker dere i hallen?"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("own edit: status %d", res.StatusCode)
	}
	if res := author.Get(thread); !strings.Contains(res.Body, "redigert") || !strings.Contains(res.Body, "<strong>hansker</strong>") {
		t.Error("the edited post does not show its new text and 'redigert'")
	}
	if res := other.PostForm(thread+"/innlegg/1/skjul", url.Values{"reason": {"Tull"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member hiding a post: status %d, want 403", res.StatusCode)
	}
	if res := other.PostForm(thread+"/moderer", url.Values{"handling": {"lock"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member locking a thread: status %d, want 403", res.StatusCode)
	}

	// The cluster leader locks the thread; no reply is accepted, also not from a form loaded before.
	key := formKey(t, other, thread+"/svar")
	leader := newClient(t).Login("klyngeleder@remiks.example")
	if res := leader.PostForm(thread+"/moderer", url.Values{"handling": {"lock"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lock: status %d", res.StatusCode)
	}
	if res := other.PostForm(thread+"/svar", url.Values{"body": {"Sent svar"}, "skjema": {key}}); res.StatusCode != http.StatusConflict {
		t.Errorf("reply to a locked thread: status %d, want 409", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1`, id); n != 1 {
		t.Errorf("%d posts in the locked thread, want 1", n)
	}
	if res := other.Get(thread + "/svar"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != thread {
		t.Errorf("reply form of a locked thread: status %d, want a redirect to the thread", res.StatusCode)
	}
	if res := other.Get(thread); strings.Contains(res.Body, `action="`+thread+`/svar"`) {
		t.Error("a locked thread shows the reply form")
	}
	if n := queryInt(t, `SELECT count(*) FROM audit_log WHERE action = 'forum.thread.lock' AND target_id = $1`, id); n != 1 {
		t.Error("the lock is not in the audit log")
	}
	// Pin, move, hide: each in the audit log.
	for _, form := range []url.Values{{"handling": {"pin"}}, {"handling": {"unlock"}}, {"handling": {"move"}, "til": {"generelt"}}} {
		if res := leader.PostForm(strings.Replace(thread, "hms-og-beredskap", currentForum(t, id), 1)+"/moderer", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("moderate %v: status %d", form, res.StatusCode)
		}
	}
	moved := fmt.Sprintf("/forum/generelt/%d", id)
	if res := leader.Get(thread); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != moved {
		t.Errorf("old address of a moved thread: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := leader.PostForm(moved+"/innlegg/1/skjul", url.Values{"reason": {" "}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="grunn-1-feil">Feltet må fylles ut.`) {
		t.Errorf("hiding without a reason: status %d, want 422 with the message beside the field", res.StatusCode)
	}
	if res := leader.PostForm(moved+"/innlegg/1/skjul", url.Values{"reason": {"Bryter med retningslinjene"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hide: status %d", res.StatusCode)
	}
	if res := other.Get(moved); strings.Contains(res.Body, "hansker") || !strings.Contains(res.Body, "Bryter med retningslinjene") {
		t.Error("a hidden post shows its text, or not its reason")
	}
	if n := queryInt(t, `SELECT count(*) FROM audit_log WHERE action IN ('forum.thread.pin', 'forum.thread.move', 'forum.thread.unlock', 'forum.post.hide')
		AND (target_id = $1 OR details->>'thread_id' = $1::text)`, id); n != 4 {
		t.Errorf("%d moderation actions in the audit log, want 4", n)
	}
}

func currentForum(t *testing.T, threadID int64) string {
	t.Helper()
	var slug string
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT f.slug FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE t.id = $1`, threadID).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	return slug
}

func TestDoubleSubmitCreatesOnePostAndDeleteKeepsThePlace(t *testing.T) {
	c := newClient(t).Login("ansatt@reno-vest.example")
	thread := startThread(t, c, "ombruk-og-sirkularokonomi", "Gjenbrukstorg i sentrum", "Noen som har erfaring?")
	id := threadIDOf(t, thread)
	key := formKey(t, c, thread)
	form := url.Values{"body": {"Ja, vi åpnet ett i fjor."}, "skjema": {key}}
	first, second := c.PostForm(thread+"/svar", form), c.PostForm(thread+"/svar", form)
	if first.StatusCode != http.StatusSeeOther || second.StatusCode != http.StatusSeeOther || first.Header.Get("Location") != second.Header.Get("Location") {
		t.Fatalf("double submit: %d %q and %d %q", first.StatusCode, first.Header.Get("Location"), second.StatusCode, second.Header.Get("Location"))
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1`, id); n != 2 {
		t.Errorf("%d posts after a double submit, want 2", n)
	}
	if res := c.PostForm(thread+"/innlegg/2/slett", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete own post: status %d", res.StatusCode)
	}
	res := c.Get(thread)
	if strings.Contains(res.Body, "vi åpnet ett i fjor") || !strings.Contains(res.Body, "Innlegget er slettet av forfatteren") || !strings.Contains(res.Body, `id="innlegg-2"`) {
		t.Error("a deleted post shows its text, or lost its place")
	}
	// Invalid input: 422 with the message beside the field, nothing stored.
	bad := c.PostForm(thread+"/svar", url.Values{"body": {"  "}, "skjema": {formKey(t, c, thread)}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Feltet må fylles ut.") || !strings.Contains(bad.Body, "ds-error-summary") {
		t.Errorf("empty reply: status %d", bad.StatusCode)
	}
	long := c.PostForm(thread+"/svar", url.Values{"body": {strings.Repeat("å", markdown.MaxLength+1)}, "skjema": {formKey(t, c, thread)}})
	if long.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("too long reply: status %d, want 422", long.StatusCode)
	}
	ctrl := c.PostForm("/forum/generelt/ny", url.Values{"title": {"Skjult\u202etegn"}, "body": {"tekst"}, "skjema": {formKey(t, c, "/forum/generelt/ny")}})
	if ctrl.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(ctrl.Body, "kontrolltegn") {
		t.Errorf("title with a control character: status %d, want 422", ctrl.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1`, id); n != 2 {
		t.Errorf("%d posts after invalid replies, want 2", n)
	}
}

func TestReadStateAndNotifications(t *testing.T) {
	execSQL(t, `DELETE FROM mail_outbox`)
	starter := newClient(t).Login("ansatt@avfallsservice.example")
	replier := newClient(t).Login("ansatt@senja-avfall.example")
	mentioned := newClient(t).Login("admin@avfallsservice.example")
	var mentionedName string
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT name FROM users WHERE email = 'admin@avfallsservice.example'`).Scan(&mentionedName); err != nil {
		t.Fatal(err)
	}
	thread := startThread(t, starter, "innsamling-og-logistikk", "Nye beholdere for glass og metall", "Vi bytter beholdere til våren.")
	id := threadIDOf(t, thread)

	// Unread for someone else: in the forum list, the forum page and the dashboard method.
	if res := replier.Get("/forum/innsamling-og-logistikk"); !strings.Contains(res.Body, fmt.Sprintf(`thread-item__unread" data-color="info" href="/forum/innsamling-og-logistikk/%d?fra=1#innlegg-1">Ulest`, id)) {
		t.Error("the new thread is not marked new for another member")
	}
	replierUser := &auth.User{ID: userID(t, "ansatt@senja-avfall.example"), Role: auth.RoleMember}
	store := forum.NewStore(dbtest.Pool(t), markdown.New())
	if !hasThread(t, store, replierUser, id) {
		t.Error("UnreadThreads lacks the new thread")
	}
	unreadIn := func() int {
		forums, err := store.Forums(context.Background(), replierUser)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range forums {
			if f.Slug == "innsamling-og-logistikk" {
				return f.Unread
			}
		}
		t.Fatal("the forum is not listed")
		return 0
	}
	before := unreadIn()
	if res := replier.Get(thread); !strings.Contains(res.Body, `<span class="ds-tag" data-color="info">Ny</span>`) {
		t.Error("the unread post has no 'Ny' marker")
	}
	if hasThread(t, store, replierUser, id) {
		t.Error("the thread is still unread after reading it")
	}
	if after := unreadIn(); after != before-1 {
		t.Errorf("the forum's unread count went from %d to %d after reading the thread, want one less", before, after)
	}

	// A reply notifies the starter (watching what they started) in the bell, /varsler and by mail.
	starter.PostForm("/varsler/lest", nil) // news and consultations of other tests notify every member too
	if res := replyTo(t, replier, thread, "Vi har gode erfaringer med nedgravde løsninger. @"+mentionedName+", hva mener du?"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: status %d", res.StatusCode)
	}
	home := starter.Get("/forum")
	if !strings.Contains(home.Body, "Varsler, 1 ulest") {
		t.Error("the bell does not count the new notification")
	}
	list := starter.Get("/varsler")
	if !strings.Contains(list.Body, "svarte i «Nye beholdere for glass og metall»") {
		t.Error("/varsler lacks the reply")
	}
	if res := mentioned.Get("/varsler"); !strings.Contains(res.Body, "nevnte deg i «Nye beholdere for glass og metall»") {
		t.Error("the mentioned person has no mention notification")
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = 'ansatt@avfallsservice.example' AND subject LIKE 'Nytt svar i «Nye beholdere%'`); n != 1 {
		t.Errorf("%d reply mails to the starter, want 1", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = 'admin@avfallsservice.example' AND subject LIKE '%nevnte deg%'`); n != 1 {
		t.Errorf("%d mention mails, want 1", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = 'ansatt@senja-avfall.example'`); n != 0 {
		t.Error("the replier was notified of their own reply")
	}
	// The starter reads the thread: the notification is read, the "ny" marker is on post 2 only.
	page := starter.Get(thread)
	if strings.Count(page.Body, `data-color="info">Ny</span>`) != 1 {
		t.Error("want exactly one 'Ny' marker (the reply) for the starter")
	}
	// The bell is loaded with the user before the page marks the notification read: the page
	// that read it already shows the bell without it.
	if !strings.Contains(page.Body, "Varsler, ingen uleste") {
		t.Error("the thread page that read the notification still counts it in the bell")
	}
	if res := starter.Get("/forum"); !strings.Contains(res.Body, "Varsler, ingen uleste") {
		t.Error("reading the thread does not clear its notification")
	}

	// Muted: no more notifications. Mark all as read clears the forum's unread count.
	if res := starter.PostForm(thread+"/folg", url.Values{"nivaa": {"muted"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mute: status %d", res.StatusCode)
	}
	replyTo(t, replier, thread, "Et svar til.")
	if n := queryInt(t, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'ansatt@avfallsservice.example' AND n.read_at IS NULL AND n.post_id IS NOT NULL`); n != 0 {
		t.Errorf("%d notifications for a muted thread", n)
	}
	if res := mentioned.PostForm("/forum/innsamling-og-logistikk/lest", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark all read: status %d", res.StatusCode)
	}
	if res := mentioned.Get("/forum/innsamling-og-logistikk"); strings.Contains(res.Body, "thread-item__unread") {
		t.Error("threads are still unread after 'marker alle som lest'")
	}

	// A mention in a forum the mentioned person may not see notifies nobody.
	director := newClient(t).Login("direktor@avfallsservice.example")
	startThread(t, director, "direktorforum", "Om ansettelser", "Dette bør @"+mentionedName+" ikke se.")
	if n := queryInt(t, `SELECT count(*) FROM notifications n JOIN forum_posts p ON p.id = n.post_id JOIN forum_threads t ON t.id = p.thread_id
		WHERE n.user_id = $1 AND t.title = 'Om ansettelser'`, userID(t, "admin@avfallsservice.example")); n != 0 {
		t.Error("a mention notified someone outside the directors' forum")
	}
}

func hasThread(t *testing.T, store *forum.Store, u *auth.User, id int64) bool {
	t.Helper()
	list, err := store.UnreadThreads(context.Background(), u, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range list {
		if it.ThreadID == id {
			return true
		}
	}
	return false
}

func TestMailChoiceOnMyPage(t *testing.T) {
	c := newClient(t).Login("ansatt@fimil.example")
	if res := c.Get("/meg"); !strings.Contains(res.Body, `value="immediate" checked`) {
		t.Error("/meg does not show the default mail choice")
	}
	if res := c.PostForm("/meg/varsler", url.Values{"epost": {"digest"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", res.StatusCode)
	}
	if res := c.Get("/meg"); !strings.Contains(res.Body, `value="digest" checked`) {
		t.Error("the digest choice is not saved")
	}
	if res := c.PostForm("/meg/varsler", url.Values{"epost": {"spam"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("invalid choice: status %d, want 422", res.StatusCode)
	}
}

func TestForumSearchFindsInflectedForms(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	res := c.Get("/forum/sok?q=plukkanalysene")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Felles metode for plukkanalyse av restavfall") {
		t.Fatalf("search for 'plukkanalysene': status %d, lacks the seeded thread", res.StatusCode)
	}
	if !strings.Contains(res.Body, "<mark>") {
		t.Error("no highlighted snippet")
	}
	if res := c.Get("/forum/sok?q=" + url.QueryEscape("<script>")); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "<script>") {
		t.Errorf("search with markup: status %d", res.StatusCode)
	}
	if res := c.Get("/forum/sok?q=a%00b"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("search with a control character: status %d, want 400", res.StatusCode)
	}
}

func TestForumPagesRunABoundedNumberOfQueries(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	small := startThread(t, c, "generelt", "Liten tråd for telling", "Ett innlegg.")
	c.Get(small) // shows the flash message of the new thread, which writes the session once
	measure := func(paths ...string) []int64 {
		var out []int64
		for _, p := range paths {
			c.Get(p) // each view is the first after a change, with the page kept for the viewer before it
			res := coldGet(t, c, p)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d", p, res.StatusCode)
			}
			out = append(out, res.Queries)
		}
		return out
	}
	before := measure("/forum", "/forum/generelt", small, "/forum/sok?q=plukkanalyse", "/varsler", "/forum/siste", "/forum/uleste", "/forum/mine")

	// A forum with 5 000 threads and a thread with 500 posts.
	var forumID, big int64
	pool := dbtest.Pool(t)
	ctx := context.Background()
	if err := pool.QueryRow(ctx, `INSERT INTO forums (slug, name) VALUES ('mengde-forum', 'Mengdeforum') RETURNING id`).Scan(&forumID); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM forum_threads WHERE forum_id = $1`, forumID)
		execSQL(t, `DELETE FROM forums WHERE id = $1`, forumID)
	})
	execSQL(t, `INSERT INTO forum_threads (forum_id, title, author_id, post_count, last_post_at)
		SELECT $1, 'Mengdetråd ' || i, $2, 1, now() - make_interval(mins => i) FROM generate_series(1, 5000) i`, forumID, userID(t, "ansatt@las.example"))
	execSQL(t, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		SELECT id, 1, author_id, 'Innhold', '<p>Innhold</p>', 'mengde-key-' || id FROM forum_threads WHERE forum_id = $1`, forumID)
	if err := pool.QueryRow(ctx, `SELECT min(id) FROM forum_threads WHERE forum_id = $1`, forumID).Scan(&big); err != nil {
		t.Fatal(err)
	}
	execSQL(t, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		SELECT $1::bigint, i, $2::bigint, 'Svar ' || i, '<p>Svar ' || i || '</p>', 'mengde-key-' || $1::bigint || '-' || i FROM generate_series(2, 500) i`, big, userID(t, "ansatt@hrs.example"))
	execSQL(t, `UPDATE forum_threads SET post_count = 500 WHERE id = $1`, big)
	bigThread := fmt.Sprintf("/forum/mengde-forum/%d", big)
	addDocuments(t, "las", "Mengdetrådvedlegg", 60)
	execSQL(t, `UPDATE documents SET thread_id = $1 WHERE title LIKE 'Mengdetrådvedlegg %'`, big)

	c.Get(bigThread + "?fra=451") // read, as the small one was: its first view marks it read too
	after := measure("/forum", "/forum/mengde-forum", bigThread+"?fra=451", "/forum/sok?q=plukkanalyse", "/varsler", "/forum/siste", "/forum/uleste", "/forum/mine")
	for i, name := range []string{"forum list", "forum page", "thread page", "search", "notifications", "latest", "unread", "mine"} {
		t.Logf("%s: %d queries before, %d after", name, before[i], after[i])
		if after[i] != before[i] || after[i] > 8 {
			t.Errorf("%s: %d queries with little data, %d with 5 000 threads and 500 posts; want equal and at most 8", name, before[i], after[i])
		}
	}
	page := c.Get(bigThread + "?fra=451")
	if n := strings.Count(page.Body, "Mengdetrådvedlegg "); n != 20 {
		t.Errorf("the thread page lists %d of its 60 documents, want 20", n)
	}
	if !strings.Contains(page.Body, `id="innlegg-500"`) || strings.Contains(page.Body, `id="innlegg-450"`) || !strings.Contains(page.Body, "?fra=401") {
		t.Error("the last page of a long thread does not hold posts 451–500 with a link to the earlier ones")
	}
	list := c.Get("/forum/mengde-forum")
	next := regexp.MustCompile(`href="(/forum/mengde-forum\?etter=[^"]+)"`).FindStringSubmatch(list.Body)
	if next == nil || strings.Count(list.Body, `class="thread-item"`) != 50 {
		t.Fatal("the forum page does not show 50 threads and a link to the next page")
	}
	second := c.Get(strings.ReplaceAll(next[1], "&amp;", "&"))
	if second.StatusCode != http.StatusOK || !strings.Contains(second.Body, "Mengdetråd 51<") || strings.Contains(second.Body, "Mengdetråd 50<") {
		t.Error("the second page of threads does not continue after the first")
	}
}

// The bell counts no further than 99: a person with hundreds of unread notifications sees
// "99+", and the page does no more work than with a few.
func TestBellStopsCountingAt99(t *testing.T) {
	email, id := freshUser(t, "las", "member")
	c := newClient(t).Login(email)
	director := newClient(t).Login("direktor@las.example")
	thread := startThread(t, director, "innsamling-og-logistikk", "Mange svar i én tråd", "Start.")
	execSQL(t, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		SELECT $1::bigint, i, p.author_id, 'Svar', '<p>Svar</p>', 'bell-' || $1::bigint || '-' || i
		FROM forum_posts p, generate_series(2, 151) i WHERE p.thread_id = $1::bigint AND p.seq = 1`, threadIDOf(t, thread))
	execSQL(t, `INSERT INTO notifications (user_id, post_id, kind) SELECT $1, id, 'reply' FROM forum_posts WHERE thread_id = $2`, id, threadIDOf(t, thread))
	res := c.Get("/meg")
	if !strings.Contains(res.Body, `aria-label="Varsler, 99+ uleste"`) || !strings.Contains(res.Body, ">99+</span>") {
		t.Errorf("the bell does not say 99+ with 151 unread notifications")
	}
}
