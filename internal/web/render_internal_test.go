package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"klyngeportalen/internal/config"
	"klyngeportalen/internal/database/dbtest"
)

// testServer builds the real server (webtest cannot be used inside package web).
func testServer(t *testing.T) *Server {
	t.Helper()
	cfg, err := config.Load(nil, func(k string) string { return map[string]string{"DATABASE_URL": "x"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), NewDeps(cfg, dbtest.Pool(t)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func serve(h http.Handler, method, path string, cookies []*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestRenderNeverSendsHalfAPage(t *testing.T) {
	s := testServer(t)
	broken := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, _ = io.WriteString(w, "<p>halvveis")
		return errors.New("component failed")
	})
	h := s.withSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, "Test", broken)
	}))
	rec := serve(h, http.MethodGet, "/", nil)
	body := rec.Body.String()
	if rec.Code != http.StatusInternalServerError || strings.Contains(body, "halvveis") || !strings.Contains(body, "Noe gikk galt hos oss") {
		t.Fatalf("status %d, body %q", rec.Code, body)
	}
	if strings.Contains(body, "component failed") {
		t.Fatal("the error text reached the user")
	}
}

func TestPanicBecomesThe500Page(t *testing.T) {
	s := testServer(t)
	h := s.recoverPanics(s.withSession(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	rec := serve(h, http.MethodGet, "/", nil)
	if body := rec.Body.String(); rec.Code != http.StatusInternalServerError || !strings.Contains(body, "Noe gikk galt hos oss") || strings.Contains(body, "boom") {
		t.Fatalf("status %d, body %q", rec.Code, body)
	}
}

func TestFlashIsShownOnceAfterRedirect(t *testing.T) {
	s := testServer(t)
	save := s.withSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.redirect(w, r, "/", "success", "Endringene er lagret.")
	}))
	rec := serve(save, http.MethodPost, "/lagre", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
		t.Fatalf("post: %d to %q, want 303 to /", rec.Code, rec.Header().Get("Location"))
	}
	cookies := rec.Result().Cookies()
	next := serve(s.Handler(), http.MethodGet, "/logg-inn", cookies)
	if page := next.Body.String(); !strings.Contains(page, "Endringene er lagret.") || !strings.Contains(page, `data-color="success"`) {
		t.Fatal("the flash message is not on the next page")
	}
	forgotten := false // the page that shows the message has the browser forget it
	for _, c := range next.Result().Cookies() {
		forgotten = forgotten || (c.Name == flashCookie && c.MaxAge < 0)
	}
	if !forgotten {
		t.Fatal("the flash message is shown twice: its cookie is kept")
	}
}

// Pages are rendered into reused buffers and sent with their length: a small page after a
// large one is whole and only itself, and a failed page leaves nothing for the next.
func TestPagesFromReusedBuffersAreWholeAndOnlyThemselves(t *testing.T) {
	s := testServer(t)
	page := func(text string, fail bool) http.Handler {
		return s.withSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.render(w, r, http.StatusOK, "Test", templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
				_, _ = io.WriteString(w, "<p>"+text+"</p>")
				if fail {
					return errors.New("component failed")
				}
				return nil
			}))
		}))
	}
	big := strings.Repeat("stor side ", 20_000)
	for i, tc := range []struct {
		text string
		fail bool
	}{{big, false}, {"halvveis", true}, {"liten side", false}, {big, false}, {"liten side igjen", false}} {
		rec := serve(page(tc.text, tc.fail), http.MethodGet, "/", nil)
		body := rec.Body.String()
		if tc.fail {
			if rec.Code != http.StatusInternalServerError || strings.Contains(body, "halvveis") {
				t.Fatalf("page %d: status %d, body %.200q", i, rec.Code, body)
			}
			continue
		}
		if rec.Code != http.StatusOK || strings.Count(body, "</html>") != 1 || !strings.Contains(body, "<p>"+tc.text+"</p>") {
			t.Fatalf("page %d: status %d, not the whole page of its own", i, rec.Code)
		}
		if tc.text != big && (strings.Contains(body, "stor side") || strings.Contains(body, "halvveis")) {
			t.Errorf("page %d carries an earlier page's text", i)
		}
		if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(len(body)) {
			t.Errorf("page %d: Content-Length %q for %d bytes", i, got, len(body))
		}
	}
}
