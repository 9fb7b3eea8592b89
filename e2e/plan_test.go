package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The årshjul in Chromium: drawn, axe-clean, every activity and event reachable by keyboard, and an
// edit by the cluster leader shows on the wheel.
func TestWheelByKeyboardAndEditingAsTheClusterLeader(t *testing.T) {
	b := newBrowser(t)
	b.login("klyngeleder@remiks.example")
	b.open("/arshjul/2026")
	arcs := eval[int](b, `document.querySelectorAll(".wheel__links a").length`)
	listed := eval[int](b, `document.querySelectorAll(".plan-item__title").length`)
	if arcs == 0 || arcs != listed {
		t.Fatalf("%d arc links and %d listed activities and events, want the same, more than none", arcs, listed)
	}
	// The demo's events with a focus area are on the wheel too, as links to their pages.
	if events := eval[int](b, `document.querySelectorAll(".wheel__links a[href^='/arrangementer/']").length`); events == 0 {
		t.Error("no event is on the wheel")
	}
	if w := eval[float64](b, `document.querySelector(".wheel__drawing").getBoundingClientRect().width`); w < 300 {
		t.Errorf("the wheel is drawn %v px wide", w)
	}
	// The link layer lies exactly over the drawing.
	if same := eval[bool](b, `(() => { const a = document.querySelector(".wheel__drawing").getBoundingClientRect(), b = document.querySelector(".wheel__links").getBoundingClientRect();
		return Math.abs(a.top - b.top) < 1 && Math.abs(a.left - b.left) < 1 && Math.abs(a.width - b.width) < 1 })()`); !same {
		t.Error("the link layer does not cover the drawing")
	}
	b.checkAccessibility("årshjul")
	b.checkClean("årshjul")
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(90))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), "arshjul-2026.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	b.screenshot("arshjul-reise")

	// Tab through the page: every arc link and every list link (activities and events) gets focus, in that order of the page.
	b.run(chromedp.Focus("#start"))
	seen := map[string]int{}
	for i := 0; i < 400; i++ {
		b.run(chromedp.KeyEvent("\t"))
		href := eval[string](b, `(() => { const a = document.activeElement; if (!a || a.tagName.toLowerCase() !== "a") return ""; const h = a.getAttribute("href"); return h && (h.startsWith("/arshjul/aktivitet/") || h.startsWith("/arrangementer/")) ? (a.closest(".wheel__links") ? "hjul:" : "liste:") + h : "" })()`)
		if href != "" {
			seen[href]++
		}
		if eval[bool](b, `document.activeElement && document.activeElement.closest(".plan-exports") !== null`) {
			break
		}
	}
	var wheelLinks, listLinks int
	for k := range seen {
		if strings.HasPrefix(k, "hjul:") {
			wheelLinks++
		} else {
			listLinks++
		}
	}
	if wheelLinks != arcs || listLinks != listed {
		t.Errorf("the keyboard reached %d of %d arc links and %d of %d list links", wheelLinks, arcs, listLinks, listed)
	}
	if focusVisible := eval[bool](b, `(() => { const a = document.querySelector(".wheel__links a"); a.focus(); return getComputedStyle(a.querySelector("path")).strokeWidth !== "0px" && getComputedStyle(a.querySelector("path")).stroke !== "none" })()`); !focusVisible {
		t.Error("a focused arc shows no outline")
	}

	// Open an activity from the wheel, edit it, and see it on the wheel.
	href := eval[string](b, `[...document.querySelectorAll(".plan-item__title")].find(a => a.textContent === "Arendalsuka").getAttribute("href")`)
	b.run(chromedp.Click(`.wheel__links a[href="` + href + `"]`))
	b.waitFor(`location.pathname === "` + href + `" && document.readyState === "complete"`)
	b.run(chromedp.Click(`a[href="`+href+`/rediger"]`), chromedp.WaitVisible("#title"))
	b.run(
		chromedp.SetValue("#title", "Arendalsuka med hele klyngen"),
		chromedp.SetValue("#starts_on", "2026-08-09"),
		chromedp.Submit("#title"),
		chromedp.WaitVisible(`.ds-alert[data-color="success"]`),
	)
	b.open("/arshjul/2026")
	title := eval[string](b, `document.querySelector('.wheel__links a[href="`+href+`"] title').textContent`)
	if !strings.HasPrefix(title, "Arendalsuka med hele klyngen, 9. august – 14. august 2026") {
		t.Errorf("the arc after the edit says %q", title)
	}
	b.checkClean("årshjul etter endring")
}
