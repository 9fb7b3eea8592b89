package web_test

import (
	"context"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web"
	"klyngeportalen/internal/web/webtest"
)

// publicRoutes are the only routes an anonymous visitor may use without being sent to the login
// page. A new route is for members unless it is added here, on purpose.
var publicRoutes = map[string]bool{
	"GET /livez": true, "GET /readyz": true, "GET /static/{file}": true, "GET /favicon.ico": true,
	"GET /logg-inn": true, "POST /logg-inn": true, "POST /logg-ut": true,
	"GET /glemt-passord": true, "POST /glemt-passord": true,
	"GET /tilbakestill/{token}": true, "POST /tilbakestill/{token}": true,
	"GET /invitasjon/{token}": true, "POST /invitasjon/{token}": true,
	"GET /tilgjengelighet": true, "GET /personvern": true,
	"GET /logg-inn/kode": true, "POST /logg-inn/kode": true, // second step of a login: needs the first step's session
	// Sign-in through a company's provider: the callback is the provider's redirect and refuses
	// anything but the state this browser's session holds (a replay gets 400).
	"GET /logg-inn/sso/{company}": true, "POST /logg-inn/sso/{company}": true, "GET /logg-inn/sso/tilbake": true,
	// Calendar feeds: calendar apps have no session; the secret token in the address is the credential.
	"GET /kalender/{token}.ics": true, "GET /kalender/{token}/alle.ics": true, "GET /kalender/{token}/moter.ics": true,
	// The owners' newsletter's unsubscribe link: the token mailed to the person is the credential.
	"GET /nyhetsbrev/avmeld/{token}": true, "POST /nyhetsbrev/avmeld/{token}": true, "POST /nyhetsbrev/avmeld/{token}/angre": true,
}

// route is one method and pattern of the real router.
type route struct{ method, pattern string }

func (r route) String() string { return r.method + " " + r.pattern }

// concrete turns a pattern into a path, with "1" for every parameter (enough for the access rules,
// which come before any lookup).
func (r route) concrete() string {
	return routeParam.ReplaceAllString(strings.TrimSuffix(r.pattern, "/*"), "1")
}

var routeParam = regexp.MustCompile(`\{[^}]+\}`)

// allRoutes walks the real router: every route there is, including those added after this test.
func allRoutes(t *testing.T) []route {
	t.Helper()
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil)
	mux, ok := h.(chi.Routes)
	if !ok {
		t.Fatalf("the handler is a %T, not a chi router", h)
	}
	var routes []route
	err := chi.Walk(mux, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if len(pattern) > 1 {
			pattern = strings.TrimSuffix(pattern, "/")
		}
		routes = append(routes, route{method, pattern})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(routes, func(i, j int) bool { return routes[i].String() < routes[j].String() })
	if len(routes) < 30 {
		t.Fatalf("walked only %d routes", len(routes))
	}
	return routes
}

func changesState(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

func TestEveryRouteSendsAnonymousVisitorsToLogin(t *testing.T) {
	c := newClient(t)
	for _, r := range allRoutes(t) {
		req := httpRequest(t, r.method, r.concrete(), "", "same-origin")
		req.Header.Set("Origin", webtest.Origin)
		res := c.Do(req)
		if publicRoutes[r.String()] {
			if res.StatusCode >= 500 {
				t.Errorf("public %s: status %d", r, res.StatusCode)
			}
			continue
		}
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/logg-inn") {
			t.Errorf("anonymous %s: status %d, Location %q; want 303 to /logg-inn (or list it in publicRoutes)",
				r, res.StatusCode, res.Header.Get("Location"))
		}
	}
}

