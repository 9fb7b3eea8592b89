package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

// Every member reads the partner register and the projects, with demo rows marked as such.
func TestPartnerRegisterAndProjects(t *testing.T) {
	c := newClient(t).Login("ansatt@haf.example")
	res := coldGet(t, c, "/partnere")
	for _, want := range []string{"Nord universitet", "SINTEF", "Innovasjon Norge", "Avfall Norge", "Forskning og utvikling", "Virkemiddelapparatet", "Demodata"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the register lacks %q", want)
		}
	}
	if res.Queries > 4 {
		t.Errorf("the register ran %d queries", res.Queries)
	}
	org := c.Get("/partnere/sintef")
	if org.StatusCode != http.StatusOK || !strings.Contains(org.Body, "Ettersortering av restavfall i nord") {
		t.Fatalf("an organisation: %d", org.StatusCode)
	}
	list := c.Get("/prosjekter?status=soknad")
	if !strings.Contains(list.Body, "Felles metode for plukkanalyser") || strings.Contains(list.Body, "Ettersortering av restavfall") {
		t.Fatal("the status filter does not filter")
	}
	if got := c.Get("/partnere/finnes-ikke").StatusCode; got != http.StatusNotFound {
		t.Errorf("unknown partner: %d", got)
	}
	if got := c.Get("/prosjekter/999999").StatusCode; got != http.StatusNotFound {
		t.Errorf("unknown project: %d", got)
	}
	for _, path := range []string{"/partnere/ny", "/prosjekter/nytt"} {
		if got := c.PostForm(path, url.Values{"name": {"X"}, "title": {"X"}}).StatusCode; got != http.StatusForbidden {
			t.Errorf("a member posting %s: %d, want 403", path, got)
		}
	}
}

// Cluster admins add partners and projects; bad input is answered beside the field.
func TestClusterAdminEditsPartnersAndProjects(t *testing.T) {
	c := newClient(t).Login("klyngeleder@remiks.example")
	bad := c.PostForm("/partnere/ny", url.Values{"name": {""}, "kind": {"hemmelig"}, "website": {"javascript:alert(1)"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Velg hva slags organisasjon") {
		t.Fatalf("bad partner: %d", bad.StatusCode)
	}
	res := c.PostForm("/partnere/ny", url.Values{"name": {"Nofima"}, "kind": {"fou"}, "website": {"https://nofima.no"}, "collaboration": {"Emballasje og matsvinn"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/partnere/nofima" {
		t.Fatalf("new partner: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	var nofima string
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT id::text FROM partner_organisations WHERE slug = 'nofima'`).Scan(&nofima); err != nil {
		t.Fatal(err)
	}
	bad = c.PostForm("/prosjekter/nytt", url.Values{"title": {"Matsvinn"}, "status": {"pagar"}, "funding_amount": {"mange penger"}, "starts_on": {"2026-05-01"}, "ends_on": {"2026-01-01"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "hele kroner") || !strings.Contains(bad.Body, "Slutten kan ikke være før starten") {
		t.Fatalf("bad project: %d", bad.StatusCode)
	}
	res = c.PostForm("/prosjekter/nytt", url.Values{"title": {"Matsvinn i nord"}, "status": {"pagar"}, "funding_source": {"Innovasjon Norge"},
		"funding_amount": {"1 500 000"}, "starts_on": {"2026-05-01"}, "ends_on": {"2027-04-30"}, "partners": {nofima}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new project: %d\n%s", res.StatusCode, res.Body)
	}
	page := c.Get(res.Header.Get("Location")).Body
	for _, want := range []string{"Matsvinn i nord", "Pågår", "Innovasjon Norge: 1\u00a0500\u00a0000 kr", "Nofima", "1. mai 2026"} {
		if !strings.Contains(page, want) {
			t.Errorf("the project page lacks %q", want)
		}
	}
}
