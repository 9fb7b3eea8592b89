package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/forum"
)

// TestLoadAnswersOneWay: load's malformed id, missing object (a domain NotFound or a bare
// pgx.ErrNoRows) are 404s; an infrastructure error is a 500, never a 404.
func TestLoadAnswersOneWay(t *testing.T) {
	s := testServer(t)
	for _, c := range []struct {
		id   string
		err  error
		want int
	}{
		{"7", nil, http.StatusOK},
		{"x", nil, http.StatusNotFound},
		{"-1", nil, http.StatusNotFound},
		{"7", fmt.Errorf("thread: %w", forum.ErrNotFound), http.StatusNotFound},
		{"7", fmt.Errorf("person: %w", pgx.ErrNoRows), http.StatusNotFound},
		{"7", errors.New("connection reset"), http.StatusInternalServerError},
	} {
		var got int64
		h := s.withSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v, ok := load(s, w, r, "id", func(_ context.Context, id int64) (int64, error) { return id, c.err })
			if ok {
				got = v
				w.WriteHeader(http.StatusOK)
			}
		}))
		m := chi.NewRouter()
		m.Handle("/{id}", h)
		rec := serve(m, http.MethodGet, "/"+c.id, nil)
		if rec.Code != c.want || (c.want == http.StatusOK && got != 7) {
			t.Errorf("id %q, error %v: status %d (value %d), want %d", c.id, c.err, rec.Code, got, c.want)
		}
	}
}

// TestSendFileHeaders: every file answer names its type, is nosniff and private no-store unless
// it says otherwise, and carries its name in both forms of RFC 6266.
func TestSendFileHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	sendFile(rec, file{Type: "text/csv; charset=utf-8", Name: "årshjul \"2026\".csv"}, []byte("a;b\n"))
	h := rec.Header()
	want := map[string]string{
		"Content-Type":           "text/csv; charset=utf-8",
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "private, no-store",
		"Content-Length":         "4",
		"Content-Disposition":    `attachment; filename="_rshjul _2026_.csv"; filename*=UTF-8''%C3%A5rshjul%20%222026%22.csv`,
	}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	rec = httptest.NewRecorder()
	sendFile(rec, file{Type: "image/png", Inline: true, Cache: "private, max-age=300"}, []byte("x"))
	if h := rec.Header(); h.Get("Content-Disposition") != "inline" || h.Get("Cache-Control") != "private, max-age=300" {
		t.Errorf("picture: %q, %q", h.Get("Content-Disposition"), h.Get("Cache-Control"))
	}
}
