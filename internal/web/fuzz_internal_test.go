package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/config"
)

// fuzzServer is a server without a database: enough for the middleware and form parsing.
func fuzzServer(t testing.TB) *Server {
	cfg, err := config.Load(nil, func(k string) string { return map[string]string{"DATABASE_URL": "x"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxBodyBytes = 4 << 10
	s, err := New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), Deps{Sessions: scs.New()})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// FuzzRequestParsing sends arbitrary queries and form bodies through the URL check, the body
// limit and the form parser: the answer is 200, 400 or 413, never a panic or a 500, and what
// reaches a handler is readable text within the limits.
func FuzzRequestParsing(f *testing.F) {
	for _, q := range [][2]string{
		{"q=kari&side=2", "name=Kari&title=Leder"},
		{"q=%00", "name=%00"},
		{"q=%FF%FE", "name=%E2%80%AE"},
		{"a=1&a=2;b", "a=%zz"},
		{strings.Repeat("a=1&", 150), strings.Repeat("b=2&", 250)},
		{"next=%2F%2Fevil.example", "x=" + strings.Repeat("y", 5000)},
	} {
		f.Add(q[0], q[1])
	}
	s := fuzzServer(f)
	f.Fuzz(func(t *testing.T, query, body string) {
		var reached url.Values
		h := s.recoverPanics(s.refuseUnreadableURLs(s.limitBody(chi.NewRouter(), nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !s.parseForm(w, r) {
				return
			}
			reached = r.Form
			w.WriteHeader(http.StatusOK)
		}))))
		req := httptest.NewRequest(http.MethodPost, "/meg", strings.NewReader(body))
		req.URL.RawQuery = query
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			q, _ := url.ParseQuery(query)
			if len(q) > maxQueryParams {
				t.Fatalf("%d query parameters reached the handler", len(q))
			}
			for k, vs := range q {
				for _, v := range append(vs, k) {
					if !utf8.ValidString(v) || strings.ContainsAny(v, "\x00\r\n") {
						t.Fatalf("unreadable query text %q reached the handler", v)
					}
				}
			}
			if len(reached) > 300 {
				t.Fatalf("%d form fields reached the handler", len(reached))
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for query %q body %q", rec.Code, query, body)
		}
	})
}
