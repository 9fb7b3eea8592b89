package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m, webtest.SeedDemo)) }

func newClient(t *testing.T) *webtest.Client {
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil)
	return webtest.NewClient(t, h)
}

func TestStartPageIsNorwegianAndStyled(t *testing.T) {
	res := newClient(t).Login("ansatt@vefas.example").Get("/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{`<html lang="nb"`, "<h1", "Hei, ", `href="#innhold"`, `<main id="innhold"`,
		`href="/tilgjengelighet"`, `href="/personvern"`, `rel="stylesheet" href="/static/vendor-designsystemet.`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("start page lacks %q", want)
		}
	}
	if n := strings.Count(res.Body, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
}

func TestNotFoundIsTheStyledNorwegianPage(t *testing.T) {
	res := newClient(t).Get("/finnes/ikke")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d, want 404", res.StatusCode)
	}
	for _, want := range []string{"Fant ikke siden", `<html lang="nb"`, `rel="stylesheet"`, "Tilgjengelighetserklæring"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("404 page lacks %q", want)
		}
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	c := newClient(t)
	css := regexp.MustCompile(`/static/app\.[0-9a-f]+\.css`).FindString(c.Get("/logg-inn").Body)
	big := httpRequest(t, http.MethodPost, "/", strings.Repeat("x", 2<<20), "same-origin")
	cross := httpRequest(t, http.MethodPost, "/", "a=1", "cross-site")
	responses := map[string]*webtest.Response{
		"page": c.Get("/logg-inn"), "redirect": c.Get("/"), "404": c.Get("/nei"), "static": c.Get(css), "livez": c.Get("/livez"),
		"readyz": c.Get("/readyz"), "405": c.PostForm("/", nil), "413": c.Do(big), "403": c.Do(cross),
	}
	for name, res := range responses {
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", name, csp)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin", "X-Frame-Options": "DENY",
			"Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Resource-Policy": "same-origin"} {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", name, k, h.Get(k), v)
			}
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no X-Request-Id", name)
		}
		if pp := h.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") || !strings.Contains(pp, "microphone=()") {
			t.Errorf("%s: Permissions-Policy %q", name, pp)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain http", name)
		}
	}
}

func TestHSTSWhenServedOverTLS(t *testing.T) {
	cfg := webtest.Config(t)
	cfg.BaseURL, _ = url.Parse("https://portal.test")
	_, h := webtest.Portal(t, cfg, dbtest.Pool(t), nil)
	res := webtest.NewClient(t, h).Get("/logg-inn")
	if !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Fatalf("no HSTS with an https base URL: %v", res.Header)
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	c := newClient(t)
	for _, site := range []string{"cross-site", "same-site"} {
		res := c.Do(httpRequest(t, http.MethodPost, "/", "a=1", site))
		if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "Du har ikke tilgang") {
			t.Errorf("Sec-Fetch-Site %s: status %d, want the 403 page", site, res.StatusCode)
		}
	}
	// Without Sec-Fetch-Site an old browser's Origin header decides.
	req := httpRequest(t, http.MethodPost, "/", "a=1", "")
	req.Header.Set("Origin", "https://evil.example")
	if res := c.Do(req); res.StatusCode != http.StatusForbidden {
		t.Errorf("foreign Origin: status %d, want 403", res.StatusCode)
	}
	// The same post from the portal itself passes the check (and meets a route that takes no POST).
	if res := c.PostForm("/", url.Values{"a": {"1"}}); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("same-origin POST: status %d, want 405", res.StatusCode)
	}
}

func TestOversizedBodyIs413(t *testing.T) {
	res := newClient(t).Do(httpRequest(t, http.MethodPost, "/", strings.Repeat("a=b&", 1<<19), "same-origin"))
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, "Innsendingen er for stor") {
		t.Fatalf("status %d, want the 413 page", res.StatusCode)
	}
}

func TestStatementsAndAreaPagesExist(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	for path, want := range map[string]string{
		"/tilgjengelighet": "Tilgjengelighetserklæring",
		"/personvern":      "Personvernerklæring",
		"/dokumenter":      "Last opp",
		"/arshjul":         "Måned for måned",
	} {
		res := c.Get(path)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, want) {
			t.Errorf("%s: status %d, lacks %q", path, res.StatusCode, want)
		}
		if !strings.Contains(res.Body, `aria-current="page"`) && strings.HasPrefix(path, "/a") {
			t.Errorf("%s: menu does not mark the current page", path)
		}
	}
}

