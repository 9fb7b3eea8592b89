package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"klyngeportalen/internal/database/dbtest"
)

// The owner's and the partner's own pages — the front page, an event with its registration, the
// Eierforum or Partnerforum, a project and the account — pass axe (WCAG 2.2 AA) at 390 and 1280
// px, light and dark, never scroll sideways, and the phone shows the h1 in its first screen.
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
			for _, scheme := range []string{"light", "dark"} {
				b.run(chromedp.EmulateViewport(width, 900))
				b.colorScheme(scheme)
				for _, p := range who.pages {
					b.open(p)
					b.checkAccessibility(who.name + " " + p + " " + scheme)
					if eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`) {
						t.Errorf("%s scrolls sideways at %d px", p, width)
					}
					if width == 390 && eval[bool](b, `document.querySelector("h1").getBoundingClientRect().top > window.innerHeight * 0.4`) {
						t.Errorf("%s: the h1 is not in the phone's first screen", p)
					}
					if width == 390 && scheme == "light" {
						b.shots(who.name+strings.ReplaceAll(p, "/", "-"), true, true)
					}
				}
			}
			b.open("/")
			b.screenshot(who.name + "-forside-" + map[int64]string{390: "mobil", 1280: "pc"}[width])
		}
		b.checkClean(who.name)
	}
}
