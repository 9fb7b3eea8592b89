package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The pages of issue 27 (own sessions, confirming who one is, the privacy statement and the
// user list with its new buttons), at laptop and phone width, with axe.
func TestSecurityPagesAreAccessible(t *testing.T) {
	pages := []struct{ name, path, h1 string }{
		{"innlogginger", "/meg/innlogginger", "Innlogginger"},
		{"bekreft", "/meg/bekreft?next=%2Fmeg%2Fdata.json", "Bekreft at det er deg"},
		{"personvern", "/personvern", "Personvernerklæring"},
		{"brukere", "/medlemmer/remiks/brukere", "Brukere i Remiks Miljøpark AS"},
	}
	for _, width := range []int64{1280, 390} {
		b := newBrowser(t)
		b.run(chromedp.EmulateViewport(width, 900))
		b.login("klyngeleder@remiks.example")
		for _, p := range pages {
			b.open(p.path)
			if h1 := eval[string](b, `[...document.querySelectorAll("h1")].map(h => h.textContent.trim()).join("|")`); h1 != p.h1 {
				t.Errorf("%s: h1 %q, want %q", p.name, h1, p.h1)
			}
			if wide := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); wide {
				t.Errorf("%s at %d px scrolls sideways", p.name, width)
			}
			b.checkAccessibility(p.name)
			if width == 390 {
				b.screenshot("sikkerhet-mobil-" + p.name)
			} else {
				b.screenshot("sikkerhet-" + p.name)
			}
		}
	}
}
