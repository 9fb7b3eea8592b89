// Package e2e walks the portal in a real Chromium (Debian's /usr/bin/chromium) against the real
// server on loopback, and checks every page type with axe-core for WCAG 2.1 A/AA.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m, webtest.SeedDemo)) }

const chromiumPath = "/usr/bin/chromium"

// browser is one headless Chromium with a tab, looking at a portal served on loopback.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	axe  string

	mu       sync.Mutex
	problems []string // console errors, CSP violations, uncaught exceptions
}

// newBrowser starts the portal on a loopback port and a fresh Chromium pointed at it.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is missing at %s (make test installs it: apt-get install chromium): %v", chromiumPath, err)
	}
	axe, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is missing (make test runs npm ci): %v", err)
	}
	cfg := webtest.Config(t)
	_, handler := webtest.Portal(t, cfg, dbtest.Pool(t), nil)
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return launch(t, srv.URL, string(axe))
}

// launch starts a fresh Chromium looking at the portal served at base.
func launch(t *testing.T, base, axe string) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // CI runs as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("lang", "nb-NO"), // the browser's own texts (date fields) in Norwegian
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })

	b := &browser{t: t, ctx: ctx, base: base, axe: axe}
	if err := chromedp.Listen(ctx, b.watch); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, struct{}{}); err != nil {
		t.Fatalf("enable the browser log: %v", err)
	}
	return b
}

// watch records what a page should never cause: errors in the console or the browser log.
// The status of the page itself is not one of them (an error page answers 404 on purpose).
func (b *browser) watch(ev any) {
	var msg string
	switch e := ev.(type) {
	case *log.EventEntryAdded:
		document := e.Entry.Source == log.EntrySourceNetwork && !strings.Contains(e.Entry.URL, "/static/")
		if (e.Entry.Level == log.EntryLevelError && !document) || strings.Contains(e.Entry.Text, "Content Security Policy") {
			msg = fmt.Sprintf("%s: %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL)
		}
	}
	if msg != "" && !strings.Contains(msg, "favicon.ico") {
		b.mu.Lock()
		b.problems = append(b.problems, msg)
		b.mu.Unlock()
	}
}

func (b *browser) run(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second) // a loaded CI machine starts Chromium slowly
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

func eval[T any](b *browser, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %.60q: %v", js, err)
	}
	return v
}

// login signs in through the login form, as a person would, typing the one-time code of the
// demo TOTP secret when the account asks for one.
func (b *browser) login(email string) {
	b.t.Helper()
	b.open("/logg-inn")
	b.run(
		chromedp.SendKeys("#email", email),
		chromedp.SendKeys("#password", webtest.DemoPassword),
		chromedp.Submit("#password"),
	)
	b.waitFor(`document.readyState === "complete" && (!!document.querySelector(".site-user") || location.pathname === "/logg-inn/kode")`)
	if eval[string](b, `location.pathname`) == "/logg-inn/kode" {
		b.run(
			chromedp.WaitVisible("#code"),
			chromedp.SendKeys("#code", webtest.TOTPCode(b.t, email)),
			chromedp.Submit("#code"),
		)
	}
	b.run(chromedp.WaitReady(".site-user"))
}

// open navigates to path and waits until the page has loaded.
func (b *browser) open(path string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+path), chromedp.WaitVisible("main"))
}

type violation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target []any }
}

// checkAccessibility runs axe-core on the current page: zero WCAG 2.2 A/AA violations (the
// wcag22aa tag brings target size: 24×24 CSS px).
func (b *browser) checkAccessibility(name string) {
	b.t.Helper()
	b.runAxe(name, `{type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}`)
}

// checkColours runs only axe-core's rules about colour: for the dark scheme, where the page is
// the same as in the light one but for its colours (checked in full there).
func (b *browser) checkColours(name string) {
	b.t.Helper()
	b.runAxe(name, `{type: "rule", values: ["color-contrast", "link-in-text-block"]}`)
}

