package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A member shares a file: the upload form (first with mistakes), the document page, finding it
// by search, and downloading the exact bytes.
func TestUploadFindAndDownloadADocument(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "Rutine for glassinnsamling.csv")
	content := "stasjon;tømminger\nSortland;12\nHadsel;9\n"
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.login("ansatt@reno-vest.example")
	b.open("/dokumenter")
	b.run(chromedp.Click(`a[href="/dokumenter/ny"]`), chromedp.WaitVisible("#file"))

	// Sent without a title or a file: the error summary and the messages beside the fields.
	b.run(chromedp.Click(`form[action="/dokumenter"] button[type="submit"]`))
	b.waitFor(`!!document.querySelector(".ds-error-summary") && document.readyState === "complete"`)
	if n := eval[int](b, `document.querySelectorAll(".ds-validation-message").length`); n < 2 {
		t.Errorf("%d validation messages, want one for the title and one for the file", n)
	}
	b.checkAccessibility("opplasting med feil")

	b.run(
		chromedp.SendKeys("#title", "Rutine for glassinnsamling"),
		chromedp.SendKeys("#tags", "glass, rutine"),
		chromedp.SetUploadFiles("#file", []string{file}),
		chromedp.Click(`form[action="/dokumenter"] button[type="submit"]`),
	)
	b.waitFor(`/^\/dokumenter\/\d+$/.test(location.pathname) && document.readyState === "complete"`)
	if h1 := eval[string](b, `document.querySelector("h1").textContent`); h1 != "Rutine for glassinnsamling" {
		t.Fatalf("after upload: h1 %q", h1)
	}
	docPath := eval[string](b, `location.pathname`)
	b.checkAccessibility("dokument etter opplasting")

	// Find it by search, with a Norwegian inflection of a word in the title.
	b.open("/dokumenter")
	b.run(chromedp.SendKeys("#q", "rutinene glassinnsamling\r"))
	b.waitFor(`location.search.includes("q=") && document.readyState === "complete"`)
	b.run(chromedp.Click(`.doc-list a[href="` + docPath + `"]`))
	b.waitFor(`location.pathname === "` + docPath + `" && document.readyState === "complete"`)

	// Download it: the link gives the same bytes, as an attachment with the file's name.
	got := eval[string](b, `fetch(document.querySelector('a[href$="/last-ned"]').href).then(r =>
		r.headers.get("content-type") + "|" + r.headers.get("content-disposition") + "|" + r.headers.get("x-content-type-options") + "|").then(h =>
		fetch(document.querySelector('a[href$="/last-ned"]').href).then(r => r.text()).then(body => h + body))`)
	parts := strings.SplitN(got, "|", 4)
	if len(parts) != 4 || parts[0] != "text/csv; charset=utf-8" || !strings.HasPrefix(parts[1], "attachment;") ||
		!strings.Contains(parts[1], "Rutine%20for%20glassinnsamling.csv") || parts[2] != "nosniff" || parts[3] != content {
		t.Fatalf("download: %q", got)
	}
	b.checkClean("dokumentreisen")
}

// A member shares the slides of a workshop from the event's page: "Last opp materiell" opens
// the upload form with the event chosen, and the event's page then lists the file.
func TestUploadMaterialsFromAnEvent(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "lysark-workshop.txt")
	if err := os.WriteFile(file, []byte("Lysark fra workshopen om plukkanalyser\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.login("ansatt@reno-vest.example")
	b.open("/arrangementer/3")
	b.run(chromedp.Click(`a[href="/dokumenter/ny?arrangement=3"]`), chromedp.WaitVisible("#file"))
	if v := eval[string](b, `document.querySelector("#event").value`); v != "3" {
		t.Fatalf("the upload form from the event has event %q chosen, want 3", v)
	}
	b.run(
		chromedp.SendKeys("#title", "Lysark fra workshopen"),
		chromedp.SetUploadFiles("#file", []string{file}),
		chromedp.Click(`form[action="/dokumenter"] button[type="submit"]`),
	)
	b.waitFor(`/^\/dokumenter\/\d+$/.test(location.pathname) && document.readyState === "complete"`)
	docPath := eval[string](b, `location.pathname`)
	b.run(chromedp.Click(`a[href="/arrangementer/3"]`))
	b.waitFor(`location.pathname === "/arrangementer/3" && document.readyState === "complete"`)
	if n := eval[int](b, `document.querySelectorAll('#materiell ~ ul a[href="`+docPath+`"]').length`); n != 1 {
		t.Fatal("the event page does not list the uploaded material")
	}
	b.checkAccessibility("arrangement med materiell")
	b.checkClean("materiell fra arrangement")
}
