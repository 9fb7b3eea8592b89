package forum

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/net/html"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/markdown"
)

// viewer loads the demo account email as the signed-in user.
func viewer(t *testing.T, email string) *auth.User {
	t.Helper()
	u := &auth.User{Email: email}
	var role string
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT id, company_id, name, role FROM users WHERE email = $1`, email).
		Scan(&u.ID, &u.CompanyID, &u.Name, &role); err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	u.Role = auth.Role(role)
	return u
}

func exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := dbtest.Pool(t).Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := dbtest.Pool(t).QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func key(n int) string { return fmt.Sprintf("%032x", time.Now().UnixNano()+int64(n)) }

func TestDigestGathersADayAndNeverWhatIsNoLongerVisible(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t), markdown.New())
	director := viewer(t, "direktor@haf.example")
	colleague := viewer(t, "direktor@hrs.example")
	exec(t, `DELETE FROM mail_outbox`)
	if err := s.SetMailChoice(ctx, director, MailDigest); err != nil {
		t.Fatal(err)
	}
	var open, closed int64
	forumID := func(slug string) int64 {
		var id int64
		if err := dbtest.Pool(t).QueryRow(ctx, `SELECT id FROM forums WHERE slug = $1`, slug).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	var err error
	if open, err = s.StartThread(ctx, director, forumID("plukkanalyser"), NewThread{Title: "Sammendrag åpen", Body: "Start.", Key: key(1)}, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	if closed, err = s.StartThread(ctx, director, forumID("direktorforum"), NewThread{Title: "Sammendrag lukket", Body: "Start.", Key: key(2)}, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	for i, thread := range []int64{open, closed, open} {
		if _, err := s.AddReply(ctx, colleague, thread, Reply{Body: fmt.Sprintf("Svar %d", i), Key: key(10 + i)}, "http://portal.test"); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, `SELECT count(*) FROM mail_outbox WHERE to_address = $1`, director.Email); n != 0 {
		t.Fatalf("%d mails at once for someone who chose the digest", n)
	}
	// The director leaves the directors' forum before the digest is made.
	exec(t, `DELETE FROM group_members WHERE user_id = $1`, director.ID)
	t.Cleanup(func() {
		exec(t, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug = 'direktorforum' ON CONFLICT DO NOTHING`, director.ID)
	})

	now := time.Now().Add(time.Minute) // the fake clock
	n, err := s.SendDigests(ctx, now, "http://portal.test")
	if err != nil || n != 1 {
		t.Fatalf("first digest: %d mails, %v; want 1", n, err)
	}
	var body string
	if err := dbtest.Pool(t).QueryRow(ctx, `SELECT body FROM mail_outbox WHERE to_address = $1`, director.Email).Scan(&body); err != nil {
		t.Fatal(err)
	}
	if strings.Count(body, "«Sammendrag åpen»") != 2 || strings.Contains(body, "lukket") {
		t.Errorf("digest body:\n%s\nwant the two open replies and nothing of the closed forum", body)
	}
	// Within the day: nothing more, even with new notifications; a day later: the next digest.
	if _, err := s.AddReply(ctx, colleague, open, Reply{Body: "Enda et svar", Key: key(20)}, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	if n, err := s.SendDigests(ctx, now.Add(23*time.Hour), "http://portal.test"); err != nil || n != 0 {
		t.Errorf("digest within a day: %d mails, %v; want 0", n, err)
	}
	if n, err := s.SendDigests(ctx, now.Add(DigestInterval), "http://portal.test"); err != nil || n != 1 {
		t.Errorf("digest a day later: %d mails, %v; want 1", n, err)
	}
	if n, err := s.SendDigests(ctx, now.Add(3*DigestInterval), "http://portal.test"); err != nil || n != 0 {
		t.Errorf("digest with nothing new: %d mails, %v; want 0", n, err)
	}
}

