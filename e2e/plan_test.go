package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// planPages are the årshjul's and the strategy's page types beyond those of the walk of every
// page type (the year's wheel and the strategy are there).
var planPages = []struct{ name, path, h1 string }{
	{"årshjul zoomet", "/arshjul/2026?fra=2026-04&til=2026-06", "Årshjul april – juni 2026"},
	{"årshjul en måned", "/arshjul/2026?fra=2026-09", "Årshjul september 2026"},
	{"strategiversjoner", "/strategi/versjoner", "Versjoner av strategien"},
	{"revider strategien", "/strategi/rediger", "Revider strategien"},
}

func TestPlanAndStrategyPagesAt390And1280(t *testing.T) {
	b := newBrowser(t)
	b.login("klyngeleder@remiks.example")
	for _, width := range []int64{1280, 390} {
		b.run(chromedp.EmulateViewport(width, 844))
		for _, p := range planPages {
			b.checkPage("plan "+p.name, p.path, p.h1, width)
		}
	}
	b.colorScheme("light")
	// On a phone: the simplified wheel fills the width, its cells are at least 24 px to tap,
	// and its month names are readable.
	b.open("/arshjul/2026")
	if w := eval[float64](b, `document.querySelector(".wheel-simple").getBoundingClientRect().width`); w < 340 {
		t.Errorf("the phone's wheel is %v px wide", w)
	}
	if small := eval[string](b, `[...document.querySelectorAll(".wheel-simple a")].map(a => a.getBoundingClientRect()).filter(r => Math.min(r.width, r.height) < 24).length + ""`); small != "0" {
		t.Errorf("%s cells of the phone's wheel are smaller than 24 px", small)
	}
	if h := eval[float64](b, `Math.min(...[...document.querySelectorAll(".wheel-simple text")].filter(t => /[a-z]/.test(t.textContent)).map(t => t.getBoundingClientRect().height))`); h < 12 {
		t.Errorf("the phone's month names are %v px tall", h)
	}
	if shown := eval[bool](b, `getComputedStyle(document.querySelector(".wheel__stack")).display !== "none"`); shown {
		t.Error("the full wheel is shown on a phone beside the simplified one")
	}
}

