package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/auth/oidctest"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// A person of a company with its own identity provider types only the e-mail address, signs in
// at the provider (a real OpenID provider in-process) and comes back signed in: the whole
// redirect chain passes the portal's CSP in a real browser.
func TestSignInWithTheCompanyAccount(t *testing.T) {
	pool := dbtest.Pool(t)
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	cfg := webtest.Config(t)
	cfg.BaseURL, _ = url.Parse(srv.URL)
	_, handler = webtest.Portal(t, cfg, pool, nil)

	email := "ansatt@vefas.example"
	idp := oidctest.Start(t, srv.URL+"/logg-inn/sso/tilbake", oidctest.User{ID: "e2e-vefas", Email: email, Verified: true})
	provs, err := auth.NewProviders(pool, cfg.TOTPKey)
	if err != nil {
		t.Fatal(err)
	}
	in := auth.ProviderInput{Issuer: idp.Issuer, ClientID: oidctest.ClientID, Secret: oidctest.ClientSecret, Domains: []string{"vefas.example"}}
	if err := auth.CheckProviderInput(&in, false); err != nil {
		t.Fatal(err)
	}
	var companyID int64
	if err := pool.QueryRow(context.Background(), `SELECT id FROM companies WHERE slug = 'vefas'`).Scan(&companyID); err != nil {
		t.Fatal(err)
	}
	if err := provs.Save(context.Background(), companyID, 0, in); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = pool.Exec(context.Background(), `DELETE FROM identity_providers WHERE company_id = $1`, companyID)
	})

	axe, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core is missing (make test runs npm ci): %v", err)
	}
	b := launch(t, srv.URL, string(axe))
	b.open("/logg-inn")
	b.run(chromedp.SendKeys("#email", email), chromedp.Submit("#email"))
	b.waitFor(`location.origin === "` + idp.Issuer + `" && !!document.querySelector("#username")`)
	b.run(chromedp.SendKeys("#username", email), chromedp.SendKeys("#password", oidctest.Password), chromedp.Submit("#password"))
	b.waitFor(`location.origin === "` + srv.URL + `" && document.readyState === "complete" && !!document.querySelector(".site-user")`)
	if path := eval[string](b, `location.pathname`); path != "/" {
		t.Fatalf("after the provider: at %s, want /", path)
	}
	b.checkClean("innlogging med selskapskonto")
}

// The company admin's pages for sign-in settings, bulk invitations and dormant people pass axe
// at a phone's and a laptop's width.
func TestCompanySignInPagesAreAccessible(t *testing.T) {
	b := newBrowser(t)
	b.login("admin@vefas.example")
	for _, width := range []int64{390, 1280} {
		b.run(chromedp.EmulateViewport(width, 900))
		for _, p := range []string{"/medlemmer/vefas/innlogging", "/medlemmer/vefas/brukere/importer", "/medlemmer/vefas/brukere/inaktive"} {
			b.open(p)
			b.checkAccessibility(p)
			if over := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); over {
				t.Errorf("%s scrolls sideways at %d px", p, width)
			}
		}
	}
	b.open("/medlemmer/vefas/brukere/importer")
	b.run(chromedp.SendKeys("#list", "Kari Nordmann, kari.nordmann@vefas.example, rådgiver\n=SUM(1), x@vefas.example,"), chromedp.Submit("#list"))
	b.waitFor(`document.readyState === "complete" && !!document.querySelector(".bulk-preview")`)
	b.checkAccessibility("forhåndsvisning av invitasjoner")
	b.screenshot("inviter-mange-forhandsvisning")
	b.checkClean("selskapets innlogging")
}