// bulk makes a forum with threads threads and one thread with posts posts.
func bulk(t *testing.T, slug string, threads, posts int) (forumID, bigThread int64) {
	t.Helper()
	ctx := context.Background()
	pool := dbtest.Pool(t)
	if err := pool.QueryRow(ctx, `INSERT INTO forums (slug, name) VALUES ($1, $1) RETURNING id`, slug).Scan(&forumID); err != nil {
		t.Fatal(err)
	}
	exec(t, `INSERT INTO forum_threads (forum_id, title, author_id, post_count, last_post_at)
		SELECT $1, 'Mengdetråd ' || i, (SELECT id FROM users WHERE email = 'ansatt@las.example'), 1, now() - make_interval(mins => i)
		FROM generate_series(1, $2::int) i`, forumID, threads)
	exec(t, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		SELECT t.id, 1, t.author_id, 'Innhold ' || t.id, '<p>Innhold</p>', 'bulk-key-' || t.id FROM forum_threads t WHERE t.forum_id = $1`, forumID)
	if err := pool.QueryRow(ctx, `SELECT min(id) FROM forum_threads WHERE forum_id = $1`, forumID).Scan(&bigThread); err != nil {
		t.Fatal(err)
	}
	exec(t, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		SELECT $1::bigint, i, (SELECT id FROM users WHERE email = 'ansatt@iris-salten.example'), 'Svar nummer ' || i || CASE WHEN i % 100 = 0 THEN ' om plukkanalyser' ELSE '' END, '<p>Svar</p>', 'bulk-' || $1::bigint || '-' || i
		FROM generate_series(2, $2::int) i`, bigThread, posts)
	exec(t, `UPDATE forum_threads SET post_count = $2 WHERE id = $1`, bigThread, posts)
	exec(t, `ANALYZE forums, forum_threads, forum_posts, forum_reads`)
	t.Cleanup(func() {
		exec(t, `DELETE FROM forum_threads WHERE forum_id = $1`, forumID)
		exec(t, `DELETE FROM forums WHERE id = $1`, forumID)
	})
	return forumID, bigThread
}

// TestListsUseIndexes shows, with 5 000 threads in a forum and 500 posts in a thread, that the
// pages' queries reach threads and posts through indexes: no sequential scan of either table.
func TestListsUseIndexes(t *testing.T) {
	forumID, bigThread := bulk(t, "mengde-indeks", 5000, 500)
	u := viewer(t, "ansatt@las.example")
	last := time.Now().Add(-time.Hour)
	queries := map[string]struct {
		sql  string
		args database.Named
	}{
		"forums":       {forumsQuery, viewerArgs(u)},
		"threads":      {threadsQuery, with(viewerArgs(u), "forum", forumID, "limit", 51, "has_after", false, "pinned", false, "at", nil, "after_id", int64(0))},
		"threads page": {threadsQuery, with(viewerArgs(u), "forum", forumID, "limit", 51, "has_after", true, "pinned", false, "at", last, "after_id", int64(1))},
		"posts":        {postsQuery, with(viewerArgs(u), "thread", bigThread, "from", 451, "size", PageSize)},
		// A rare word, planned for its words.
		"search":       {plannedQuery, with(viewerArgs(u), "q", "plukkanalysene", "offset", 0, "limit", 21, "candidates", SearchCandidates)},
		"search dense": {denseQuery, database.Named{"q": "innhold"}},
		// A word in nearly every post: only the newest candidates are ranked, found by index, with
		// the one generic plan of every common word.
		"search common word": {commonQuery, with(viewerArgs(u), "q", "innhold", "offset", 0, "limit", 21, "candidates", SearchCandidates)},
	}
	for name, q := range queries {
		var plan string
		if name == "search common word" || name == "search dense" {
			plan = explainGeneric(t, q.sql, q.args)
		} else {
			plan = dbtest.Plan(t, q.sql, q.args)
		}
		for _, table := range []string{"forum_posts", "forum_threads"} {
			if strings.Contains(plan, "Seq Scan on "+table) {
				t.Errorf("%s: sequential scan on %s:\n%s", name, table, plan)
			}
		}
		// The newest titles are walked in the index that holds all the walk reads: the threads'
		// own pages (one a thread, as replies rewrite them) are not read.
		if name == "search common word" && !strings.Contains(plan, "Index Only Scan using forum_threads_walk_idx") {
			t.Errorf("%s: the titles are not walked by forum_threads_walk_idx alone:\n%s", name, plan)
		}
	}
}

