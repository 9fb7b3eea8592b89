package web_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/oauth2"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/auth/oidctest"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web"
	"klyngeportalen/internal/web/webtest"
)

const ssoCompany, ssoDomain = "finnmark-ressursselskap", "finnmark-ressursselskap.example"

// ssoPortal is the real portal whose providers' clock is now (nil: the real one); logs collects its log.
type ssoPortal struct {
	h    http.Handler
	pool *pgxpool.Pool
	logs *bytes.Buffer
}

func newSSOPortal(t *testing.T, now func() time.Time) ssoPortal {
	t.Helper()
	pool := dbtest.Pool(t)
	cfg := webtest.Config(t)
	deps := web.NewDeps(cfg, pool)
	if now != nil {
		deps.Providers.Now = now
	}
	var logs bytes.Buffer
	srv, err := web.New(cfg, slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), deps)
	if err != nil {
		t.Fatal(err)
	}
	return ssoPortal{h: srv.Handler(), pool: pool, logs: &logs}
}

// configure gives the company a provider at issuer, removed when the test ends.
func (p ssoPortal) configure(t *testing.T, slug, issuer string, in auth.ProviderInput) {
	t.Helper()
	ctx := context.Background()
	provs, err := auth.NewProviders(p.pool, webtest.Config(t).TOTPKey)
	if err != nil {
		t.Fatal(err)
	}
	var companyID int64
	if err := p.pool.QueryRow(ctx, `SELECT id FROM companies WHERE slug = $1`, slug).Scan(&companyID); err != nil {
		t.Fatal(err)
	}
	in.Issuer, in.ClientID, in.Secret = issuer, "portal", "portal-secret"
	if len(in.Domains) == 0 {
		in.Domains = []string{strings.TrimPrefix(slug, "") + ".example"}
	}
	if err := auth.CheckProviderInput(&in, false); err != nil {
		t.Fatal(err)
	}
	if err := provs.Save(ctx, companyID, 0, in); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = p.pool.Exec(context.Background(), `DELETE FROM identity_providers WHERE company_id = $1`, companyID)
	})
}

// begin enters email on the login page and returns the provider address it is sent to.
func begin(t *testing.T, c *webtest.Client, issuer, email string) string {
	t.Helper()
	c.Get("/logg-inn")
	return onward(t, c.PostForm("/logg-inn", url.Values{"email": {email}, "password": {""}, "next": {"/"}}), issuer)
}

// onward is where a page that sends the browser on to the provider points: its Refresh header
// (a form's redirect to another origin would be blocked by the CSP) and its link.
func onward(t *testing.T, res *webtest.Response, issuer string) string {
	t.Helper()
	_, loc, _ := strings.Cut(res.Header.Get("Refresh"), "url=")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(loc, issuer) || !strings.Contains(res.Body, `href="`+strings.ReplaceAll(loc, "&", "&amp;")+`"`) {
		t.Fatalf("%d, Refresh %q: want a page that moves on to the provider %s\n%s", res.StatusCode, res.Header.Get("Refresh"), issuer, res.Body)
	}
	return loc
}

func signedIn(c *webtest.Client) bool { return c.Get("/meg").StatusCode == http.StatusOK }

