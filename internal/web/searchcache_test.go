package web_test

import (
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// A search's answer is kept while nothing a search can find has changed (searchcache.go,
// migration 00370): the same search again shows the answer kept, any change to what it can
// find shows at once, and an answer is never served to a viewer of other visibility. Fails
// without the cache (the first step), without a trigger (the step of its change) or without the
// viewer's visibility in the key (the last steps).
func TestSearchAnswersKeptUntilAChange(t *testing.T) {
	searchFixture(t)
	c := newClient(t).Login("ansatt@vefas.example")
	find := func(path, q string) string {
		t.Helper()
		res := c.Get(path + "?" + url.Values{"q": {q}}.Encode())
		if res.StatusCode != 200 {
			t.Fatalf("%s %q: status %d", path, q, res.StatusCode)
		}
		return res.Body
	}
	for _, path := range []string{"/sok", "/forum/sok"} {
		if !strings.Contains(find(path, "tindeklatrerord"), "Tråd om kvernsteinsaken") {
			t.Fatalf("%s does not find the post", path)
		}
	}

	// A post's new text under a version the cache has seen: the answer kept is shown.
	execSQL(t, `UPDATE forum_posts SET body_md = 'Nå om fossekallerord.', body_html = '<p>Nå om fossekallerord.</p>'
		WHERE thread_id = (SELECT id FROM forum_threads WHERE title = 'Tråd om kvernsteinsaken')`)
	execSQL(t, `UPDATE search_version SET n = n - 1`)
	for _, path := range []string{"/sok", "/forum/sok"} {
		if !strings.Contains(find(path, "tindeklatrerord"), "Tråd om kvernsteinsaken") {
			t.Errorf("%s: the answer was not kept", path)
		}
	}
	execSQL(t, `UPDATE search_version SET n = n + 1`)

	changes := []struct {
		what, sql, q, want string
		found              bool
	}{
		{"a post edited", `UPDATE forum_posts SET body_md = 'Om sildemåkeord.', body_html = '<p>Om sildemåkeord.</p>'
			WHERE thread_id = (SELECT id FROM forum_threads WHERE title = 'Tråd om kvernsteinsaken')`, "sildemåkeord", "Tråd om kvernsteinsaken", true},
		{"a thread renamed", `UPDATE forum_threads SET title = 'Tråd om kvernsteinsaken og mer' WHERE title = 'Tråd om kvernsteinsaken'`,
			"sildemåkeord", "Tråd om kvernsteinsaken og mer", true},
		{"a post hidden", `UPDATE forum_posts SET hidden_at = now()
			WHERE thread_id = (SELECT id FROM forum_threads WHERE title = 'Tråd om kvernsteinsaken og mer')`, "sildemåkeord", "Tråd om kvernsteinsaken og mer", false},
		{"a thread moved to a closed forum", `UPDATE forum_threads SET forum_id = (SELECT id FROM forums WHERE slug = 'direktorforum')
			WHERE title = 'Tråd om kvernsteinsaken og mer'`, "kvernsteinsaken", "Tråd om kvernsteinsaken og mer", false},
	}
	find("/sok", "sildemåkeord")
	find("/forum/sok", "sildemåkeord")
	find("/sok", "kvernsteinsaken")
	for _, ch := range changes {
		execSQL(t, ch.sql)
		for _, path := range []string{"/sok", "/forum/sok"} {
			if got := strings.Contains(find(path, ch.q), ch.want); got != ch.found {
				t.Errorf("%s, %s %q: shows %q %t, want %t", ch.what, path, ch.q, ch.want, got, ch.found)
			}
		}
	}
	execSQL(t, `UPDATE forum_threads SET forum_id = (SELECT id FROM forums WHERE slug = 'generelt') WHERE title = 'Tråd om kvernsteinsaken og mer'`)
	execSQL(t, `UPDATE forum_threads SET title = 'Tråd om kvernsteinsaken' WHERE title = 'Tråd om kvernsteinsaken og mer'`)

	// People: a name changed is found by the new name.
	find("/sok", "Fjellvik")
	execSQL(t, `UPDATE users SET name = 'Kari Fjellvika' WHERE email = 'ansatt@reno-vest.example'`)
	t.Cleanup(func() { execSQL(t, `UPDATE users SET name = 'Kari Fjellvik' WHERE email = 'ansatt@reno-vest.example'`) })
	if !strings.Contains(find("/sok", "Fjellvik"), "Kari Fjellvika") {
		t.Error("a renamed person is shown by their old name")
	}

	// The directors' restricted thread: a director's answer is not an outsider's, nor the other
	// way round, at the same version of the same portal.
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil)
	director := webtest.NewClient(t, h).Login("direktor@las.example")
	outsider := webtest.NewClient(t, h).Login("ansatt@las.example")
	for _, order := range [][2]string{{"director", "outsider"}, {"outsider", "director"}} {
		execSQL(t, `UPDATE search_version SET n = n + 1`)
		for _, who := range order {
			for _, path := range []string{"/sok", "/forum/sok"} {
				client := outsider
				if who == "director" {
					client = director
				}
				body := client.Get(path + "?q=toppsekretfjord").Body
				if got := strings.Contains(body, "Lukket toppsekretfjord-tråd"); got != (who == "director") {
					t.Errorf("%v, %s: the %s sees the restricted thread: %t", order, path, who, got)
				}
			}
		}
	}
}

// The forum search ranks the newest hundred matches, five pages of twenty; the fifth page leads
// on to the one search, which pages through every post.
func TestForumSearchLastPageLeadsToTheOneSearch(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	director := newClient(t).Login("direktor@las.example")
	thread := threadIDOf(t, startThread(t, director, "generelt", "Mange om kongeørnsordet", "Start om kongeørnsordet."))
	execSQL(t, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		SELECT $1::bigint, i, p.author_id, 'Svar om kongeørnsordet ' || i, '<p>Svar om kongeørnsordet ' || i || '</p>', 'kongeorn-' || $1::bigint || '-' || i
		FROM forum_posts p, generate_series(2, 130) i WHERE p.thread_id = $1::bigint AND p.seq = 1`, thread)
	fifth := c.Get("/forum/sok?q=kongeørnsordet&side=5")
	if fifth.StatusCode != 200 || strings.Count(fifth.Body, `class="search-hit"`) != 20 {
		t.Fatalf("the fifth page: status %d, %d hits", fifth.StatusCode, strings.Count(fifth.Body, `class="search-hit"`))
	}
	if !strings.Contains(fifth.Body, `href="/sok?q=konge%C3%B8rnsordet&amp;type=innlegg"`) {
		t.Errorf("the fifth page does not lead on to the one search")
	}
	if strings.Contains(fifth.Body, "Neste side") {
		t.Error("the fifth page has a next page")
	}
	if first := c.Get("/forum/sok?q=kongeørnsordet"); strings.Contains(first.Body, "type=innlegg") || !strings.Contains(first.Body, "Neste side") {
		t.Error("the first page leads to the one search, or not to the next page")
	}
	if res := c.Get("/forum/sok?q=kongeørnsordet&side=6"); res.StatusCode != 400 {
		t.Errorf("a sixth page: status %d, want 400", res.StatusCode)
	}
}
