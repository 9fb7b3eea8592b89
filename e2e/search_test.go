package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"klyngeportalen/internal/database/dbtest"
)

// TestSearchPeopleAndCompanyPagesAreAccessible checks the pages of issue 19 that the walk of
// every page type (TestEveryPageTypeOnPhoneAndLaptop) does not: a person with all the profile
// holds, people's hits, the empty search, the directory from a letter and a company's form with
// its logo, as that walk checks its pages at 390 px and 1280 px. /sok with hits of every kind and
// of one, "Hvem kan noe om …?", a company with its activity and Min side are in the walk. And the
// header's search box leads to the search.
func TestSearchPeopleAndCompanyPagesAreAccessible(t *testing.T) {
	var person int64
	if err := dbtest.Pool(t).QueryRow(context.Background(), `UPDATE users SET mobile = '+47 900 12 345', department = 'Innsamling',
		about = 'Jeg kan mye om plukkanalyser og ruteplanlegging.' WHERE email = 'direktor@iris-salten.example' RETURNING id`).Scan(&person); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ name, path, h1 string }{
		{"søk personer", "/sok?q=Kari&type=personer", "Søk"},
		{"søk tomt", "/sok", "Søk"},
		{"person", "/personer/" + strconv.FormatInt(person, 10), ""},
		{"personer fra bokstav", "/personer?fra=K", "Personer"},
		{"rediger selskap med logo", "/medlemmer/iris-salten/rediger", "Rediger profilen til IRIS Salten IKS"},
	}
	for _, width := range []int64{390, 1280} {
		b := newBrowser(t)
		b.run(chromedp.EmulateViewport(width, 844))
		b.login("klyngeleder@remiks.example")
		for _, p := range pages {
			b.checkPage(p.name, p.path, p.h1, width)
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