// The årshjul in Chromium: drawn, axe-clean, every activity and event reachable by keyboard, an
// arc selected by keyboard shows its details beside the wheel, and an edit by the cluster
// leader shows on the wheel.
func TestWheelByKeyboardAndEditingAsTheClusterLeader(t *testing.T) {
	b := newBrowser(t)
	b.login("klyngeleder@remiks.example")
	b.open("/arshjul/2026")
	arcs := eval[int](b, `document.querySelectorAll(".wheel__arcs a").length`)
	listed := eval[int](b, `document.querySelectorAll(".plan-item__title").length`)
	if arcs == 0 || arcs != listed {
		t.Fatalf("%d arc links and %d listed activities and events, want the same, more than none", arcs, listed)
	}
	// The demo's events with a focus area are on the wheel too.
	if events := eval[int](b, `document.querySelectorAll(".wheel__arcs a[href*='valgt=e']").length`); events == 0 {
		t.Error("no event is on the wheel")
	}
	if w := eval[float64](b, `document.querySelector(".wheel__drawing").getBoundingClientRect().width`); w < 600 {
		t.Errorf("the wheel is drawn %v px wide at 1280 px", w)
	}
	// The month names are readable: at least 12 px tall.
	if h := eval[float64](b, `Math.min(...[...document.querySelectorAll(".wheel__drawing text[font-size='28']")].map(t => t.getBoundingClientRect().height))`); h < 12 {
		t.Errorf("month names %v px tall", h)
	}
	// The arcs are the drawing's links: a pointer on an arc's label (the middle of the path it
	// is written along) reaches the arc under it.
	if missed := eval[int](b, `(() => { const svg = document.querySelector(".wheel__drawing"); let missed = 0; svg.scrollIntoView();
		for (const t of svg.querySelectorAll(".wheel__labels textPath")) {
			const path = svg.querySelector(t.getAttribute("href")), p = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(svg.getScreenCTM());
			const hit = document.elementFromPoint(p.x, p.y);
			if (!hit || !hit.closest(".wheel__arcs a")) missed++;
		}
		return missed })()`); missed != 0 {
		t.Errorf("%d arc labels do not let the pointer through to their arc", missed)
	}
	// The wheel stays in view while the list scrolls.
	eval[bool](b, `window.scrollTo(0, document.querySelector(".plan-list").getBoundingClientRect().bottom + window.scrollY - 900); true`)
	if top := eval[float64](b, `document.querySelector(".wheel__drawing").getBoundingClientRect().top`); top < 0 || top > 100 {
		t.Errorf("scrolled down the list, the wheel's top is at %v px", top)
	}
	eval[bool](b, `window.scrollTo(0, 0); true`)
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

	// Tab through the page: every arc link and every list link gets focus.
	b.run(chromedp.Focus("#start"))
	seen := map[string]int{}
	for i := 0; i < 400; i++ {
		b.run(chromedp.KeyEvent("\t"))
		href := eval[string](b, `(() => { const a = document.activeElement; if (!a || a.tagName.toLowerCase() !== "a") return "";
			if (a.closest(".wheel__arcs")) return "hjul:" + a.getAttribute("href");
			if (a.classList.contains("plan-item__title")) return "liste:" + a.getAttribute("href");
			return "" })()`)
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
	if focusVisible := eval[bool](b, `(() => { const a = document.querySelector(".wheel__arcs a"); a.focus(); const s = getComputedStyle(a.querySelector("path")); return s.stroke === "rgb(30, 30, 36)" && s.strokeWidth === "4px" })()`); !focusVisible {
		t.Error("a focused arc shows no outline")
	}

	// Select Arendalsuka's arc by keyboard: focus it, Enter; its details are beside the wheel.
	href := eval[string](b, `[...document.querySelectorAll(".plan-item__title")].find(a => a.textContent === "Arendalsuka").getAttribute("href")`)
	id := strings.TrimPrefix(href, "/arshjul/aktivitet/")
	arc := `.wheel__arcs a[href*="valgt=a` + id + `#"]`
	b.run(chromedp.Focus(arc), chromedp.KeyEvent("\r"))
	b.waitFor(`location.search.includes("valgt=a` + id + `") && document.readyState === "complete" && document.querySelector("#valgt") !== null`)
	if got := eval[string](b, `document.querySelector("#valgt h2").textContent.trim()`); got != "Arendalsuka" {
		t.Errorf("the selected arc's details show %q", got)
	}
	if beside := eval[bool](b, `(() => { const w = document.querySelector(".wheel__drawing").getBoundingClientRect(), d = document.querySelector("#valgt").getBoundingClientRect();
		return d.left >= w.right - 1 && d.top < window.innerHeight && w.top < window.innerHeight })()`); !beside {
		t.Error("the details are not beside the wheel, both in view")
	}
	if n := eval[int](b, `document.querySelectorAll("[data-selected='true']").length`); n != 1 {
		t.Errorf("%d arcs outlined as selected", n)
	}
	b.checkAccessibility("årshjul med valgt bue")
	b.screenshot("arshjul-valgt")

	// Open the activity from its details, edit it, and see it on the wheel.
	b.run(chromedp.Click(`#valgt a[href="` + href + `"]`))
	b.waitFor(`location.pathname === "` + href + `" && document.readyState === "complete"`)
	b.run(chromedp.Click(`a[href="`+href+`/rediger"]`), chromedp.WaitVisible("#title"))
	b.run(
		chromedp.SetValue("#title", "Arendalsuka med hele klyngen"),
		chromedp.SetValue("#starts_on", "2026-08-09"),
		chromedp.Submit("#title"),
		chromedp.WaitVisible(`.ds-alert[data-color="success"]`),
	)
	b.open("/arshjul/2026")
	title := eval[string](b, `document.querySelector('`+arc+` title').textContent`)
	if !strings.HasPrefix(title, "Arendalsuka med hele klyngen, 9. august – 14. august 2026") {
		t.Errorf("the arc after the edit says %q", title)
	}
	b.checkClean("årshjul etter endring")
}
