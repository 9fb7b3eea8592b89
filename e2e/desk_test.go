package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The cluster leader's desk passes axe at a phone's and a laptop's width, light and dark.
func TestDeskIsAccessible(t *testing.T) {
	b := newBrowser(t)
	b.login("klyngeleder@remiks.example")
	for _, width := range []int64{390, 1280} {
		for _, scheme := range []string{"light", "dark"} {
			b.run(chromedp.EmulateViewport(width, 900))
			b.colorScheme(scheme)
			b.open("/skrivebord")
			b.checkAccessibility("skrivebordet " + scheme)
			if eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`) {
				t.Errorf("the desk scrolls sideways at %d px", width)
			}
		}
		b.screenshot("skrivebordet-" + map[int64]string{390: "mobil", 1280: "pc"}[width])
	}
	b.checkClean("skrivebordet")
}
