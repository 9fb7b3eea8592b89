package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

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
