package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/web/webtest"
)

// BenchmarkSignedInRequest is the cost every page pays: the middleware chain, loading the
// session and the user, and rendering a small page in the layout.
func BenchmarkSignedInRequest(b *testing.B) {
	_, h := webtest.Portal(b, webtest.Config(b), dbtest.Pool(b), nil)
	c := webtest.NewClient(b, h).Login("ansatt@vefas.example")
	b.ReportAllocs()
	for b.Loop() {
		if res := c.Get("/tilgjengelighet"); res.StatusCode != http.StatusOK {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
}

// BenchmarkThreadPage renders a thread page of 50 posts through the router, as a member who
// has read part of it: the posts query, the read state and the page in the layout.
func BenchmarkThreadPage(b *testing.B) {
	pool := dbtest.Pool(b)
	ctx := context.Background()
	body := "Vi har hatt god erfaring med å samle inn **matavfall** i egne poser.\n\n- faste ruter\n- veiing per rute"
	var thread int64
	if err := pool.QueryRow(ctx, `
		WITH t AS (INSERT INTO forum_threads (forum_id, title, author_id, post_count, created_at, last_post_at)
			SELECT f.id, 'Benchmark: tråd med 50 innlegg', u.id, 50, now() - interval '3 days', now() - interval '2 days'
			FROM forums f, users u WHERE f.slug = 'generelt' AND u.email = 'ansatt@remiks.example' RETURNING id, author_id, created_at),
		p AS (INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key, created_at)
			SELECT t.id, s, t.author_id, $1, $2, 'benchmark-' || s, t.created_at + s * interval '1 minute'
			FROM t, generate_series(1, 50) s)
		SELECT id FROM t`, body, markdown.New().HTML(body)).Scan(&thread); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _, _ = pool.Exec(context.Background(), `DELETE FROM forum_threads WHERE id = $1`, thread) })
	_, h := webtest.Portal(b, webtest.Config(b), pool, nil)
	c := webtest.NewClient(b, h).Login("ansatt@vefas.example")
	path := "/forum/generelt/" + strconv.FormatInt(thread, 10)
	b.ReportAllocs()
	for b.Loop() {
		if res := c.Get(path); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `innlegg-50`) {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
}