func TestSSOSignInWithTheCompanyAccount(t *testing.T) {
	idp := startIdP(t, oidctest.User{ID: "sub-ansatt", Email: "ansatt@" + ssoDomain, Verified: true})
	p := newSSOPortal(t, nil)
	p.configure(t, ssoCompany, idp.Issuer, auth.ProviderInput{})

	c := webtest.NewClient(t, p.h)
	loc := begin(t, c, idp.Issuer, "ansatt@"+ssoDomain)
	q, _ := url.Parse(loc)
	for _, k := range []string{"state", "nonce", "code_challenge"} {
		if q.Query().Get(k) == "" {
			t.Errorf("authorization request lacks %s: %s", k, loc)
		}
	}
	if q.Query().Get("code_challenge_method") != "S256" || q.Query().Get("client_id") != "portal" || q.Query().Get("login_hint") != "ansatt@"+ssoDomain {
		t.Errorf("authorization request: %s", loc)
	}
	res := c.Get(idp.authorize(loc, "ansatt@"+ssoDomain))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("callback: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	if !signedIn(c) {
		t.Fatal("not signed in after the provider's sign-in")
	}
	var linked string
	if err := p.pool.QueryRow(context.Background(), `SELECT u.email FROM user_identities ui JOIN users u ON u.id = ui.user_id
		WHERE ui.issuer = $1 AND ui.subject = 'sub-ansatt'`, idp.Issuer).Scan(&linked); err != nil || linked != "ansatt@"+ssoDomain {
		t.Fatalf("identity not linked to the person: %q %v", linked, err)
	}

	// Once linked, the person is found by the subject, whatever the address says later.
	if _, err := p.pool.Exec(context.Background(), `UPDATE users SET email = 'omdopt@`+ssoDomain+`' WHERE email = 'ansatt@`+ssoDomain+`'`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = p.pool.Exec(context.Background(), `UPDATE users SET email = 'ansatt@`+ssoDomain+`' WHERE email = 'omdopt@`+ssoDomain+`'`)
	})
	c2 := webtest.NewClient(t, p.h)
	c2.Get("/logg-inn")
	loc = onward(t, c2.PostForm("/logg-inn/sso/"+ssoCompany, url.Values{"next": {"/meg"}}), idp.Issuer)
	res = c2.Get(idp.authorize(loc, "ansatt@"+ssoDomain))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meg" || !strings.Contains(c2.Get("/meg").Body, "omdopt@"+ssoDomain) {
		t.Fatalf("second sign-in by subject: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if strings.Contains(p.logs.String(), "portal-secret") {
		t.Error("the client secret reached the log")
	}
	var sealed []byte
	if err := p.pool.QueryRow(context.Background(), `SELECT client_secret FROM identity_providers ip JOIN companies c ON c.id = ip.company_id WHERE c.slug = $1`, ssoCompany).Scan(&sealed); err != nil || bytes.Contains(sealed, []byte("portal-secret")) {
		t.Fatalf("the client secret is stored in clear text (or not at all): %v", err)
	}
}

