// Package webtest drives the real router in-process, as a browser would: a cookie jar, real
// sessions in PostgreSQL, the headers browsers send, and the query count of every request.
package webtest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/pquerna/otp/totp"

	"klyngeportalen/internal/auth"

	"klyngeportalen/internal/config"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
	"klyngeportalen/internal/web"
)

// Origin is the address the test portal believes it is served at.
const Origin = "http://portal.test"

// Config is the configuration tests run the portal with; change a copy for special cases.
func Config(t testing.TB) config.Config {
	t.Helper()
	cfg, err := config.Load(nil, func(k string) string {
		return map[string]string{"PORTAL_BASE_URL": Origin, "DATABASE_URL": "set-by-test"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Portal builds the real server on pool and returns it with its handler.
func Portal(t testing.TB, cfg config.Config, pool *pgxpool.Pool, logs io.Writer) (*web.Server, http.Handler) {
	t.Helper()
	if logs == nil {
		logs = io.Discard
	}
	srv, err := web.New(cfg, slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), web.NewDeps(cfg, pool))
	if err != nil {
		t.Fatal(err)
	}
	return srv, srv.Handler()
}

// PortalAt builds the real server with the test configuration on pool, its date-dependent
// pages (the årshjul's statuses) reading the clock now.
func PortalAt(t testing.TB, pool *pgxpool.Pool, now func() time.Time) http.Handler {
	t.Helper()
	cfg := Config(t)
	d := web.NewDeps(cfg, pool)
	d.Now = now
	srv, err := web.New(cfg, slog.New(slog.NewJSONHandler(io.Discard, nil)), d)
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

// Client is a browser-like client of a handler.
type Client struct {
	t       testing.TB
	http    *http.Client
	handler http.Handler
}

// Response is a finished response with its body read and the queries it took.
type Response struct {
	*http.Response
	Body       string
	Queries    int64 // round trips to PostgreSQL (a batch is one)
	Statements int64 // statements (each of a batch)
}

// NewClient returns a client with an empty cookie jar. It does not follow redirects.
func NewClient(t testing.TB, h http.Handler) *Client {
	jar, _ := cookiejar.New(nil)
	c := &Client{t: t, handler: h}
	c.http = &http.Client{
		Jar:           jar,
		Transport:     c,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c
}

// RoundTrip serves req in-process through the handler, counting its queries.
func (c *Client) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, counter := database.WithQueryCounter(req.Context())
	req = req.WithContext(ctx)
	req.RemoteAddr = "127.0.0.1:40000"
	req.RequestURI = req.URL.RequestURI()
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	res := rec.Result()
	res.Request = req
	res.Header.Set("X-Test-Queries", strconv.FormatInt(counter.Count(), 10))
	res.Header.Set("X-Test-Statements", strconv.FormatInt(counter.Statements(), 10))
	return res, nil
}

// Get requests path as a top-level navigation.
func (c *Client) Get(path string) *Response {
	req, _ := http.NewRequest(http.MethodGet, Origin+path, nil)
	req.Header.Set("Sec-Fetch-Site", "none")
	return c.Do(req)
}

// PostForm submits a form from a page of the portal itself (same-origin headers).
func (c *Client) PostForm(path string, form url.Values) *Response {
	req, _ := http.NewRequest(http.MethodPost, Origin+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// Do sends req and reads the whole response.
func (c *Client) Do(req *http.Request) *Response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	n, _ := strconv.ParseInt(res.Header.Get("X-Test-Queries"), 10, 64)
	st, _ := strconv.ParseInt(res.Header.Get("X-Test-Statements"), 10, 64)
	res.Header.Del("X-Test-Queries")
	res.Header.Del("X-Test-Statements")
	return &Response{Response: res, Body: string(b), Queries: n, Statements: st}
}

// Cookies returns the jar's cookies for the portal.
func (c *Client) Cookies() []*http.Cookie {
	u, _ := url.Parse(Origin)
	return c.http.Jar.Cookies(u)
}

// DemoPassword is the password of the demo accounts in tests.
const DemoPassword = "klynge-demo-2026"

// SeedDemo fills a test database with the demo companies, groups and accounts (for dbtest.Main),
// and gives the demo cluster admin the demo TOTP secret, as `portal seed --demo` does.
func SeedDemo(ctx context.Context, pool *pgxpool.Pool) error {
	if _, err := demo.Seed(ctx, pool, DemoPassword); err != nil {
		return err
	}
	// The demo accounts share one hash; at the production cost each of the tests' hundreds of
	// logins would take a quarter of a second under -race. The same password at a low cost
	// keeps every login real (argon2id, read from the hash) and cheap.
	cheap, err := auth.HashPasswordAtCost(DemoPassword, 64, 1)
	if err != nil {
		return err
	}
	if _, err := pool.Exec(ctx, `UPDATE users SET password_hash = $1 WHERE password_hash IS NOT NULL`, cheap); err != nil {
		return err
	}
	return demo.SecondFactor(ctx, pool, config.DevTOTPKey())
}

// TOTPCode returns the current one-time code of the demo TOTP secret. A code works once per
// 30-second step, and tests log in many times a minute: it first forgets the last step that
// email used (in the test database), so that the code is accepted again.
func TOTPCode(t testing.TB, email string) string {
	t.Helper()
	if _, err := dbtest.Pool(t).Exec(context.Background(),
		`UPDATE user_totp SET last_step = 0 WHERE user_id = (SELECT id FROM users WHERE lower(email) = lower($1))`, email); err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(auth.DemoTOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// Login logs the client in as email with the demo password (and the demo TOTP code when the
// account has a second factor), failing the test if it does not work.
func (c *Client) Login(email string) *Client {
	c.t.Helper()
	c.Get("/logg-inn") // a visit first, as a browser would
	res := c.PostForm("/logg-inn", url.Values{"email": {email}, "password": {DemoPassword}})
	if res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/logg-inn/kode" {
		res = c.PostForm("/logg-inn/kode", url.Values{"code": {TOTPCode(c.t, email)}})
	}
	if res.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login as %s: status %d", email, res.StatusCode)
	}
	return c
}
