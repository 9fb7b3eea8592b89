package main

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
)

// The replies an earlier run wrote are removed before the next, with their notifications, and
// their thread counts and read marks are as before them; the thread's own posts stay.
func TestEarlierRunsRepliesAreRemoved(t *testing.T) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	one := func(sql string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := conn.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	thread := one(`SELECT id FROM forum_threads ORDER BY post_count DESC, id LIMIT 1`)
	count := one(`SELECT post_count FROM forum_threads WHERE id = $1`, thread)
	posts := one(`SELECT count(*) FROM forum_posts WHERE thread_id = $1`, thread)
	forumPosts := one(`SELECT f.post_count FROM forums f JOIN forum_threads t ON t.forum_id = f.id WHERE t.id = $1`, thread)
	reader := one(`SELECT id FROM users WHERE active ORDER BY id LIMIT 1`)
	// A run's reply, as the portal writes it: the post, the thread's count, the author's read
	// mark and a watcher's notification.
	post := one(`INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		VALUES ($1, $2 + 1, $3, 'Svar fra lasttesten', '<p>Svar fra lasttesten</p>', $4) RETURNING id`, thread, count, reader, replyKeyPrefix+"1")
	for _, st := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE forum_threads SET post_count = post_count + 1, last_post_at = now() WHERE id = $1`, []any{thread}},
		{`INSERT INTO forum_reads (user_id, thread_id, last_seq) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, thread_id) DO UPDATE SET last_seq = excluded.last_seq`, []any{reader, thread, count + 1}},
		{`INSERT INTO notifications (user_id, kind, post_id) VALUES ($1, 'reply', $2)`, []any{reader, post}},
	} {
		if _, err := conn.Exec(ctx, st.sql, st.args...); err != nil {
			t.Fatalf("%s: %v", st.sql, err)
		}
	}
	if err := removeReplies(ctx, conn); err != nil {
		t.Fatal(err)
	}
	if n := one(`SELECT count(*) FROM forum_posts WHERE thread_id = $1`, thread); n != posts {
		t.Errorf("%d posts in the thread after the removal, want its own %d", n, posts)
	}
	if n := one(`SELECT post_count FROM forum_threads WHERE id = $1`, thread); n != count {
		t.Errorf("the thread counts %d posts, want %d", n, count)
	}
	if n := one(`SELECT f.post_count FROM forums f JOIN forum_threads t ON t.forum_id = f.id WHERE t.id = $1`, thread); n != forumPosts {
		t.Errorf("the forum counts %d posts, want %d", n, forumPosts)
	}
	if n := one(`SELECT last_seq FROM forum_reads WHERE user_id = $1 AND thread_id = $2`, reader, thread); n != count {
		t.Errorf("the read mark is at %d, want %d", n, count)
	}
	if n := one(`SELECT count(*) FROM notifications WHERE post_id = $1`, post); n != 0 {
		t.Errorf("%d notifications of the removed reply", n)
	}
}