func TestStaticFilesAreHashedCachedAndCompressed(t *testing.T) {
	c := newClient(t)
	page := c.Get("/logg-inn").Body
	css := regexp.MustCompile(`/static/app\.[0-9a-f]{10}\.css`).FindString(page)
	if css == "" {
		t.Fatal("no hashed app.css link on the page")
	}
	res := c.Get(css)
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("app.css: %d %v", res.StatusCode, res.Header)
	}
	font := regexp.MustCompile(`/static/vendor-fonts-inter-latin-wght-normal\.[0-9a-f]{10}\.woff2`).FindString(res.Body)
	if font == "" {
		t.Fatal("app.css does not point at the hashed font")
	}
	if res := c.Get(font); res.StatusCode != 200 || res.Header.Get("Content-Type") != "font/woff2" {
		t.Fatalf("font: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	req, _ := http.NewRequest(http.MethodGet, webtest.Origin+css, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	if gz := c.Do(req); gz.Header.Get("Content-Encoding") != "gzip" || len(gz.Body) >= len(res.Body) {
		t.Errorf("gzip: encoding %q, %d bytes", gz.Header.Get("Content-Encoding"), len(gz.Body))
	}
	if res := c.Get("/static/app.0000000000.css"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown static file: %d", res.StatusCode)
	}
}

func TestQueryCountOfRequests(t *testing.T) {
	c := newClient(t)
	if res := c.Get("/readyz"); res.StatusCode != 200 || res.Queries != 1 {
		t.Fatalf("/readyz: status %d, %d queries; want 200 and 1", res.StatusCode, res.Queries)
	}
	if res := c.Get("/livez"); res.Queries != 0 {
		t.Fatalf("/livez ran %d queries, want 0", res.Queries)
	}
}

func TestRequestLogHasIDStatusDurationAndQueries(t *testing.T) {
	var logs bytes.Buffer
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), &logs)
	res := webtest.NewClient(t, h).Get("/readyz")
	id := res.Header.Get("X-Request-Id")
	var line string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, `"msg":"request"`) && strings.Contains(l, id) {
			line = l
		}
	}
	for _, want := range []string{`"status":200`, `"queries":1`, `"ms":`, `"path":"/readyz"`} {
		if !strings.Contains(line, want) {
			t.Errorf("log line %q lacks %s", line, want)
		}
	}
}

func TestClientIPFromTrustedProxiesOnly(t *testing.T) {
	var logs bytes.Buffer
	cfg := webtest.Config(t)
	_, h := webtest.Portal(t, cfg, dbtest.Pool(t), &logs)
	c := webtest.NewClient(t, h)
	req, _ := http.NewRequest(http.MethodGet, webtest.Origin+"/livez", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	c.Do(req)
	if !strings.Contains(logs.String(), `"ip":"127.0.0.1"`) || strings.Contains(logs.String(), "203.0.113.9") {
		t.Fatalf("an untrusted peer's X-Forwarded-For was believed:\n%s", logs.String())
	}

	logs.Reset()
	cfg.TrustedProxies = append(cfg.TrustedProxies, mustPrefix(t, "127.0.0.0/8"))
	_, h = webtest.Portal(t, cfg, dbtest.Pool(t), &logs)
	req, _ = http.NewRequest(http.MethodGet, webtest.Origin+"/livez", nil)
	req.Header.Set("X-Forwarded-For", "198.51.100.1, 203.0.113.9")
	webtest.NewClient(t, h).Do(req)
	if !strings.Contains(logs.String(), `"ip":"203.0.113.9"`) {
		t.Fatalf("the client behind a trusted proxy is the right-most untrusted hop:\n%s", logs.String())
	}
}

func httpRequest(t *testing.T, method, path, body, fetchSite string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, webtest.Origin+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if fetchSite != "" {
		req.Header.Set("Sec-Fetch-Site", fetchSite)
	}
	if fetchSite == "cross-site" {
		req.Header.Set("Origin", "https://evil.example")
	}
	return req
}

func TestTokensInLinksNeverReachTheLog(t *testing.T) {
	var logs bytes.Buffer
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), &logs)
	c := webtest.NewClient(t, h)
	c.Get("/invitasjon/hemmelig-token-123")
	c.Get("/tilbakestill/hemmelig-token-456?x=1")
	if strings.Contains(logs.String(), "hemmelig-token") {
		t.Fatalf("a token reached the log:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), `"path":"/invitasjon/{token}"`) {
		t.Fatalf("the route is not logged:\n%s", logs.String())
	}
}
