package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web"
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

func documentCount(t *testing.T) int64 { return queryInt(t, `SELECT count(*) FROM documents`) }

func TestRefusedUploadsSayWhyAndStoreNothing(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), bytes.Repeat([]byte{0, 1, 2, 0xfe}, 200)...)
	cases := []struct {
		name, filename string
		content        io.Reader
		status         int
		message        string
	}{
		{"oversized", "for-stor.pdf", newRandomPDF(25<<20+1, 2), http.StatusRequestEntityTooLarge, "Filen er større enn 25 MB"},
		{"executable as pdf", "faktura.pdf", bytes.NewReader(exe), http.StatusUnprocessableEntity, "Filtypen er ikke tillatt"},
		{"html", "side.html", strings.NewReader("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), http.StatusUnprocessableEntity, "HTML-, SVG- og XML-filer tas ikke imot"},
		{"html as txt", "notat.txt", strings.NewReader("\n  <html><script>alert(1)</script></html>"), http.StatusUnprocessableEntity, "HTML-, SVG- og XML-filer tas ikke imot"},
		{"svg with script", "logo.png", strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), http.StatusUnprocessableEntity, "HTML-, SVG- og XML-filer tas ikke imot"},
		{"svg with xml declaration", "logo.svg", strings.NewReader(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), http.StatusUnprocessableEntity, "HTML-, SVG- og XML-filer tas ikke imot"},
		{"empty", "tom.pdf", strings.NewReader(""), http.StatusUnprocessableEntity, "Filen er tom"},
		{"no file", "", nil, http.StatusUnprocessableEntity, "Velg en fil å laste opp"},
		{"latin-1 text", "liste.csv", strings.NewReader("fraksjon;andel\nmatavfall;31\nglass\xe6\xf8\xe5;4\n"), http.StatusUnprocessableEntity, "ikke lagret som UTF-8"},
	}
	before := documentCount(t)
	blobs := queryInt(t, `SELECT count(*) FROM document_blobs`)
	for _, tc := range cases {
		res := c.Do(uploadRequest(t, "/dokumenter", url.Values{"title": {"Avvist " + tc.name}}, tc.filename, tc.content))
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, res.StatusCode, tc.status)
		}
		body := mainOf(res.Body)
		if !strings.Contains(body, tc.message) || !strings.Contains(body, `class="ds-error-summary"`) || !strings.Contains(body, `id="file-feil"`) {
			t.Errorf("%s: the form does not say %q beside the file field", tc.name, tc.message)
		}
		if !strings.Contains(body, `value="Avvist `+tc.name+`"`) {
			t.Errorf("%s: the title typed is not kept", tc.name)
		}
	}
	if n := documentCount(t); n != before {
		t.Errorf("%d documents after refused uploads, want %d", n, before)
	}
	if n := queryInt(t, `SELECT count(*) FROM document_blobs`); n != blobs {
		t.Errorf("%d blobs after refused uploads, want %d: a refused file left bytes behind", n, blobs)
	}
}

func TestInvalidMetadataIsRefusedBeforeTheFileIsRead(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	for name, fields := range map[string]url.Values{
		"no title":       {"title": {"  "}},
		"control chars":  {"title": {"Rapport\x07"}},
		"wrong topic":    {"title": {"Rapport"}, "focus_area": {"1"}, "topic": {"8"}},
		"foreign group":  {"title": {"Rapport"}, "group": {idStr(queryInt(t, `SELECT id FROM groups WHERE slug = 'styringsgruppen'`))}},
		"too many tags":  {"title": {"Rapport"}, "tags": {"a,b,c,d,e,f,g,h,i,j,k"}},
		"long title":     {"title": {strings.Repeat("x", 201)}},
		"garbage choice": {"title": {"Rapport"}, "focus_area": {"x"}},
	} {
		res := c.Do(uploadRequest(t, "/dokumenter", fields, "ok.txt", strings.NewReader("hei")))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `class="ds-validation-message"`) {
			t.Errorf("%s: status %d, want 422 with a message beside the field", name, res.StatusCode)
		}
	}
	if n := queryInt(t, `SELECT count(*) FROM documents WHERE title LIKE 'Rapport%'`); n != 0 {
		t.Errorf("%d invalid documents stored", n)
	}
}

