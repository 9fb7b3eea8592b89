package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A member registers for a workshop, sees "Du er påmeldt", cancels, and joins a full event's waitlist.
func TestRegisterCancelAndJoinTheWaitlist(t *testing.T) {
	b := newBrowser(t)
	b.login("ansatt@senja-avfall.example")
	b.run(chromedp.Click(`.site-nav-row a[href="/arrangementer"]`), chromedp.WaitVisible(".event-list"))
	b.run(chromedp.Click(`.event-list a[href="/arrangementer/3"]`))
	b.waitFor(`document.querySelector("h1").textContent === "Workshop: plukkanalyser i praksis" && document.readyState === "complete"`)
	b.run(chromedp.SendKeys("#answer", "Vegetar"), chromedp.Click(`form[action$="/pamelding"] button`))
	b.waitFor(`document.body.textContent.includes("Du er påmeldt") && !!document.querySelector('a[href$="/avmelding"]')`)
	b.checkAccessibility("påmeldt")

	// Cancelling asks first, on a page of its own; going back keeps the seat.
	b.run(chromedp.Click(`main a[href$="/avmelding"]`))
	b.waitFor(`document.querySelector("h1").textContent === "Vil du melde deg av?" && document.readyState === "complete"`)
	b.checkAccessibility("avmelding")
	b.run(chromedp.Click(`main a[href="/arrangementer/3"].ds-button`))
	b.waitFor(`document.body.textContent.includes("Du er påmeldt") && document.readyState === "complete"`)
	b.run(chromedp.Click(`main a[href$="/avmelding"]`))
	b.waitFor(`document.querySelector("h1").textContent === "Vil du melde deg av?" && document.readyState === "complete"`)
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

// A company admin signs a colleague up from the colleagues page, by keyboard, and comes back to
// it with the colleague listed.
func TestCompanyAdminSignsUpAColleague(t *testing.T) {
	b := newBrowser(t)
	b.login("admin@senja-avfall.example")
	b.open("/arrangementer/3")
	b.run(chromedp.Click(`a[href="/arrangementer/3/kolleger"]`))
	b.waitFor(`document.querySelector("h1").textContent === "Meld på kolleger" && document.readyState === "complete"`)
	b.checkAccessibility("meld på kolleger")
	// The admin is on the list too; the arrow key picks the next one, a colleague.
	me := eval[string](b, `document.querySelector(".site-user, header").textContent`)
	b.run(chromedp.Focus("#kollega"), chromedp.KeyEvent(kb.ArrowDown))
	name := eval[string](b, `document.querySelector("#kollega").selectedOptions[0].textContent`)
	if strings.Contains(me, name) {
		t.Fatalf("picked the admin %s", name)
	}
	b.run(chromedp.Focus(`form[action$="/pamelding"] button`), chromedp.KeyEvent("\r"))
	b.waitFor(`document.body.textContent.includes("Kollegaen din er påmeldt") && document.readyState === "complete"`)
	if here := eval[string](b, `location.pathname`); here != "/arrangementer/3/kolleger" {
		t.Errorf("after signing up a colleague the browser is at %s", here)
	}
	if listed := eval[string](b, `[...document.querySelectorAll("section ul li")].map(li => li.textContent).join("|")`); !strings.Contains(listed, name) {
		t.Errorf("%s is not listed as signed up: %s", name, listed)
	}
	b.checkAccessibility("kollega påmeldt")
	b.checkClean("kollegapåmelding")
}
