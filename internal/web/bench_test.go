package web_test

import (
	"net/http"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// BenchmarkSignedInRequest is the cost every page pays: the middleware chain, loading the
// session and the user, and rendering a small page in the layout.
func BenchmarkSignedInRequest(b *testing.B) {
	_, h := webtest.Portal(b, webtest.Config(b), dbtest.Pool(b), nil)
	c := webtest.NewClient(b, h).Login("ansatt@vefas.example")
	b.ReportAllocs()
	for b.Loop() {
		if res := c.Get("/tilgjengelighet"); res.StatusCode != http.StatusOK {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
}