func (b *browser) runAxe(name, runOnly string) {
	b.t.Helper()
	if !eval[bool](b, `typeof axe !== "undefined"`) {
		eval[bool](b, b.axe+";true")
	}
	raw := eval[string](b, `axe.run(document, {runOnly: `+runOnly+`, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`)
	var vs []violation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		b.t.Fatalf("%s: axe result: %v", name, err)
	}
	for _, v := range vs {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		b.t.Errorf("%s: axe %s (%s): %s at %s", name, v.ID, v.Impact, v.Help, strings.Join(where, ", "))
	}
}

// checkClean fails on any console error or CSP violation seen so far.
func (b *browser) checkClean(name string) {
	b.t.Helper()
	time.Sleep(50 * time.Millisecond) // let late log entries arrive
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Errorf("%s: %s", name, p)
	}
	b.problems = nil
}

func (b *browser) colorScheme(scheme string) {
	b.t.Helper()
	b.run(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

// checkLayout fails when the page scrolls sideways, and on a phone when the page's heading does
// not start in the first screen (a header or menu taking the screen before the content).
func (b *browser) checkLayout(name string, phone bool) {
	b.t.Helper()
	if wide := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); wide {
		culprit := eval[string](b, `[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(-1).map(e => e.tagName + "." + e.className).join("")`)
		b.t.Errorf("%s: the page scrolls sideways (%d > %d; widest: %s)", name,
			eval[int](b, `document.documentElement.scrollWidth`), eval[int](b, `window.innerWidth`), culprit)
	}
	// The text as read: no space before a comma ("Kari , IRIS"), no brackets in brackets.
	if bad := eval[string](b, `(document.querySelector("main").innerText.match(/.{0,30}[^\S\n],.{0,20}|.{0,30}\([^()\n]*\([^()\n]*\)[^()\n]*\).{0,10}/) || [""])[0]`); bad != "" {
		b.t.Errorf("%s: badly set text: %q", name, bad)
	}
	if phone {
		if top := eval[float64](b, `document.querySelector("main h1").getBoundingClientRect().top + window.scrollY`); top > 0.3*eval[float64](b, `window.innerHeight`) {
			b.t.Errorf("%s: the heading starts %.0f px down, not in the top of the first screen", name, top)
		}
	}
}

// screenshotDir is where screenshots go: $E2E_SCREENSHOTS, or e2e/screenshots (ignored by git).
// The first screens are always saved; whole pages only when $E2E_SCREENSHOTS names a folder.
func screenshotDir() string {
	if dir := os.Getenv("E2E_SCREENSHOTS"); dir != "" {
		return dir
	}
	return "screenshots"
}

// screenshot saves the whole page as a PNG in $E2E_SCREENSHOTS, when set, for a person to look at.
func (b *browser) screenshot(name string) { b.shots(name, true, false) }

// shots saves the page as PNGs for a person to look at: the whole page (when $E2E_SCREENSHOTS
// is set), and the first screen alone (what one sees on opening it on a phone).
func (b *browser) shots(name string, whole, firstScreen bool) {
	b.t.Helper()
	dir := screenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	name = strings.NewReplacer(" ", "-", "(", "", ")", "").Replace(name)
	shots := map[string]chromedp.Action[[]byte]{}
	if whole && os.Getenv("E2E_SCREENSHOTS") != "" { // whole pages take long: when asked for
		shots[name] = chromedp.FullScreenshot(100)
	}
	if firstScreen {
		shots[name+"-forste-skjerm"] = chromedp.CaptureScreenshot()
	}
	for file, shot := range shots {
		png, err := chromedp.Run(ctx, shot)
		if err != nil {
			b.t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, file+".png"), png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
}

// waitFor polls the JavaScript condition until it is true (a new page after a form submit).
func (b *browser) waitFor(condition string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](condition))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waited in vain for %s (last error %v)", condition, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// saveArtifact saves a screenshot of the whole page in the test's artefact directory.
func saveArtifact(t *testing.T, b *browser, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