// Every refusal gives a Norwegian message and no session.
func TestSSORefusals(t *testing.T) {
	ctx := context.Background()
	idp := startIdP(t,
		oidctest.User{ID: "sub-direktor", Email: "direktor@" + ssoDomain, Verified: true},
		oidctest.User{ID: "sub-uverifisert", Email: "admin@" + ssoDomain, Verified: false},
		oidctest.User{ID: "sub-haf", Email: "ansatt@haf.example", Verified: true},
		oidctest.User{ID: "sub-deaktivert", Email: "deaktivert@" + ssoDomain, Verified: true},
		oidctest.User{ID: "sub-ukjent", Email: "ukjent@" + ssoDomain, Verified: true},
	)
	p := newSSOPortal(t, nil)
	p.configure(t, ssoCompany, idp.Issuer, auth.ProviderInput{})
	if _, err := p.pool.Exec(ctx, `INSERT INTO users (company_id, email, name, active) SELECT id, 'deaktivert@`+ssoDomain+`', 'Deaktivert Person', false FROM companies WHERE slug = $1`, ssoCompany); err != nil {
		t.Fatal(err)
	}

	refused := func(t *testing.T, c *webtest.Client, path string, status int, message string, reason ...string) {
		t.Helper()
		res := c.Get(path)
		for _, r := range reason {
			if !strings.Contains(p.logs.String(), r) {
				t.Errorf("the log does not give the reason %q", r)
			}
		}
		if res.StatusCode != status || !strings.Contains(res.Body, message) {
			t.Fatalf("callback: %d, want %d with %q\n%s", res.StatusCode, status, message, res.Body)
		}
		if signedIn(c) {
			t.Fatal("a refused sign-in left a session")
		}
	}
	tamper := func(loc, key, value string) string {
		u, _ := url.Parse(loc)
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}

	t.Run("wrong audience", func(t *testing.T) {
		c := webtest.NewClient(t, p.h)
		loc := tamper(begin(t, c, idp.Issuer, "direktor@"+ssoDomain), "client_id", "annen-klient")
		refused(t, c, idp.authorize(loc, "direktor@"+ssoDomain), http.StatusBadRequest, "kunne ikke godkjennes", "invalid_grant")
	})
	t.Run("wrong nonce", func(t *testing.T) {
		c := webtest.NewClient(t, p.h)
		loc := tamper(begin(t, c, idp.Issuer, "direktor@"+ssoDomain), "nonce", "en-annen-nonce")
		refused(t, c, idp.authorize(loc, "direktor@"+ssoDomain), http.StatusBadRequest, "kunne ikke godkjennes", "nonce does not match")
	})
	t.Run("bad signature", func(t *testing.T) {
		idp.Resign.Store(true)
		defer idp.Resign.Store(false)
		c := webtest.NewClient(t, p.h)
		loc := begin(t, c, idp.Issuer, "direktor@"+ssoDomain)
		refused(t, c, idp.authorize(loc, "direktor@"+ssoDomain), http.StatusBadRequest, "kunne ikke godkjennes", "failed to verify signature")
	})
	t.Run("expired token", func(t *testing.T) {
		late := newSSOPortal(t, func() time.Time { return time.Now().Add(2 * time.Hour) })
		c := webtest.NewClient(t, late.h)
		loc := begin(t, c, idp.Issuer, "direktor@"+ssoDomain)
		refused(t, c, idp.authorize(loc, "direktor@"+ssoDomain), http.StatusBadRequest, "kunne ikke godkjennes")
		if !strings.Contains(late.logs.String(), "token is expired") {
			t.Errorf("not refused for its expiry:\n%s", late.logs.String())
		}
	})
	t.Run("missing state", func(t *testing.T) {
		c := webtest.NewClient(t, p.h)
		cb := idp.authorize(begin(t, c, idp.Issuer, "direktor@"+ssoDomain), "direktor@"+ssoDomain)
		u, _ := url.Parse(cb)
		q := u.Query()
		q.Del("state")
		u.RawQuery = q.Encode()
		refused(t, c, u.String(), http.StatusBadRequest, "ukjent, allerede brukt")
	})
	t.Run("replayed callback", func(t *testing.T) {
		c := webtest.NewClient(t, p.h)
		cb := idp.authorize(begin(t, c, idp.Issuer, "direktor@"+ssoDomain), "direktor@"+ssoDomain)
		if res := c.Get(cb); res.StatusCode != http.StatusSeeOther || !signedIn(c) {
			t.Fatalf("first use: %d", res.StatusCode)
		}
		refused(t, webtest.NewClient(t, p.h), cb, http.StatusBadRequest, "ukjent, allerede brukt") // another browser
		c.PostForm("/logg-ut", nil)
		refused(t, c, cb, http.StatusBadRequest, "ukjent, allerede brukt") // the same browser again
	})
	t.Run("unverified e-mail", func(t *testing.T) {
		c := webtest.NewClient(t, p.h)
		refused(t, c, idp.authorize(begin(t, c, idp.Issuer, "admin@"+ssoDomain), "admin@"+ssoDomain), http.StatusForbidden, "bekreftet e-postadresse")
	})
	t.Run("another company's domain", func(t *testing.T) {
		c := webtest.NewClient(t, p.h)
		c.Get("/logg-inn")
		loc := onward(t, c.PostForm("/logg-inn/sso/"+ssoCompany, url.Values{"next": {"/"}}), idp.Issuer)
		refused(t, c, idp.authorize(loc, "ansatt@haf.example"), http.StatusForbidden, "hører ikke til dette selskapet")
		var n int
		_ = p.pool.QueryRow(ctx, `SELECT count(*) FROM user_identities WHERE subject = 'sub-haf'`).Scan(&n)
		if n != 0 {
			t.Error("another company's person was linked")
		}
	})
	t.Run("deactivated person", func(t *testing.T) {
		c := webtest.NewClient(t, p.h)
		refused(t, c, idp.authorize(begin(t, c, idp.Issuer, "deaktivert@"+ssoDomain), "deaktivert@"+ssoDomain), http.StatusForbidden, "deaktivert")
	})
	t.Run("not invited", func(t *testing.T) {
		c := webtest.NewClient(t, p.h)
		refused(t, c, idp.authorize(begin(t, c, idp.Issuer, "ukjent@"+ssoDomain), "ukjent@"+ssoDomain), http.StatusForbidden, "invitasjon")
	})
	t.Run("provider down", func(t *testing.T) {
		p.configure(t, "las", "http://127.0.0.1:1", auth.ProviderInput{})
		c := webtest.NewClient(t, p.h)
		c.Get("/logg-inn")
		res := c.PostForm("/logg-inn", url.Values{"email": {"ansatt@las.example"}, "password": {""}, "next": {"/"}})
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.Body, "får ikke kontakt") {
			t.Fatalf("provider down: %d\n%s", res.StatusCode, res.Body)
		}
		// Others' passwords keep working.
		other := webtest.NewClient(t, p.h).Login("ansatt@iris-salten.example")
		if !signedIn(other) {
			t.Fatal("password sign-in broken while a provider is down")
		}
	})
}

