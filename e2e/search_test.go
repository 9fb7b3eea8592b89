package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"klyngeportalen/internal/database/dbtest"
)

// TestSearchPeopleAndCompanyPagesAreAccessible checks /sok, a person and a company (issue 19)
// with axe at 390 px and 1280 px, light and dark, and that the header's search box leads to
// the search.
func TestSearchPeopleAndCompanyPagesAreAccessible(t *testing.T) {
	var person int64
	if err := dbtest.Pool(t).QueryRow(context.Background(), `UPDATE users SET mobile = '+47 900 12 345', department = 'Innsamling',
		about = 'Jeg kan mye om plukkanalyser og ruteplanlegging.' WHERE email = 'direktor@iris-salten.example' RETURNING id`).Scan(&person); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ name, path, h1 string }{
		{"søk", "/sok?q=plukkanalyse", "Søk"},
		{"søk innlegg", "/sok?q=plukkanalyse&type=innlegg", "Søk"},
		{"søk personer", "/sok?q=Kari&type=personer", "Søk"},
		{"søk tomt", "/sok", "Søk"},
		{"person", "/personer/" + strconv.FormatInt(person, 10), ""},
		{"fagområder", "/personer/fagomrader", "Hvem kan noe om …?"},
		{"personer fra bokstav", "/personer?fra=K", "Personer"},
		{"selskap med aktivitet", "/medlemmer/iris-salten", "IRIS Salten IKS"},
		{"rediger selskap med logo", "/medlemmer/iris-salten/rediger", "Rediger profilen til IRIS Salten IKS"},
		{"min side med fagområder", "/meg", "Min side"},
	}
	for _, width := range []int64{390, 1280} {
		b := newBrowser(t)
		b.run(chromedp.EmulateViewport(width, 900))
		b.login("klyngeleder@remiks.example")
		for _, scheme := range []string{"light", "dark"} {
			b.colorScheme(scheme)
			for _, p := range pages {
				name := p.name + " " + strconv.FormatInt(width, 10) + " " + scheme
				b.open(p.path)
				h1 := eval[string](b, `[...document.querySelectorAll("h1")].map(h => h.textContent.trim()).join("|")`)
				if (p.h1 != "" && h1 != p.h1) || h1 == "" {
					t.Errorf("%s: h1 %q, want %q", name, h1, p.h1)
				}
				if wide := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); wide {
					t.Errorf("%s: the page scrolls sideways", name)
				}
				b.checkAccessibility(name)
				b.checkClean(name)
				if scheme == "light" {
					b.screenshot("sok-" + p.name + "-" + strconv.FormatInt(width, 10))
				}
			}
		}
		// The header's box searches from any page (on a phone it is the first thing in the menu).
		b.open("/arrangementer")
		box := `#site-search-q`
		if width < 640 {
			b.run(chromedp.Click(`.site-menu__button`))
			box = `#site-menu-search-q`
		}
		b.run(chromedp.SendKeys(box, "Kari\n"))
		b.waitFor(`location.pathname === "/sok" && document.querySelector("#treff-personer") !== null`)
	}
}
