package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/guests"
	"klyngeportalen/internal/tz"
)

// The newsletter's unsubscribe link, without signing in: the confirmation page, its button
// (no JavaScript needed), the answer and its button to take it back, and a link that is none of
// ours, pass axe at 390 and 1280 px without sideways scrolling.
func TestNewsletterUnsubscribePagesAreAccessible(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	b := newBrowser(t)
	for i, width := range []int64{390, 1280} {
		// A month of its own for each width: a newsletter (and a link) of its own.
		if _, err := pool.Exec(ctx, `DELETE FROM owner_newsletter_optouts WHERE user_id = (SELECT id FROM users WHERE email = 'eier@bodo.example')`); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2045+i, time.March, 1, 9, 0, 0, 0, tz.Oslo)
		if _, err := guests.NewStore(pool).SendNewsletters(ctx, at, "http://portal.test"); err != nil {
			t.Fatal(err)
		}
		var link string
		if err := pool.QueryRow(ctx, `SELECT unsubscribe_url FROM mail_outbox WHERE to_address = 'eier@bodo.example'
			AND subject LIKE '%mars ' || $1 ORDER BY id DESC LIMIT 1`, strconv.Itoa(at.Year())).Scan(&link); err != nil {
			t.Fatalf("the demo owner's newsletter: %v", err)
		}
		path := strings.TrimPrefix(link, "http://portal.test")
		size := map[int64]string{390: "mobil", 1280: "pc"}[width]
		b.run(chromedp.EmulateViewport(width, 900))

		// The page, its button, the answer and the answer's button to take it back.
		for _, step := range []struct{ name, h1 string }{
			{"avmelding", "Meld deg av månedsbrevet"},
			{"avmeldt", "Du er meldt av"},
			{"angret", "Du får månedsbrevet igjen"},
		} {
			if step.name == "avmelding" {
				b.open(path)
			} else {
				b.run(chromedp.Click(`main form button[type="submit"]`))
				b.waitFor(`document.readyState === "complete" && document.querySelector("h1") && document.querySelector("h1").textContent.trim() === ` + strconv.Quote(step.h1))
			}
			if step.name == "angret" {
				var n int
				if err := pool.QueryRow(ctx, `SELECT count(*) FROM owner_newsletter_optouts o JOIN users u ON u.id = o.user_id WHERE u.email = 'eier@bodo.example'`).Scan(&n); err != nil || n != 0 {
					t.Errorf("the owner's opt-outs after taking it back: %d, %v", n, err)
				}
			}
			if h1 := eval[string](b, `[...document.querySelectorAll("h1")].map(h => h.textContent.trim()).join("|")`); h1 != step.h1 {
				t.Errorf("%s %d: h1 %q, want %q", step.name, width, h1, step.h1)
			}
			b.checkAccessibility(step.name)
			if eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`) {
				t.Errorf("%s scrolls sideways at %d px", step.name, width)
			}
			b.screenshot("nyhetsbrev-" + step.name + "-" + size)
		}
		b.open("/nyhetsbrev/avmeld/" + strings.Repeat("A", 43))
		if h1 := eval[string](b, `document.querySelector("h1").textContent.trim()`); h1 != "Lenken virker ikke" {
			t.Errorf("bad link %d: h1 %q", width, h1)
		}
		b.checkAccessibility("ugyldig avmeldingslenke")
		b.screenshot("nyhetsbrev-ugyldig-" + size)
	}
	b.checkClean("nyhetsbrev")
}
