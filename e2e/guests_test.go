package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"klyngeportalen/internal/database/dbtest"
)

// The owner's and the partner's own pages — the front page, an event with its registration, the
// Eierforum or Partnerforum, a project and the account — are checked as every page type is
// (checkPage): one h1, axe-clean at 390 and 1280 px, the colours in dark too, never sideways
// scrolling, and the phone shows the h1 in its first screen.
func TestOwnerAndPartnerPagesAreAccessible(t *testing.T) {
	pool := dbtest.Pool(t)
	var ownerEvent, thread, project string
	if err := pool.QueryRow(t.Context(), `SELECT (SELECT id::text FROM events WHERE title LIKE 'Eiermøte%'),
		(SELECT t.id::text FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE f.slug = 'partnerforum' LIMIT 1),
		(SELECT id::text FROM projects WHERE title LIKE 'Ettersortering%')`).Scan(&ownerEvent, &thread, &project); err != nil {
		t.Fatal(err)
	}
	for _, who := range []struct {
		email, name string
		pages       []string
	}{
		{"eier@bodo.example", "eier", []string{"/", "/apent/arrangementer/" + ownerEvent, "/apent/forum/eierforum", "/apent/konto"}},
		{"partner@nord.example", "partner", []string{"/", "/apent/forum/partnerforum/" + thread, "/apent/prosjekter/" + project}},
	} {
		b := newBrowser(t)
		b.login(who.email)
		for _, width := range []int64{390, 1280} {
			b.run(chromedp.EmulateViewport(width, 844))
			for _, p := range who.pages {
				b.checkPage(who.name+strings.ReplaceAll(p, "/", "-"), p, "", width)
			}
		}
	}
}
