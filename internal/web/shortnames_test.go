package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// Lists and tables name companies by their short name ("IRIS Salten", "Vefas"), or by the full
// name when a company has none: the indicator tables' sticky first column, the pick analyses,
// the directory list and a forum post's author line.
func TestShortCompanyNamesInListsAndTables(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	res := c.Get("/nokkeltall")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/nokkeltall: status %d", res.StatusCode)
	}
	body := html.UnescapeString(res.Body)
	compare := section(t, body, `class="ds-table compare"`, `</table>`)
	for _, want := range []string{"<th scope=\"row\">IRIS Salten", "<th scope=\"row\">Vefas", "<th scope=\"row\">FIMIL", "<th scope=\"row\">Remiks"} {
		if !strings.Contains(compare, want) {
			t.Errorf("the comparison table lacks %q", want)
		}
	}
	picks := section(t, body, `id="plukk-tabell"`, `</table>`)
	for _, table := range []string{compare, picks} {
		for _, full := range []string{"IRIS Salten IKS", "Vest-Finnmark Avfallsselskap IKS", "Finnmark Miljøtjeneste AS", "Remiks Miljøpark AS"} {
			if strings.Contains(table, full) {
				t.Errorf("a table on /nokkeltall names %q in full", full)
			}
		}
	}
	bars := html.UnescapeString(c.Get("/nokkeltall/indikatorer/restavfall-per-innbygger").Body)
	if table := section(t, bars, `id="soyler-tabell"`, `</table>`); !strings.Contains(table, "Vefas") || strings.Contains(table, "Vest-Finnmark Avfallsselskap IKS") {
		t.Error("the indicator's table does not use the short names")
	}

	people := html.UnescapeString(c.Get("/personer?q=Daglig+leder").Body)
	if !strings.Contains(people, `<span class="person__company">IRIS Salten</span>`) || strings.Contains(people, `<span class="person__company">IRIS Salten IKS</span>`) {
		t.Error("the directory list does not name the company by its short name")
	}

	thread := startThread(t, newClient(t).Login("ansatt@iris-salten.example"), "generelt", "Kortnavn i tråden", "Hei fra Salten.")
	if post := c.Get(thread).Body; !strings.Contains(post, ", IRIS Salten") || strings.Contains(post, "IRIS Salten IKS") {
		t.Error("the post's author line does not name the company by its short name")
	}

	// Without a short name, the full name.
	execSQL(t, `UPDATE companies SET short_name = '' WHERE slug = 'hrs'`)
	t.Cleanup(func() { execSQL(t, `UPDATE companies SET short_name = 'HRS' WHERE slug = 'hrs'`) })
	if people := html.UnescapeString(c.Get("/personer?selskap=hrs").Body); !strings.Contains(people, `<span class="person__company">Hålogaland Ressursselskap IKS</span>`) {
		t.Error("a company without a short name is not named in full")
	}
}