// New people are created as members on first sign-in only where the company allows it.
func TestSSOCreatesMembersWhenAllowed(t *testing.T) {
	idp := startIdP(t, oidctest.User{ID: "sub-ny", Email: "ny.person@" + ssoDomain, Verified: true})
	p := newSSOPortal(t, nil)
	p.configure(t, ssoCompany, idp.Issuer, auth.ProviderInput{CreateUsers: true})
	c := webtest.NewClient(t, p.h)
	if res := c.Get(idp.authorize(begin(t, c, idp.Issuer, "ny.person@"+ssoDomain), "ny.person@"+ssoDomain)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("callback: %d\n%s", res.StatusCode, res.Body)
	}
	var role, company string
	if err := p.pool.QueryRow(context.Background(), `SELECT u.role, c.slug FROM users u JOIN companies c ON c.id = u.company_id WHERE u.email = $1`,
		"ny.person@"+ssoDomain).Scan(&role, &company); err != nil || role != "member" || company != ssoCompany {
		t.Fatalf("created: %q %q %v", role, company, err)
	}
}

// A cluster admin's second factor: the provider's MFA counts when the token says so; otherwise
// the portal asks for its own code.
func TestSSOSecondFactor(t *testing.T) {
	idp := startIdP(t, oidctest.User{ID: "sub-leder", Email: "klyngeleder@remiks.example", Verified: true})
	p := newSSOPortal(t, nil)
	p.configure(t, "remiks", idp.Issuer, auth.ProviderInput{})

	c := webtest.NewClient(t, p.h)
	res := c.Get(idp.authorize(begin(t, c, idp.Issuer, "klyngeleder@remiks.example"), "klyngeleder@remiks.example"))
	if res.Header.Get("Location") != "/logg-inn/kode" {
		t.Fatalf("password-only at the provider: %d %q, want the code step", res.StatusCode, res.Header.Get("Location"))
	}
	if c.Get("/admin").StatusCode == http.StatusOK {
		t.Fatal("admin pages before the code")
	}

	idp.MFA.Store(true)
	c = webtest.NewClient(t, p.h)
	res = c.Get(idp.authorize(begin(t, c, idp.Issuer, "klyngeleder@remiks.example"), "klyngeleder@remiks.example"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("with the provider's MFA: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if got := c.Get("/admin").StatusCode; got != http.StatusOK {
		t.Fatalf("admin after the provider's MFA: %d", got)
	}
}

// Provider-only turns passwords off for the company's people, except a break-glass cluster admin.
func TestProviderOnlyTurnsPasswordsOff(t *testing.T) {
	ctx := context.Background()
	idp := startIdP(t)
	p := newSSOPortal(t, nil)
	leader := webtest.NewClient(t, p.h).Login("klyngeleder@remiks.example") // signed in before the switch
	companyAdmin := webtest.NewClient(t, p.h).Login("admin@remiks.example")
	p.configure(t, "remiks", idp.Issuer, auth.ProviderInput{ProviderOnly: true})
	t.Cleanup(func() { _, _ = p.pool.Exec(ctx, `UPDATE users SET break_glass = false`) })
	var leaderID string
	if err := p.pool.QueryRow(ctx, `SELECT id::text FROM users WHERE email = 'klyngeleder@remiks.example'`).Scan(&leaderID); err != nil {
		t.Fatal(err)
	}

	c := webtest.NewClient(t, p.h)
	c.Get("/logg-inn")
	res := c.PostForm("/logg-inn", url.Values{"email": {"ansatt@remiks.example"}, "password": {webtest.DemoPassword}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "logger inn med selskapskontoen") || signedIn(c) {
		t.Fatalf("password of a provider-only company: %d", res.StatusCode)
	}
	glass := "/medlemmer/remiks/brukere/" + leaderID + "/nodtilgang"
	if got := companyAdmin.PostForm(glass, url.Values{"on": {"ja"}}).StatusCode; got == http.StatusSeeOther {
		t.Fatal("a company admin gave a cluster admin break-glass access")
	}
	if res := leader.PostForm(glass, url.Values{"on": {"ja"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("break glass: %d", res.StatusCode)
	}
	if !signedIn(webtest.NewClient(t, p.h).Login("klyngeleder@remiks.example")) {
		t.Fatal("the break-glass cluster admin lost the password")
	}
	// Other companies keep their passwords.
	if !signedIn(webtest.NewClient(t, p.h).Login("ansatt@iris-salten.example")) {
		t.Fatal("another company's password stopped working")
	}
}

// The settings page: the company's admins and cluster admins only; the secret is never shown.
func TestSSOSettingsPage(t *testing.T) {
	idp := startIdP(t)
	p := newSSOPortal(t, nil)
	path := "/medlemmer/" + ssoCompany + "/innlogging"
	admin := webtest.NewClient(t, p.h).Login("admin@" + ssoDomain)
	if res := admin.Get(path); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "http://portal.test/logg-inn/sso/tilbake") {
		t.Fatalf("settings page: %d", res.StatusCode)
	}
	for _, who := range []string{"admin@haf.example", "ansatt@" + ssoDomain} {
		if got := webtest.NewClient(t, p.h).Login(who).Get(path).StatusCode; got != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", who, got)
		}
	}
	form := url.Values{"issuer": {"ftp://feil"}, "client_id": {"portal"}, "secret": {"s3cret-verdi"}, "domains": {ssoDomain}}
	if res := admin.PostForm(path, form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "https://") {
		t.Fatalf("bad issuer: %d", res.StatusCode)
	}
	form.Set("issuer", idp.Issuer)
	form.Set("domains", "haf.example")
	p.configure(t, "haf", idp.Issuer+"/", auth.ProviderInput{Domains: []string{"haf.example"}})
	if res := admin.PostForm(path, form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "annet selskaps") {
		t.Fatalf("another company's domain: %d", res.StatusCode)
	}
	form.Set("domains", ssoDomain)
	if res := admin.PostForm(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, res.Body)
	}
	t.Cleanup(func() {
		_, _ = p.pool.Exec(context.Background(), `DELETE FROM identity_providers WHERE company_id = (SELECT id FROM companies WHERE slug = $1)`, ssoCompany)
	})
	page := admin.Get(path).Body
	if strings.Contains(page, "s3cret-verdi") || !strings.Contains(page, "Lagret. La feltet stå tomt") {
		t.Fatal("the secret is shown, or its being stored is not")
	}
	if res := admin.PostForm(path+"/test", url.Values{"issuer": {idp.Issuer}}); !strings.Contains(res.Body, "Fant identitetstilbyderen") {
		t.Fatalf("test of a working provider: %d\n%s", res.StatusCode, res.Body)
	}
	if res := admin.PostForm(path+"/test", url.Values{"issuer": {"http://127.0.0.1:1"}}); !strings.Contains(res.Body, "Fant ingen OpenID Connect-tilbyder") {
		t.Fatalf("test of a missing provider: %d", res.StatusCode)
	}
	if res := admin.PostForm(path+"/slett", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("turn off: %d", res.StatusCode)
	}
}

// Entra ID's tenant-specific issuer is accepted; http only on loopback.
func TestIssuerAddresses(t *testing.T) {
	for issuer, ok := range map[string]bool{
		"https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0": true,
		"https://idp.iris-salten.no": true, "http://127.0.0.1:5556": true, "http://localhost:5556/dex": true,
		"http://idp.iris-salten.no": false, "ftp://x.no": false, "https://idp.no/?a=b": false, "": false,
	} {
		if auth.ValidIssuer(issuer) != ok {
			t.Errorf("%q: want %v", issuer, ok)
		}
	}
}

// A genuine ID token of the same provider for another client fails the audience check.
func TestSSOTokenForAnotherClientIsRefused(t *testing.T) {
	ctx := context.Background()
	idp := startIdP(t, oidctest.User{ID: "sub-x", Email: "direktor@" + ssoDomain, Verified: true})
	op, err := oidc.NewProvider(ctx, idp.Issuer)
	if err != nil {
		t.Fatal(err)
	}
	other := &oauth2.Config{ClientID: oidctest.OtherClientID, ClientSecret: oidctest.OtherClientSecret, Endpoint: op.Endpoint(), RedirectURL: portalCallback, Scopes: []string{"openid"}}
	cb, _ := url.Parse(idp.authorize(other.AuthCodeURL("s", oidc.Nonce("n")), "direktor@"+ssoDomain))
	tok, err := other.Exchange(ctx, cb.Query().Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	provs, err := auth.NewProviders(dbtest.Pool(t), webtest.Config(t).TOTPKey)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if _, err := provs.Verify(ctx, op, "annen-klient", raw, "n"); err != nil {
		t.Fatalf("the token is good for its own client: %v", err)
	}
	if _, err := provs.Verify(ctx, op, "portal", raw, "n"); !errors.Is(err, auth.ErrTokenRejected) || !strings.Contains(err.Error(), "audience") {
		t.Fatalf("another client's token: %v", err)
	}
}

const portalCallback = webtest.Origin + "/logg-inn/sso/tilbake"

// testIdP is the provider with the portal's address taken off the callback, as the test client wants paths.
type testIdP struct{ *oidctest.IdP }

func startIdP(t *testing.T, users ...oidctest.User) testIdP {
	return testIdP{oidctest.Start(t, portalCallback, users...)}
}

func (p testIdP) authorize(authURL, username string) string {
	return strings.TrimPrefix(p.Authorize(authURL, username), webtest.Origin)
}
