package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A new colleague's first visit: login, the member directory, a company, a person, my page.
func TestLoginDirectoryCompanyPersonMyPage(t *testing.T) {
	b := newBrowser(t)
	b.open("/medlemmer/hrs")
	if path := eval[string](b, `location.pathname`); path != "/logg-inn" {
		t.Fatalf("an anonymous visitor is at %s, want the login page", path)
	}
	// Logging in from there returns to the page that was asked for.
	b.run(
		chromedp.SendKeys("#email", "ansatt@vefas.example"),
		chromedp.SendKeys("#password", "klynge-demo-2026"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible(".site-user"),
	)
	if h1 := eval[string](b, `document.querySelector("h1").textContent`); h1 != "Hålogaland Ressursselskap IKS" {
		t.Fatalf("after login: h1 %q, want the company asked for", h1)
	}

	b.run(chromedp.Click(`.site-nav-row a[href="/medlemmer"]`), chromedp.WaitVisible(".card-grid"))
	if n := eval[int](b, `document.querySelectorAll(".card-grid > li").length`); n != 11 {
		t.Fatalf("%d companies listed, want 11", n)
	}
	b.run(chromedp.Click(`a[href="/medlemmer/iris-salten"]`))
	b.waitFor(`location.pathname === "/medlemmer/iris-salten" && document.readyState === "complete"`)
	if edit := eval[bool](b, `!!document.querySelector('a[href$="/rediger"]')`); edit {
		t.Error("a member of Vefas is offered to edit IRIS Salten's profile")
	}
	b.run(chromedp.Click(`.people a.person__name`))
	b.waitFor(`location.pathname.startsWith("/personer/") && document.readyState === "complete"`)
	if text := eval[string](b, `document.querySelector(".facts").textContent`); !strings.Contains(text, "IRIS Salten IKS") {
		t.Fatalf("person page lacks the company: %q", text)
	}
	b.checkAccessibility("person")

	// People search by group, by keyboard: type, then Enter.
	b.open("/personer")
	b.run(chromedp.SendKeys("#q", "Daglig leder\r"))
	b.waitFor(`location.search.includes("q=Daglig") && document.readyState === "complete"`)
	if n := eval[int](b, `document.querySelectorAll(".people > li").length`); n != 11 {
		t.Errorf("search for 'Daglig leder' found %d people, want the 11 directors", n)
	}

	// My page: change my title; the flash confirms and the value stays.
	b.run(chromedp.Click(`.site-user__me`), chromedp.WaitVisible("#title"))
	b.run(
		chromedp.SetValue("#title", "Miljørådgiver"),
		chromedp.Submit("#title"),
		chromedp.WaitVisible(`.ds-alert[data-color="success"]`),
	)
	if v := eval[string](b, `document.querySelector("#title").value`); v != "Miljørådgiver" {
		t.Fatalf("title after saving: %q", v)
	}
	b.checkAccessibility("min side etter lagring")

	// Logging out ends the session.
	b.run(chromedp.Click(`.site-user button`), chromedp.WaitVisible(`form[action="/logg-inn"]`))
	b.open("/meg")
	if path := eval[string](b, `location.pathname`); path != "/logg-inn" {
		t.Fatalf("after logout /meg shows %s", path)
	}
	b.checkClean("reisen")
}

// A form with errors shows the error summary and every message beside its field.
func TestInviteFormErrorsAreAccessible(t *testing.T) {
	b := newBrowser(t)
	b.login("admin@senja-avfall.example")
	b.open("/medlemmer/senja-avfall/brukere")
	b.run(chromedp.SetValue("#email", "ikke-en-adresse"), chromedp.Submit("#email"), chromedp.WaitVisible(".ds-error-summary"))
	if n := eval[int](b, `document.querySelectorAll("[aria-invalid=true]").length`); n < 2 {
		t.Errorf("%d fields marked invalid, want e-mail and name", n)
	}
	b.checkAccessibility("invitasjon med feil")
}

// A member gives her company's input to an open consultation and sees it listed.
func TestMemberGivesInputToAConsultation(t *testing.T) {
	b := newBrowser(t)
	b.login("ansatt@fimil.example")
	b.open("/")
	b.run(chromedp.Click(`.site-nav-row a[href="/horinger"]`))
	b.waitFor(`location.pathname === "/horinger" && document.readyState === "complete"`)
	b.run(chromedp.Click(`.consultation-list a[href="/horinger/1"]`))
	b.waitFor(`location.pathname === "/horinger/1" && document.readyState === "complete"`)
	b.run(
		chromedp.SetValue("#input", "FIMIL ber om at svaret nevner lange transportavstander i Finnmark."),
		chromedp.Submit("#input"),
	)
	b.waitFor(`!!document.querySelector('.ds-alert[data-color="success"]') && document.readyState === "complete"`)
	listed := eval[string](b, `[...document.querySelectorAll(".input-list > li")].map(li => li.textContent).join("|")`)
	if !strings.Contains(listed, "FIMIL") || !strings.Contains(listed, "lange transportavstander") { // the company's short name
		t.Fatalf("the input is not listed under the company: %q", listed)
	}
	if v := eval[string](b, `document.querySelector("#input").value`); !strings.Contains(v, "lange transportavstander") {
		t.Errorf("the form does not hold the saved input: %q", v)
	}
	b.checkAccessibility("høring etter innspill")
	b.checkClean("innspill")
}

// A conversation in a forum: start a thread, reply, see it unread as someone else, find it.
func TestForumThreadReplyUnreadAndSearch(t *testing.T) {
	b := newBrowser(t)
	b.login("ansatt@senja-avfall.example")
	b.run(chromedp.Click(`.site-nav-row a[href="/forum"]`), chromedp.WaitVisible(".forum-list"))
	b.run(chromedp.Click(`a[href="/forum/hms-og-beredskap"]`))
	b.waitFor(`location.pathname === "/forum/hms-og-beredskap" && document.readyState === "complete"`)
	b.run(chromedp.Click(`a[href="/forum/hms-og-beredskap/ny"]`), chromedp.WaitVisible("#title"))
	b.run(
		chromedp.SendKeys("#title", "Øvelse på brann i ballelager"),
		chromedp.SendKeys("#body", "Vi holdt **brannøvelse** i ballelageret i går. Hvordan øver dere?"),
		chromedp.Submit("#title"),
	)
	b.waitFor(`location.pathname.startsWith("/forum/hms-og-beredskap/") && !!document.querySelector(".post strong")`)
	thread := eval[string](b, `location.pathname`)
	b.run(
		chromedp.SendKeys("#body", "Vi øver to ganger i året, sammen med brannvesenet."),
		chromedp.Submit("#body"),
	)
	b.waitFor(`!!document.querySelector("#innlegg-2") && document.readyState === "complete"`)
	b.checkAccessibility("tråd etter svar")
	b.run(chromedp.Click(`.site-user button`), chromedp.WaitVisible(`form[action="/logg-inn"]`))

	b.login("ansatt@haf.example")
	b.open("/forum/hms-og-beredskap")
	if unread := eval[string](b, `document.querySelector('.thread-item__unread[href^="`+thread+`"]')?.textContent.trim() ?? ""`); unread != "Ulest" {
		t.Errorf("the new thread is not shown unread to another member (%q)", unread)
	}
	b.open("/forum")
	b.run(chromedp.SendKeys("#q", "brannøvelsene\r"))
	b.waitFor(`location.pathname === "/forum/sok" && document.readyState === "complete"`)
	if found := eval[bool](b, `[...document.querySelectorAll(".search-hit a")].some(a => a.textContent.includes("Øvelse på brann i ballelager"))`); !found {
		t.Error("search for 'brannøvelsene' does not find the thread")
	}
	b.checkAccessibility("forumsøk")
	b.checkClean("forumreisen")
}

// A company admin reports last year's figures: a plukkanalyse that does not add up is refused
// beside its fields, the corrected report is sent in and shows up in the comparison.
func TestCompanyAdminReportsIndicatorsAndSeesThemCompared(t *testing.T) {
	b := newBrowser(t)
	b.login("admin@vefas.example")
	b.open("/nokkeltall")
	b.run(chromedp.Click(`a[href="/nokkeltall/rapporter"]`))
	b.waitFor(`location.pathname === "/nokkeltall/rapporter" && document.readyState === "complete"`)
	b.run(chromedp.Submit(`#ar-start`))
	b.waitFor(`location.pathname.startsWith("/nokkeltall/rapporter/vefas/") && document.readyState === "complete"`)
	year := eval[string](b, `location.pathname.split("/").pop()`)

	b.run(
		chromedp.SendKeys("#verdi-utsorteringsgrad-husholdningsavfall", "47,3"),
		chromedp.SendKeys("#verdi-restavfall-per-innbygger", "198"),
		chromedp.SetValue("#plukk-dato", year+"-05-20"),
		chromedp.SendKeys("#plukk-kg", "720"),
	)
	shares := map[string]string{"matavfall": "30", "papir-og-papp": "10", "plastemballasje": "15", "glass-og-metallemballasje": "5",
		"tekstiler": "4", "farlig-avfall-ee": "1", "restavfall": "30"} // 95 %
	for slug, v := range shares {
		b.run(chromedp.SendKeys("#andel-"+slug, v))
	}
	b.run(chromedp.Click(`button[value="send"]`), chromedp.WaitVisible(".ds-error-summary"))
	if text := eval[string](b, `document.querySelector(".ds-error-summary").textContent`); !strings.Contains(text, "Nå blir de 95,00 %") {
		t.Fatalf("error summary %q", text)
	}
	b.checkAccessibility("rapport med feil")
	b.run(chromedp.SetValue("#andel-restavfall", "35"), chromedp.Click(`button[value="send"]`), chromedp.WaitVisible(`.ds-alert[data-color="success"]`))
	if text := eval[string](b, `document.querySelector("main").textContent`); !strings.Contains(text, "Innsendt") || !strings.Contains(text, "47,3") {
		t.Fatalf("after submitting: %q", text)
	}

	b.open("/nokkeltall?ar=" + year)
	if row := eval[string](b, `document.querySelector(".compare__own").textContent`); !strings.Contains(row, "47,3") || !strings.Contains(row, "198") {
		t.Errorf("own row in the comparison: %q", row)
	}
	if n := eval[int](b, `document.querySelectorAll("svg.chart").length`); n < 1 {
		t.Error("no chart on the comparison page")
	}
	b.checkAccessibility("nøkkeltall etter innsending")
	b.checkClean("nøkkeltall-reisen")
	b.screenshot("nokkeltall-sammenligning")
	// The screenshot is also kept as a test artefact (go test -artifacts keeps it under the output directory).
	saveArtifact(t, b, "nokkeltall-sammenligning.png")
	b.open("/nokkeltall/indikatorer/restavfall-per-innbygger?ar=" + year)
	saveArtifact(t, b, "nokkeltall-indikator.png")
}
