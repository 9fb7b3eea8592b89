package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// uploadRequest makes a multipart POST of fields and a file whose bytes are streamed from
// content as the handler reads them (the test never holds the whole file either).
func uploadRequest(t *testing.T, path string, fields url.Values, filename string, content io.Reader) *http.Request {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for k, vs := range fields {
			for _, v := range vs {
				if err := mw.WriteField(k, v); err != nil {
					pw.CloseWithError(err)
					return
				}
			}
		}
		fw, err := mw.CreateFormFile("file", filename)
		if err == nil && content != nil {
			_, err = io.Copy(fw, content)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, webtest.Origin+path, pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", webtest.Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	t.Cleanup(func() { pr.Close() })
	return req
}

func upload(t *testing.T, c *webtest.Client, title, filename string, content []byte) *webtest.Response {
	t.Helper()
	return c.Do(uploadRequest(t, "/dokumenter", url.Values{"title": {title}}, filename, bytes.NewReader(content)))
}

var docLocation = regexp.MustCompile(`^/dokumenter/(\d+)$`)

// uploaded uploads and returns the new document's address, failing unless it worked.
func uploaded(t *testing.T, c *webtest.Client, title, filename string, content []byte) string {
	t.Helper()
	res := upload(t, c, title, filename, content)
	if res.StatusCode != http.StatusSeeOther || !docLocation.MatchString(res.Header.Get("Location")) {
		t.Fatalf("upload %q: status %d, location %q\n%s", title, res.StatusCode, res.Header.Get("Location"), mainOf(res.Body))
	}
	return res.Header.Get("Location")
}

func pdfBytes(text string) []byte {
	return []byte("%PDF-1.4\n% " + text + "\n%%EOF\n")
}

// randomPDF streams size deterministic pseudo-random bytes behind a PDF header.
type randomPDF struct {
	left int64
	rng  *rand.ChaCha8
	head bool
}

func newRandomPDF(size int64, seed byte) *randomPDF {
	return &randomPDF{left: size, rng: rand.NewChaCha8([32]byte{seed})}
}

func (r *randomPDF) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, _ := r.rng.Read(p)
	if !r.head {
		r.head = true
		n = copy(p, "%PDF-1.7\n")
	}
	r.left -= int64(n)
	return n, nil
}

// hashWriter is a ResponseWriter that keeps only the hash of the body.
type hashWriter struct {
	h      http.Header
	status int
	sum    hash.Hash
	n      int64
}

func (w *hashWriter) Header() http.Header         { return w.h }
func (w *hashWriter) WriteHeader(status int)      { w.status = status }
func (w *hashWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return w.sum.Write(p) }

func allocated() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

func TestLargeUploadRoundTripsTheExactBytesWithoutHoldingThem(t *testing.T) {
	const size = 12 << 20
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil)
	c := webtest.NewClient(t, h).Login("ansatt@senja-avfall.example")
	want := sha256.New()
	src := io.TeeReader(newRandomPDF(size, 1), want)

	before := allocated()
	res := c.Do(uploadRequest(t, "/dokumenter", url.Values{"title": {"Stor rapport om kildesortering"}, "tags": {"stor"}}, "stor-rapport.pdf", src))
	upAlloc := allocated() - before
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	loc := res.Header.Get("Location")
	wantSum := hex.EncodeToString(want.Sum(nil))
	if got := queryInt(t, `SELECT b.size FROM document_blobs b JOIN document_versions v ON v.blob_id = b.id WHERE v.document_id = $1`, strings.TrimPrefix(loc, "/dokumenter/")); got != size {
		t.Fatalf("stored %d bytes, want %d", got, size)
	}

	list := c.Get("/dokumenter?q=kildesortering")
	if !strings.Contains(list.Body, `href="`+loc+`"`) {
		t.Fatal("the uploaded document is not found by search in the list")
	}

	req, _ := http.NewRequest(http.MethodGet, webtest.Origin+loc+"/last-ned", nil)
	for _, ck := range c.Cookies() {
		req.AddCookie(ck)
	}
	w := &hashWriter{h: http.Header{}, sum: sha256.New(), status: http.StatusOK}
	before = allocated()
	h.ServeHTTP(w, req)
	downAlloc := allocated() - before
	if w.status != http.StatusOK || w.n != size {
		t.Fatalf("download: status %d, %d bytes, want 200 and %d", w.status, w.n, size)
	}
	if got := hex.EncodeToString(w.sum.Sum(nil)); got != wantSum {
		t.Fatalf("downloaded SHA-256 %s, uploaded %s", got, wantSum)
	}
	if w.h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(w.h.Get("Content-Disposition"), "attachment;") {
		t.Errorf("download headers: %q, %q", w.h.Get("Content-Type"), w.h.Get("Content-Disposition"))
	}
	// Allocations over the whole request, not just what is live at the end: a portal that
	// buffered the file would allocate it several times over (form parsing, a []byte, a copy).
	t.Logf("allocated for a %d MiB file: upload %.1f MiB, download %.1f MiB", size>>20, float64(upAlloc)/(1<<20), float64(downAlloc)/(1<<20))
	if upAlloc > size || downAlloc > size {
		t.Errorf("allocated %d bytes to upload and %d to download a %d-byte file; want less than its size", upAlloc, downAlloc, size)
	}
}