func TestEveryStateChangingRouteRefusesCrossSiteRequestsAndGET(t *testing.T) {
	routes := allRoutes(t)
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil)
	mux := h.(chi.Routes)
	hasGET := map[string]bool{}
	for _, r := range routes {
		if r.method == http.MethodGet {
			hasGET[r.pattern] = true
		}
	}
	c := newClient(t).Login("klyngeleder@remiks.example")
	before := databaseFingerprint(t)
	n := 0
	for _, r := range routes {
		if !changesState(r.method) {
			continue
		}
		n++
		cross := []*http.Request{httpRequest(t, r.method, r.concrete(), "a=1", "cross-site")}
		noFetch := httpRequest(t, r.method, r.concrete(), "a=1", "")
		noFetch.Header.Set("Origin", "https://evil.example")
		sameSite := httpRequest(t, r.method, r.concrete(), "a=1", "same-site")
		cross = append(cross, noFetch, sameSite)
		want := http.StatusForbidden
		if r.String() == web.OneClickUnsubscribe {
			// The one route a mail program may post from anywhere (RFC 8058): it passes the check,
			// and a token that is none of ours changes nothing (the fingerprint below).
			want = http.StatusNotFound
		}
		for i, req := range cross {
			if res := c.Do(req); res.StatusCode != want {
				t.Errorf("%s from another site (variant %d): status %d, want %d", r, i, res.StatusCode, want)
			}
		}
		if !hasGET[r.pattern] {
			// A GET of the path is 405 — unless a GET route with a parameter also matches it
			// (POST /forum/{forum}/folg and GET /forum/{forum}/{thread}): then that route answers,
			// and the path is no page there, so 404.
			want := http.StatusMethodNotAllowed
			if rctx := chi.NewRouteContext(); mux.Match(rctx, http.MethodGet, r.concrete()) {
				want = http.StatusNotFound
			}
			if res := c.Get(r.concrete()); res.StatusCode != want {
				t.Errorf("GET on %s: status %d, want %d", r, res.StatusCode, want)
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d state-changing routes", n)
	}
	if after := databaseFingerprint(t); after != before {
		t.Errorf("refused requests changed the database:\n%s", diffLines(before, after))
	}
}

func TestEveryAdminRouteRefusesMembers(t *testing.T) {
	n := 0
	for _, email := range []string{"ansatt@las.example", "admin@las.example", "direktor@las.example"} {
		c := newClient(t).Login(email)
		for _, r := range allRoutes(t) {
			if r.pattern != "/admin" && !strings.HasPrefix(r.pattern, "/admin/") {
				continue
			}
			n++
			req := httpRequest(t, r.method, r.concrete(), "user_id=1", "same-origin")
			req.Header.Set("Origin", webtest.Origin)
			if res := c.Do(req); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
				t.Errorf("%s as %s: status %d, want 403", r, email, res.StatusCode)
			}
		}
	}
	if n < 3*5 {
		t.Fatalf("only %d admin route checks", n)
	}
}

// TestEveryPageIsSafeToLoad walks every GET route as a member and as a cluster admin: no page
// answers 500, and no GET changes anything but the sessions.
func TestEveryPageIsSafeToLoad(t *testing.T) {
	routes := allRoutes(t)
	member := newClient(t).Login("ansatt@las.example")
	admin := newClient(t).Login("klyngeleder@remiks.example")
	before := databaseFingerprint(t)
	for _, r := range routes {
		if r.method != http.MethodGet {
			continue
		}
		for _, path := range []string{r.concrete(), routeParam.ReplaceAllString(r.pattern, "%00%E2%80%AE"), routeParam.ReplaceAllString(r.pattern, "9999999999999999999999")} {
			for who, c := range map[string]*webtest.Client{"member": member, "admin": admin} {
				if res := c.Get(path); res.StatusCode >= 500 {
					t.Errorf("GET %s as %s: status %d", path, who, res.StatusCode)
				}
			}
		}
	}
	if after := databaseFingerprint(t); after != before {
		t.Errorf("GET requests changed the database:\n%s", diffLines(before, after))
	}
}

// databaseFingerprint is one line per table with a digest of its rows, leaving out the tables a
// request may write without changing anything a user owns: sessions and the login throttle.
func databaseFingerprint(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	pool := dbtest.Pool(t)
	// Every table's digest in one statement, written by the catalogue: a round trip per table
	// made the fingerprints a third of the outsider test's time.
	var digests string
	if err := pool.QueryRow(ctx, `SELECT string_agg(format('SELECT %1$L AS t, count(*)::text || '' '' || coalesce(md5(string_agg(x::text, '','' ORDER BY x::text)), '''') AS digest FROM %1$s x',
			quote_ident(schemaname) || '.' || quote_ident(relname)), ' UNION ALL ')
		FROM pg_stat_user_tables WHERE relname NOT IN ('sessions', 'auth_throttle', 'goose_db_version')`).Scan(&digests); err != nil {
		t.Fatal(err)
	}
	rows, err := pool.Query(ctx, `SELECT t || ' ' || digest || E'\n' FROM (`+digests+`) d ORDER BY t`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "")
}

func diffLines(a, b string) string {
	in := map[string]bool{}
	for _, l := range strings.Split(a, "\n") {
		in[l] = true
	}
	var out []string
	for _, l := range strings.Split(b, "\n") {
		if !in[l] {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