func TestTypeIsSniffedAndDownloadsAreSafe(t *testing.T) {
	c := newClient(t).Login("ansatt@reno-vest.example")
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	pdfDoc := uploaded(t, c, "Sniffet PDF", "Årsrapport «endelig» 2025.txt", pdfBytes("sniffet"))
	pngDoc := uploaded(t, c, "Sniffet bilde", "bilde.pdf", png)
	txtDoc := uploaded(t, c, "Ren tekst", "notat.pdf", []byte("Bare tekst, æøå.\n"))

	for _, tc := range []struct {
		path, mime, disposition string
	}{
		{pdfDoc + "/last-ned", "application/pdf", `attachment; filename="_rsrapport _endelig_ 2025.txt.pdf"; filename*=UTF-8''%C3%85rsrapport%20%C2%ABendelig%C2%BB%202025.txt.pdf`},
		{pdfDoc + "/last-ned?vis=1", "application/pdf", `inline; filename="_rsrapport _endelig_ 2025.txt.pdf"; filename*=UTF-8''%C3%85rsrapport%20%C2%ABendelig%C2%BB%202025.txt.pdf`},
		{pngDoc + "/last-ned?vis=1", "image/png", `inline; filename="bilde.pdf.png"; filename*=UTF-8''bilde.pdf.png`},
		{txtDoc + "/last-ned?vis=1", "text/plain; charset=utf-8", `attachment; filename="notat.pdf.txt"; filename*=UTF-8''notat.pdf.txt`},
	} {
		res := c.Get(tc.path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", tc.path, res.StatusCode)
			continue
		}
		if got := res.Header.Get("Content-Type"); got != tc.mime {
			t.Errorf("GET %s: Content-Type %q, want %q (sniffed, not the browser's claim)", tc.path, got, tc.mime)
		}
		if got := res.Header.Get("Content-Disposition"); got != tc.disposition {
			t.Errorf("GET %s: Content-Disposition\n %q, want\n %q", tc.path, got, tc.disposition)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", tc.path)
		}
	}
	res := c.Get(txtDoc + "/last-ned")
	sum := sha256.Sum256([]byte("Bare tekst, æøå.\n"))
	if res.Body != "Bare tekst, æøå.\n" || res.Header.Get("Repr-Digest") != "sha-256=:"+base64.StdEncoding.EncodeToString(sum[:])+":" {
		t.Errorf("text download %q, digest %q", res.Body, res.Header.Get("Repr-Digest"))
	}
	// The ETag is the content's hash: a browser that has the version gets 304 and no body.
	req, _ := http.NewRequest(http.MethodGet, webtest.Origin+txtDoc+"/last-ned", nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	if again := c.Do(req); again.StatusCode != http.StatusNotModified || again.Body != "" || res.Header.Get("ETag") != `"`+hex.EncodeToString(sum[:])+`"` {
		t.Errorf("conditional download: status %d, ETag %q", again.StatusCode, res.Header.Get("ETag"))
	}
}

// slowReader gives its bytes in small pieces with a pause between them.
type slowReader struct {
	left  int
	pause time.Duration
}

func (s *slowReader) Read(p []byte) (int, error) {
	if s.left == 0 {
		return 0, io.EOF
	}
	time.Sleep(s.pause)
	n := min(len(p), s.left, 1000)
	for i := range n {
		p[i] = 'a' + byte(i%26)
	}
	s.left -= n
	return n, nil
}

func TestUploadMayTakeLongerThanAPage(t *testing.T) {
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil)
	srv := httptest.NewUnstartedServer(h)
	srv.Config = web.NewHTTPServer(h, slog.New(slog.DiscardHandler))
	srv.Config.ReadTimeout = 500 * time.Millisecond // the page timeout, shortened for the test
	srv.Start()
	t.Cleanup(srv.Close)

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	login := func() {
		res, err := client.PostForm(srv.URL+"/logg-inn", url.Values{"email": {"ansatt@fimil.example"}, "password": {webtest.DemoPassword}})
		if err != nil || res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %v %v", err, res)
		}
		res.Body.Close()
	}
	login()
	req := uploadRequest(t, "/dokumenter", url.Values{"title": {"Langsom opplasting"}}, "langsom.txt", &slowReader{left: 12000, pause: 100 * time.Millisecond})
	u, _ := url.Parse(srv.URL + "/dokumenter")
	req.URL, req.Host = u, u.Host
	req.Header.Set("Origin", srv.URL)
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("a 1.2 s upload through a server with a 0.5 s read timeout: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("slow upload: status %d", res.StatusCode)
	}
}
