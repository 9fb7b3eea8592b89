package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A cluster admin invites an owner representative and a partner person; a company admin only
// representatives of their own company's owner municipalities. The invited owner chooses a
// password by the link and lands on their own front page.
func TestInvitingOwnersAndPartners(t *testing.T) {
	admin := newClient(t).Login("klyngeleder@remiks.example")
	page := admin.Get("/eiere")
	for _, want := range []string{"Eierkommuner", "IRIS Salten IKS", "Bodø, Fauske", "Eva Eiersen", "Per Partnersen", "Inviter", "Nord universitet"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("/eiere for a cluster admin lacks %q", want)
		}
	}
	bad := admin.PostForm("/eiere/inviter", url.Values{"kind": {"owner"}, "name": {"Ola Eier"}, "email": {"ola.eier@fauske.example"}, "municipality": {"Oslo"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Velg en av eierkommunene") || !strings.Contains(bad.Body, "ola.eier@fauske.example") {
		t.Fatalf("an unknown municipality: %d", bad.StatusCode)
	}
	res := admin.PostForm("/eiere/inviter", url.Values{"kind": {"owner"}, "name": {"Ola Eier"}, "email": {"ola.eier@fauske.example"}, "municipality": {"Fauske"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite an owner: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM users WHERE email = 'ola.eier@fauske.example' AND kind = 'owner' AND municipality = 'Fauske' AND company_id IS NULL AND password_hash IS NULL`); n != 1 {
		t.Fatal("the owner's account is not as invited")
	}
	partner := idOf(t, `SELECT id FROM partner_organisations WHERE slug = 'sintef'`)
	if res := admin.PostForm("/eiere/inviter", url.Values{"kind": {"partner"}, "name": {"Siri Sintef"}, "email": {"siri@sintef.example"}, "partner": {partner}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite a partner: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM users WHERE email = 'siri@sintef.example' AND kind = 'partner' AND partner_id = $1`, partner); n != 1 {
		t.Fatal("the partner's account is not as invited")
	}

	// The owner accepts and lands on their own front page.
	link := lastLink(t, "ola.eier@fauske.example", "Invitasjon til Klyngeportalen")
	c := newClient(t)
	if got := c.Get(link); got.StatusCode != http.StatusOK {
		t.Fatalf("the invitation link: %d", got.StatusCode)
	}
	accepted := choosePassword(c, link, "et-langt-eierpassord-2026", "et-langt-eierpassord-2026")
	if accepted.StatusCode != http.StatusSeeOther || accepted.Header.Get("Location") != "/" {
		t.Fatalf("accepting: %d %q", accepted.StatusCode, accepted.Header.Get("Location"))
	}
	if front := c.Get("/"); !strings.Contains(front.Body, "Velkommen, Ola") || !strings.Contains(front.Body, "Fauske kommune (eier)") {
		t.Fatalf("the owner's front page after accepting: %d", front.StatusCode)
	}

	// A company admin of IRIS Salten invites for IRIS Salten's owners only, and no partners.
	iris := newClient(t).Login("admin@iris-salten.example")
	page = iris.Get("/eiere")
	if !strings.Contains(page.Body, "Ola Eier") || strings.Contains(page.Body, "Siri Sintef") || strings.Contains(page.Body, "Organisasjon") {
		t.Error("a company admin sees other accounts than their owners' (or the partner form)")
	}
	if res := iris.PostForm("/eiere/inviter", url.Values{"kind": {"owner"}, "name": {"Tor Tromsø"}, "email": {"tor@tromso.example"}, "municipality": {"Tromsø"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a company admin inviting for another company's owner: %d", res.StatusCode)
	}
	if res := iris.PostForm("/eiere/inviter", url.Values{"kind": {"partner"}, "name": {"P"}, "email": {"p@x.example"}, "partner": {partner}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a company admin inviting a partner: %d", res.StatusCode)
	}
	if res := iris.PostForm("/eiere/inviter", url.Values{"kind": {"owner"}, "name": {"Bodil Bodø"}, "email": {"bodil@bodo.example"}, "municipality": {"Bodø"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a company admin inviting for their own owner: %d", res.StatusCode)
	}
	// A member reads the owner municipalities but manages nothing.
	member := newClient(t).Login("ansatt@haf.example")
	page = member.Get("/eiere")
	if page.StatusCode != http.StatusOK || strings.Contains(page.Body, "Eva Eiersen") || strings.Contains(page.Body, "Send invitasjonen") {
		t.Error("a member sees the accounts or the invitation form")
	}
	if res := member.PostForm("/eiere/inviter", url.Values{"kind": {"owner"}, "name": {"X"}, "email": {"x@bodo.example"}, "municipality": {"Bodø"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member inviting: %d", res.StatusCode)
	}

	// Closing the account ends the owner's access at once; another company's admin cannot.
	ola := idOf(t, `SELECT id FROM users WHERE email = 'ola.eier@fauske.example'`)
	if res := newClient(t).Login("admin@las.example").PostForm("/eiere/kontoer/"+ola+"/deaktiver", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("another company's admin closing an owner's account: %d", res.StatusCode)
	}
	if res := iris.PostForm("/eiere/kontoer/"+ola+"/deaktiver", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("closing: %d", res.StatusCode)
	}
	if res := c.Get("/"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a closed owner's session still works: %d", res.StatusCode)
	}
}

// The owners page is kept rendered (keptpages.go): a second view of it, by a company admin
// (their owners' accounts) or a member, is the session with the user and the versions alone.
func TestOwnersPageRoundTrips(t *testing.T) {
	for email, want := range map[string]int64{"admin@las.example": 1, "ansatt@iris-salten.example": 1} {
		c := newClient(t).Login(email)
		c.Get("/eiere")
		res := c.Get("/eiere")
		if res.StatusCode != http.StatusOK || res.Queries != want {
			t.Errorf("%s: /eiere status %d in %d round trips, want 200 in %d", email, res.StatusCode, res.Queries, want)
		}
	}
}
