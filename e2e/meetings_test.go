package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// meetingPages are the pages of the meetings area, with the demo's meetings: 1 is the past
// direktørforum meeting with approved minutes (cases 1–3), 2 the coming steering group meeting
// with a published agenda (cases 4–5).
var meetingPages = []struct{ name, path, h1 string }{
	{"forside med møter", "/", "Hei, Ragnhild"},
	{"møter", "/moter", "Møter"},
	{"gruppens møter", "/moter/gruppe/direktorforum", "Møter i Direktørforum"},
	{"møte med protokoll", "/moter/1", "Vårmøte"},
	{"saksliste", "/moter/2", "Styringsgruppemøte"},
	{"protokoll", "/moter/1/protokoll", "Protokoll: Direktørforum, "},
	{"referat", "/moter/2/referat", "Referat: Styringsgruppemøte"},
	{"sak", "/moter/1/saker/3", "Sak 03/"},
	{"ny sak", "/moter/2/saker/ny", "Ny sak"},
	{"nytt møte", "/moter/ny", "Nytt møte"},
	{"vedtaksregister", "/vedtak", "Vedtaksregister"},
	{"vedtaksregister filtrert", "/vedtak?q=budsjett&fokus=0", "Vedtaksregister"},
	{"vedtak", "/vedtak/1", "Sak 01/"},
}

// checkMeetingPages opens every page of the area: one h1, axe-clean, no sideways scrolling.
func checkMeetingPages(t *testing.T, b *browser, suffix string) {
	for _, p := range meetingPages {
		name := p.name + suffix
		b.open(p.path)
		if h1 := eval[string](b, `[...document.querySelectorAll("h1")].map(h => h.textContent.trim()).join("|")`); !strings.HasPrefix(h1, p.h1) || strings.Contains(h1, "|") {
			t.Errorf("%s: h1 %q, want one starting %q", name, h1, p.h1)
		}
		if wide := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); wide {
			t.Errorf("%s: the page scrolls sideways", name)
		}
		b.checkAccessibility(name)
		b.checkClean(name)
		b.screenshot("moter-" + strings.ReplaceAll(name, " ", "-"))
	}
}

func TestMeetingPagesAreAccessibleOnDesktopAndPhone(t *testing.T) {
	b := newBrowser(t)
	b.login("klyngeleder@remiks.example")
	for _, scheme := range []string{"light", "dark"} {
		b.colorScheme(scheme)
		checkMeetingPages(t, b, " ("+scheme+")")
	}
	b.colorScheme("light")
	b.run(chromedp.EmulateViewport(390, 844))
	checkMeetingPages(t, b, " (mobil)")
}

// A member of the steering group answers the invitation, reads the agenda with its changed
// case marked, and an outsider sees only the shared decision in the register.
func TestAnsweringAndReadingTheAgendaAndTheRegister(t *testing.T) {
	b := newBrowser(t)
	b.login("direktor@hrs.example")
	b.open("/moter/2")
	if n := eval[int](b, `document.querySelectorAll(".meeting-case").length`); n != 2 {
		t.Errorf("%d cases on the agenda, want 2", n)
	}
	if !eval[bool](b, `!!document.querySelector(".changed-note")`) {
		t.Error("the case changed after publication is not marked")
	}
	b.run(chromedp.Click(`#svar-vara`), chromedp.SendKeys(`#substitute`, "Kari Vara"), chromedp.Click(`form[action="/moter/2/svar"] button[type="submit"]`))
	b.waitFor(`location.pathname === "/moter/2" && document.readyState === "complete" && !!document.querySelector(".ds-alert")`)
	if row := eval[string](b, `[...document.querySelectorAll("#deltakere ~ * tr, section[aria-labelledby=deltakere] tr")].map(r => r.textContent).find(t => t.includes("Kari Vara")) || ""`); !strings.Contains(row, "Vara møter") {
		t.Errorf("the list of who comes does not show the deputy: %q", row)
	}
	b.checkAccessibility("møte etter svar")

	o := newBrowser(t)
	o.login("ansatt@las.example")
	o.open("/vedtak")
	titles := eval[string](o, `[...document.querySelectorAll(".decision-list h3")].map(h => h.textContent).join("|")`)
	if !strings.Contains(titles, "Budsjett og finansiering av klyngesamarbeidet") || strings.Contains(titles, "Mandat for styringsgruppen") {
		t.Errorf("the outsider's register shows %q, want only the shared budget decision", titles)
	}
	if strings.Contains(eval[string](o, `document.querySelector("nav[aria-label=Hovedmeny]")?.textContent || ""`), "Møter") {
		t.Error("the outsider has Møter in the menu")
	}
	o.checkAccessibility("vedtaksregister for alle")
}

// The protocol prints without the site's header, menu and footer.
func TestProtocolPrintsWithoutTheFrame(t *testing.T) {
	b := newBrowser(t)
	b.login("klyngeleder@remiks.example")
	b.open("/moter/1/protokoll")
	b.run(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	for _, sel := range []string{".site-header", ".site-footer", ".breadcrumbs"} {
		if d := eval[string](b, `getComputedStyle(document.querySelector("`+sel+`")).display`); d != "none" {
			t.Errorf("printed, %s is displayed (%s)", sel, d)
		}
	}
	if d := eval[string](b, `getComputedStyle(document.querySelector(".protocol")).display`); d == "none" {
		t.Error("printed, the protocol is hidden")
	}
	b.screenshot("moter-protokoll-utskrift")
}