// explainGeneric is the generic plan of the statement sql with args, under the settings the
// search runs it with (database.QueueGenericPlan): the plan every search for a common word uses.
func explainGeneric(t *testing.T, sql string, args database.Named) string {
	t.Helper()
	ctx := context.Background()
	tx, err := dbtest.Pool(t).Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	positional, values, err := args.RewriteQuery(ctx, tx.Conn(), sql, nil)
	if err != nil {
		t.Fatal(err)
	}
	literals := make([]string, len(values)) // EXECUTE in EXPLAIN takes no bound parameters
	for i, v := range values {
		switch v := v.(type) {
		case string:
			literals[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
		case int, int64, bool:
			literals[i] = fmt.Sprint(v)
		default:
			t.Fatalf("argument %d: %T has no literal here", i+1, v)
		}
	}
	for _, stmt := range []string{
		`SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true)`,
		`PREPARE generic_search AS ` + positional,
	} {
		if _, err := tx.Exec(ctx, stmt); err != nil {
			t.Fatalf("%.40s: %v", stmt, err)
		}
	}
	rows, err := tx.Query(ctx, `EXPLAIN EXECUTE generic_search(`+strings.Join(literals, ", ")+`)`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `DEALLOCATE generic_search`); err != nil { // a prepared statement outlives its transaction
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// unsafeElements are elements that must never come out of a post.
var unsafeElements = map[string]bool{"script": true, "svg": true, "math": true, "iframe": true, "object": true, "embed": true,
	"style": true, "link": true, "meta": true, "base": true, "form": true, "img": true, "frame": true, "frameset": true}

// safeURL: no scheme (a relative link) or one of http, https, mailto and tel.
func safeURL(v string) bool {
	v = strings.TrimSpace(v)
	colon := strings.IndexByte(v, ':')
	if colon < 0 || strings.ContainsAny(v[:colon], "/?#") {
		return true
	}
	switch strings.ToLower(v[:colon]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

// FuzzPostHTML renders random Markdown the way a post is saved and checks that the HTML has
// no script or other active element, no event handler, no style and no unsafe link, and is
// rendered within a time bound.
func FuzzPostHTML(f *testing.F) {
	s := &Store{md: markdown.New()}
	for _, seed := range []string{"<script>alert(1)</script>", "[a](javascript:alert(1))", "[a](JaVaScRiPt:alert(1))", "[a](&#106;avascript:x)",
		"![x](data:text/html,<script>)", "<svg onload=alert(1)>", "<a href=x onclick=y>z</a>", "[a](vbscript:x)", "`<b>`", "> @Kari", "<java\tscript:x>"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		out := s.HTML(src)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("rendering %d bytes took %v", len(src), d)
		}
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if unsafeElements[tok.Data] {
				t.Fatalf("%q rendered <%s>: %s", src, tok.Data, out)
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") || key == "style" || key == "srcdoc" || key == "formaction" {
					t.Fatalf("%q rendered attribute %s=%q", src, a.Key, a.Val)
				}
				if (key == "href" || key == "src" || key == "action" || key == "cite") && !safeURL(a.Val) {
					t.Fatalf("%q rendered unsafe %s=%q", src, a.Key, a.Val)
				}
			}
		}
	})
}

func TestWatchingAForumNotifiesOfNewThreadsUnlessTheThreadIsSetToNormal(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t), markdown.New())
	watcher, writer := viewer(t, "ansatt@remiks.example"), viewer(t, "ansatt@haf.example")
	var forumID int64
	if err := dbtest.Pool(t).QueryRow(ctx, `SELECT id FROM forums WHERE slug = 'ombruk-og-sirkularokonomi'`).Scan(&forumID); err != nil {
		t.Fatal(err)
	}
	if err := s.WatchForum(ctx, watcher, forumID, Watching); err != nil {
		t.Fatal(err)
	}
	id, err := s.StartThread(ctx, writer, forumID, NewThread{Title: "Bruktbutikk på gjenvinningsstasjonen", Body: "Erfaringer?", Key: key(60)}, "http://portal.test")
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, `SELECT count(*) FROM mail_outbox WHERE to_address = $1 AND subject = 'Ny tråd: «Bruktbutikk på gjenvinningsstasjonen»'`, watcher.Email); n != 1 {
		t.Errorf("%d mails of the new thread to the forum's watcher, want 1", n)
	}
	if err := s.WatchThread(ctx, watcher, id, Normal); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddReply(ctx, writer, id, Reply{Body: "Et svar", Key: key(61)}, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, `SELECT count(*) FROM notifications WHERE user_id = $1 AND post_id IN (SELECT id FROM forum_posts WHERE thread_id = $2)`, watcher.ID, id); n != 1 {
		t.Errorf("%d notifications, want only the one of the new thread (the thread is set to normal)", n)
	}
	if err := s.WatchForum(ctx, watcher, forumID, "alltid"); err != ErrForbidden {
		t.Errorf("an unknown level: %v, want ErrForbidden", err)
	}
}

