package forum

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/validate"
)

// Replies sent at once to one thread are written in batches: each gets its own number, the
// numbers are 2, 3, … with no gap, each reply notifies the others' authors, a second submit of
// a form among them makes no second post (its request gets the first's number), and a key used
// in another thread is refused for that reply alone.
func TestConcurrentRepliesToOneThreadAreNumberedInTurn(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t), markdown.New())
	starter := viewer(t, "ansatt@hrs.example")
	forumID := int64(count(t, `SELECT id FROM forums WHERE slug = 'ombruk-og-sirkularokonomi'`))
	id, err := s.StartThread(ctx, starter, forumID, NewThread{Title: "Mange svar på en gang", Body: "Start.", Key: key(200)}, "http://portal.test")
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.StartThread(ctx, starter, forumID, NewThread{Title: "En annen tråd", Body: "Start.", Key: key(201)}, "http://portal.test")
	if err != nil {
		t.Fatal(err)
	}
	writers := []string{"ansatt@las.example", "ansatt@haf.example", "ansatt@fimil.example", "ansatt@vefas.example"}
	const perWriter = 12
	twice := key(300)     // sent twice by the first writer
	elsewhere := key(400) // used first in the other thread by the second writer
	if _, err := s.AddReply(ctx, viewer(t, writers[1]), other, Reply{Body: "Der.", Key: elsewhere}, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	type result struct {
		key string
		seq int
		err error
	}
	var mu sync.Mutex
	var results []result
	var wg sync.WaitGroup
	for w, email := range writers {
		u := viewer(t, email)
		for i := range perWriter {
			k := key(1000 + w*100 + i)
			switch {
			case w == 0 && i < 2:
				k = twice
			case w == 1 && i == 0:
				k = elsewhere
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				seq, err := s.AddReply(ctx, u, id, Reply{Body: "Svar fra " + email, Key: k}, "http://portal.test")
				mu.Lock()
				results = append(results, result{k, seq, err})
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	var seqs []int
	twiceSeqs := map[int]bool{}
	for _, r := range results {
		var errs validate.Errors
		switch {
		case r.key == elsewhere:
			if !errors.As(r.err, &errs) {
				t.Errorf("a key used in another thread: %v, want the form refused", r.err)
			}
		case r.err != nil:
			t.Errorf("reply: %v", r.err)
		case r.key == twice:
			twiceSeqs[r.seq] = true
		default:
			seqs = append(seqs, r.seq)
		}
	}
	if len(twiceSeqs) != 1 {
		t.Errorf("the form sent twice got the numbers %v, want one", twiceSeqs)
	}
	for s := range twiceSeqs {
		seqs = append(seqs, s)
	}
	slices.Sort(seqs)
	want := len(writers)*perWriter - 2 // the second submit and the refused key add nothing
	if len(seqs) != want || seqs[0] != 2 || seqs[len(seqs)-1] != want+1 || len(slices.Compact(slices.Clone(seqs))) != want {
		t.Errorf("the replies got the numbers %v, want 2…%d once each", seqs, want+1)
	}
	if n := count(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1`, id); n != want+1 {
		t.Errorf("%d posts, want %d", n, want+1)
	}
	if n := count(t, `SELECT post_count FROM forum_threads WHERE id = $1`, id); n != want+1 {
		t.Errorf("the thread counts %d posts, want %d", n, want+1)
	}
	// The starter hears of every reply.
	if n := count(t, `SELECT count(*) FROM notifications WHERE user_id = $1 AND post_id IN (SELECT id FROM forum_posts WHERE thread_id = $2)`, starter.ID, id); n != want {
		t.Errorf("the starter has %d notifications of the replies, want %d", n, want)
	}

	// A second wave with nothing to refuse: the batches are written whole.
	seqs = nil
	u := viewer(t, writers[2])
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seq, err := s.AddReply(ctx, u, id, Reply{Body: "Enda et svar", Key: key(5000 + i)}, "http://portal.test")
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("reply: %v", err)
			}
			seqs = append(seqs, seq)
		}()
	}
	wg.Wait()
	slices.Sort(seqs)
	if len(slices.Compact(slices.Clone(seqs))) != 40 || seqs[0] != want+2 || seqs[39] != want+41 {
		t.Errorf("the second wave got the numbers %v, want %d…%d once each", seqs, want+2, want+41)
	}
	if n := count(t, `SELECT count(*) FROM notifications WHERE user_id = $1 AND post_id IN (SELECT id FROM forum_posts WHERE thread_id = $2)`, starter.ID, id); n != want+40 {
		t.Errorf("the starter has %d notifications of the replies, want %d", n, want+40)
	}
}

// A reply rewrites its thread's row once: the version the cached thread is kept by grows by
// exactly one (the posts' insert trigger leaves it to the batch's last statement, migration
// 00490), while a post added by SQL alone still makes a new version.
func TestAReplyMakesOneNewVersionOfItsThread(t *testing.T) {
	ctx := context.Background()
	s := NewStore(dbtest.Pool(t), markdown.New())
	u := viewer(t, "ansatt@hrs.example")
	forumID := int64(count(t, `SELECT id FROM forums WHERE slug = 'ombruk-og-sirkularokonomi'`))
	id, err := s.StartThread(ctx, u, forumID, NewThread{Title: "Én versjon per svar", Body: "Start.", Key: key(600)}, "http://portal.test")
	if err != nil {
		t.Fatal(err)
	}
	before := count(t, `SELECT version FROM forum_threads WHERE id = $1`, id)
	if _, err := s.AddReply(ctx, viewer(t, "ansatt@las.example"), id, Reply{Body: "Et svar.", Key: key(601)}, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	if v := count(t, `SELECT version FROM forum_threads WHERE id = $1`, id); v != before+1 {
		t.Errorf("after a reply the thread's version is %d, want %d (one rewrite of its row)", v, before+1)
	}
	if _, err := dbtest.Pool(t).Exec(ctx, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		VALUES ($1, 3, $2, 'Fra SQL.', '<p>Fra SQL.</p>', $3)`, id, u.ID, key(602)); err != nil {
		t.Fatal(err)
	}
	if v := count(t, `SELECT version FROM forum_threads WHERE id = $1`, id); v != before+2 {
		t.Errorf("after a post added by SQL the thread's version is %d, want %d", v, before+2)
	}
}
