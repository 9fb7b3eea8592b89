package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The partner register, the projects and a project's form pass axe at 390 and 1280 px.
func TestPartnerPagesAreAccessible(t *testing.T) {
	b := newBrowser(t)
	b.login("klyngeleder@remiks.example")
	for _, width := range []int64{390, 1280} {
		b.run(chromedp.EmulateViewport(width, 900))
		for _, p := range []string{"/partnere", "/partnere/sintef", "/prosjekter", "/prosjekter/nytt"} {
			b.open(p)
			b.checkAccessibility(p)
			if eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`) {
				t.Errorf("%s scrolls sideways at %d px", p, width)
			}
		}
		b.screenshot("partnere-" + map[int64]string{390: "mobil", 1280: "pc"}[width])
	}
	b.checkClean("partnere")
}
