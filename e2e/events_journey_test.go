package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A member registers for a workshop, sees "Du er påmeldt", cancels, and joins a full event's waitlist.
func TestRegisterCancelAndJoinTheWaitlist(t *testing.T) {
	b := newBrowser(t)
	b.login("ansatt@senja-avfall.example")
	b.run(chromedp.Click(`nav a[href="/arrangementer"]`), chromedp.WaitVisible(".event-list"))
	b.run(chromedp.Click(`.event-list a[href="/arrangementer/3"]`))
	b.waitFor(`document.querySelector("h1").textContent === "Workshop: plukkanalyser i praksis" && document.readyState === "complete"`)
	b.run(chromedp.SendKeys("#answer", "Vegetar"), chromedp.Click(`form[action$="/pamelding"] button`))
	b.waitFor(`document.body.textContent.includes("Du er påmeldt") && !!document.querySelector('form[action$="/avmelding"]')`)
	b.checkAccessibility("påmeldt")

	b.run(chromedp.Click(`form[action$="/avmelding"] button`))
	b.waitFor(`document.body.textContent.includes("Du er meldt av.") && document.readyState === "complete"`)
	if still := eval[bool](b, `document.body.textContent.includes("Du er påmeldt")`); still {
		t.Error("after cancelling the page still says Du er påmeldt")
	}

	b.open("/arrangementer")
	b.run(chromedp.Click(`.event-list a[href="/arrangementer/2"]`))
	b.waitFor(`document.querySelector("h1").textContent === "Seminar: nye krav til utsortering" && document.readyState === "complete"`)
	b.run(chromedp.Click(`form[action$="/pamelding"] button`))
	b.waitFor(`document.body.textContent.includes("Du står på venteliste som nr. 3")`)
	if text := eval[string](b, `document.querySelector(".ds-alert").textContent`); !strings.Contains(text, "venteliste som nr. 3") {
		t.Errorf("flash: %q", text)
	}
	b.checkAccessibility("venteliste")
	b.checkClean("arrangementsreisen")
}