// The counts kept on each forum row follow new threads, replies, moves and deletions.
func TestForumCountsFollowTheThreads(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t), markdown.New())
	agree := func(when string) {
		t.Helper()
		if n := count(t, `SELECT count(*) FROM forums f, LATERAL (SELECT count(*) AS threads, coalesce(sum(post_count), 0) AS posts,
			max(last_post_at) AS last FROM forum_threads t WHERE t.forum_id = f.id) x
			WHERE (f.thread_count, f.post_count) <> (x.threads, x.posts) OR f.last_post_at IS DISTINCT FROM x.last`); n != 0 {
			t.Fatalf("%s: %d forums count their threads wrong", when, n)
		}
	}
	agree("after the seed")
	idOf := func(slug string) int64 { return int64(count(t, `SELECT id FROM forums WHERE slug = $1`, slug)) }
	writer, admin := viewer(t, "ansatt@iris-salten.example"), viewer(t, "klyngeleder@remiks.example")
	id, err := s.StartThread(ctx, writer, idOf("plukkanalyser"), NewThread{Title: "Tellende tråd", Body: "Start.", Key: key(90)}, "http://portal.test")
	if err != nil {
		t.Fatal(err)
	}
	agree("after a new thread")
	if _, err := s.AddReply(ctx, writer, id, Reply{Body: "Svar.", Key: key(91)}, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	agree("after a reply")
	if err := s.Moderate(ctx, admin, id, ActionMove, "innsamling-og-logistikk"); err != nil {
		t.Fatal(err)
	}
	agree("after a move")
	exec(t, `DELETE FROM forum_threads WHERE id = $1`, id)
	agree("after a deletion")
}

// Reading a thread again writes nothing: the read state's row keeps its version.
func TestReadingAgainWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t), markdown.New())
	reader := viewer(t, "ansatt@las.example")
	id := int64(count(t, `SELECT min(id) FROM forum_threads`))
	posts, err := s.Posts(ctx, reader, id, 1)
	if err != nil || len(posts) == 0 {
		t.Fatalf("posts: %v, %d", err, len(posts))
	}
	if _, err := s.MarkRead(ctx, reader, id, posts); err != nil {
		t.Fatal(err)
	}
	version := func() string {
		var v string
		if err := dbtest.Pool(t).QueryRow(ctx, `SELECT xmin::text FROM forum_reads WHERE user_id = $1 AND thread_id = $2`, reader.ID, id).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	first := version()
	if _, err := s.MarkRead(ctx, reader, id, posts); err != nil {
		t.Fatal(err)
	}
	if again := version(); again != first {
		t.Errorf("reading again rewrote the read state (version %s, then %s)", first, again)
	}
	if n := count(t, `SELECT last_seq FROM forum_reads WHERE user_id = $1 AND thread_id = $2`, reader.ID, id); n != posts[len(posts)-1].Seq {
		t.Errorf("read up to %d, want %d", n, posts[len(posts)-1].Seq)
	}
}
