package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"klyngeportalen/internal/database/dbtest"
)

// On a phone the header is one short line: brand, Varsler with its count inside the pill, and
// a menu button that opens the menu without JavaScript (a <details>). The count is drawn inside
// its pill (it was an empty red pill with the number beside it).
func TestPhoneHeaderMenuAndUnreadCount(t *testing.T) {
	ctx := context.Background()
	if _, err := dbtest.Pool(t).Exec(ctx, `INSERT INTO notifications (user_id, post_id, kind)
		SELECT u.id, p.id, 'reply' FROM users u, forum_posts p WHERE u.email = 'ansatt@avfallsservice.example'
		ORDER BY p.id LIMIT 7 ON CONFLICT DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.run(chromedp.EmulateViewport(390, 844))
	b.login("ansatt@avfallsservice.example")
	b.open("/")
	if h := eval[float64](b, `document.querySelector(".site-header").getBoundingClientRect().height`); h > 80 {
		t.Errorf("the header is %.0f px tall on a phone, want one line (≤ 80 px): %s", h, eval[string](b, `[...document.querySelectorAll(".site-header *")].map(e => e.className + ":" + Math.round(e.getBoundingClientRect().height)).join(" ")`))
	}
	// The count: its text's box lies inside the pill's box, and the pill is not empty.
	inside := eval[string](b, `(() => {
		const pill = document.querySelector(".site-bell__count");
		if (!pill) return "no pill";
		const r = document.createRange(); r.selectNodeContents(pill);
		const t = r.getBoundingClientRect(), p = pill.getBoundingClientRect();
		if (pill.textContent.trim() !== "7") return "pill says " + JSON.stringify(pill.textContent);
		if (t.width < 4) return "no visible text";
		if (t.left < p.left - 0.5 || t.right > p.right + 0.5 || t.top < p.top - 0.5 || t.bottom > p.bottom + 0.5)
			return "text " + JSON.stringify(t) + " outside pill " + JSON.stringify(p);
		return "";
	})()`)
	if inside != "" {
		t.Errorf("the unread count: %s", inside)
	}
	if label := eval[string](b, `document.querySelector(".site-bell").getAttribute("aria-label")`); label != "Varsler, 7 uleste" {
		t.Errorf("the bell's label: %q", label)
	}
	// The menu: closed, the wide menu hidden; the button opens it, its links are big enough.
	if visible := eval[bool](b, `[...document.querySelectorAll(".site-nav__link")].some(a => a.checkVisibility())`); visible {
		t.Error("menu links show before the menu button is pressed")
	}
	b.run(chromedp.Click(`summary.site-menu__button`))
	b.waitFor(`document.querySelector(".site-menu").open`)
	links := eval[[]float64](b, `[...document.querySelectorAll(".site-menu .site-nav__link")].map(a => Math.min(a.getBoundingClientRect().height, a.getBoundingClientRect().width))`)
	if len(links) < 9 {
		t.Fatalf("%d links in the opened menu", len(links))
	}
	for _, h := range links {
		if h < 24 {
			t.Errorf("a menu link is %.0f px: below the 24 px target size", h)
		}
	}
	if txt := eval[string](b, `document.querySelector(".site-menu__panel").innerText`); !strings.Contains(txt, "Logg ut") || !strings.Contains(txt, "Avfallsservice AS") {
		t.Errorf("the opened menu lacks the person and Logg ut: %q", txt)
	}
	b.checkAccessibility("meny åpen")
	b.shots("390-meny-apen", false, true)
	b.run(chromedp.Click(`.site-menu a[href="/forum"]`), chromedp.WaitVisible(".forum-list"))
	if wide := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); wide {
		t.Error("the forum scrolls sideways on a phone")
	}
	// Logg ut from the menu on a phone.
	b.run(chromedp.Click(`summary.site-menu__button`))
	b.run(chromedp.Click(`.site-menu__user button`), chromedp.WaitVisible(`form[action="/logg-inn"]`))
}

// The e-mail choice on /meg: real radio buttons (they were squashed to 8×24 px slivers).
func TestRadioButtonsKeepTheirSize(t *testing.T) {
	b := newBrowser(t)
	b.login("ansatt@reno-vest.example")
	for _, width := range []int64{390, 1280} {
		b.run(chromedp.EmulateViewport(width, 844))
		b.open("/meg")
		sizes := eval[[][]float64](b, `[...document.querySelectorAll('main input[type=radio]')].map(r => [r.getBoundingClientRect().width, r.getBoundingClientRect().height])`)
		if len(sizes) == 0 {
			t.Fatal("no radio buttons on /meg")
		}
		for _, s := range sizes {
			if s[0] < 16 || s[1] < 16 || s[0]-s[1] > 1 || s[1]-s[0] > 1 {
				t.Errorf("%d px: a radio button is %.0f×%.0f px, want a square of at least 16 px", width, s[0], s[1])
			}
		}
	}
}

// focusSettles returns the id of the element with focus once it is want, or after two seconds:
// Chromium moves focus to an autofocus element at its next rendering update, which may come
// after the document is complete.
func focusSettles(b *browser, want string) string {
	b.t.Helper()
	var id string
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if id = eval[string](b, `document.activeElement.id`); id == want || time.Now().After(deadline) {
			return id
		}
	}
}

// A form with errors: the summary takes focus when the page loads (no JavaScript: autofocus),
// each line names its field and links to it, and following a link puts focus in the field.
func TestErrorSummaryTakesFocusAndLinksToTheFields(t *testing.T) {
	b := newBrowser(t)
	b.open("/logg-inn")
	b.run(chromedp.Click(`form[action="/logg-inn"] button[type=submit]`))
	b.waitFor(`!!document.querySelector(".ds-error-summary") && document.readyState === "complete"`)
	if id := focusSettles(b, "feilsammendrag"); id != "feilsammendrag" {
		t.Errorf("after an empty login, focus is on %q, want the error summary", id)
	}
	links := eval[[]string](b, `[...document.querySelectorAll(".ds-error-summary a")].map(a => a.getAttribute("href") + " " + a.textContent.trim())`)
	if strings.Join(links, "|") != "#email Skriv e-postadressen din.|#password Skriv passordet ditt." {
		t.Errorf("summary links: %q", links)
	}
	b.checkAccessibility("tom innlogging")
	b.run(chromedp.Click(`.ds-error-summary a[href="#password"]`))
	b.waitFor(`document.activeElement.id === "password"`)

	b.login("ansatt@hrs.example")
	b.open("/forum/plukkanalyser/ny")
	b.run(chromedp.Click(`main form button[type=submit]`))
	b.waitFor(`!!document.querySelector(".ds-error-summary") && document.readyState === "complete"`)
	if id := focusSettles(b, "feilsammendrag"); id != "feilsammendrag" {
		t.Errorf("after an empty thread, focus is on %q, want the error summary", id)
	}
	if first := eval[string](b, `document.querySelector(".ds-error-summary a").textContent.trim()`); first != "Tittel må fylles ut." {
		t.Errorf("the summary's first line is %q, want it to name the field", first)
	}
}
