package web_test

import (
	"bytes"
	"encoding/base64"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// postNews submits the publishing form as a browser would, with an optional file.
func postNews(t *testing.T, c *webtest.Client, fields map[string]string, filename string, file []byte) *webtest.Response {
	t.Helper()
	return postNewsTo(t, c, "/nyheter/ny", fields, filename, file)
}

func newsFields(title string) map[string]string {
	return map[string]string{"kind": "story", "title": title, "ingress": "En historie om noe som gikk bra.", "body": "Mer **tekst**.", "image_alt": "Et bilde av ombruksboden"}
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, x%30, color.RGBA{200, 20, 20, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	// A text chunk right after IHDR (metadata), and a payload after IEND.
	data := b.Bytes()
	chunk := pngChunk("tEXt", []byte("Comment\x00SECRET-METADATA"))
	out := append(append(append([]byte{}, data[:33]...), chunk...), data[33:]...)
	return append(out, []byte("<script>alert('payload')</script>")...)
}

func pngChunk(kind string, data []byte) []byte {
	var b bytes.Buffer
	n := len(data)
	b.Write([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
	b.WriteString(kind)
	b.Write(data)
	crc := crc32.ChecksumIEEE(append([]byte(kind), data...))
	b.Write([]byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)})
	return b.Bytes()
}

func testJPEG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 16, 16)), nil); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	comment := []byte("SECRET-METADATA gps 69.6N")
	seg := append([]byte{0xFF, 0xFE, 0, byte(len(comment) + 2)}, comment...)
	return append(append(append([]byte{}, data[:2]...), seg...), data[2:]...)
}

// webp1x1 is a 1×1 lossless WebP.
const webp1x1 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="

var newsLink = regexp.MustCompile(`^/nyheter/(\d+)$`)

func TestNewsImagesAreSniffedReencodedAndServedSafely(t *testing.T) {
	t.Cleanup(func() { execSQL(t, `DELETE FROM news WHERE title LIKE 'Bildetest%'`) })
	c := newClient(t).Login("admin@senja-avfall.example")
	webp, _ := base64.StdEncoding.DecodeString(webp1x1)
	for _, tc := range []struct {
		name, filename string
		data           []byte
		wantType       string
	}{
		{"png", "bod.png", testPNG(t), "image/png"},
		{"jpeg", "Bod.JPG", testJPEG(t), "image/jpeg"},
		{"webp", "bod.webp", webp, "image/png"},
	} {
		res := postNews(t, c, newsFields("Bildetest "+tc.name), tc.filename, tc.data)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: status %d: %s", tc.name, res.StatusCode, mainOf(res.Body))
		}
		loc := res.Header.Get("Location")
		if !newsLink.MatchString(loc) {
			t.Fatalf("%s: redirect to %q", tc.name, loc)
		}
		page := c.Get(loc)
		if !strings.Contains(page.Body, `src="`+loc+`/bilde"`) || !strings.Contains(page.Body, `alt="Et bilde av ombruksboden"`) {
			t.Errorf("%s: the page lacks the image with its text", tc.name)
		}
		img := c.Get(loc + "/bilde")
		if img.StatusCode != http.StatusOK || img.Header.Get("Content-Type") != tc.wantType || img.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: status %d, type %q, nosniff %q", tc.name, img.StatusCode, img.Header.Get("Content-Type"), img.Header.Get("X-Content-Type-Options"))
		}
		if strings.Contains(img.Body, "SECRET") || strings.Contains(img.Body, "<script") {
			t.Errorf("%s: metadata or payload survived the upload", tc.name)
		}
		if _, _, err := image.Decode(strings.NewReader(img.Body)); err != nil {
			t.Errorf("%s: the served image does not decode: %v", tc.name, err)
		}
	}
}

func TestNewsUploadsThatAreRefused(t *testing.T) {
	t.Cleanup(func() { execSQL(t, `DELETE FROM news WHERE title LIKE 'Avvist%'`) })
	c := newClient(t).Login("klyngeleder@remiks.example")
	big := append(testPNG(t), bytes.Repeat([]byte{0}, 8<<20+1)...)
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>`)
	for _, tc := range []struct {
		name, filename string
		data           []byte
	}{
		{"not an image", "notat.png", []byte("Dette er bare tekst, ikke et bilde.")},
		{"svg with script", "logo.svg", svg},
		{"svg named png", "logo.png", svg},
		{"html", "side.jpg", []byte("<html><body><script>alert(1)</script></body></html>")},
		{"wrong extension", "bilde.jpg", testPNG(t)},
		{"double extension", "bilde.png.exe", testPNG(t)},
		{"truncated", "halv.png", testPNG(t)[:60]},
	} {
		res := postNews(t, c, newsFields("Avvist "+tc.name), tc.filename, tc.data)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="image-feil"`) {
			t.Errorf("%s: status %d, want 422 with a message beside the image field", tc.name, res.StatusCode)
		}
	}
	// Over the limit, by a byte or by much: 413 with the form and the message (TestTooLargeNewsImageKeepsTheTypedFields).
	huge := append(testPNG(t), bytes.Repeat([]byte{0}, 9<<20)...)
	for name, data := range map[string][]byte{"oversized": big, "huge": huge} {
		if res := postNews(t, c, newsFields("Avvist "+name), "stor.png", data); res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, `id="image-feil"`) {
			t.Errorf("%s: status %d, want 413 with a message beside the image field", name, res.StatusCode)
		}
	}
	// Past even what is read and let go of: the plain 413.
	if res := postNews(t, c, newsFields("Avvist enorm"), "enorm.png", bytes.Repeat([]byte{0}, 33<<20)); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the limit: status %d, want 413", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM news WHERE title LIKE 'Avvist%'`); n != 0 {
		t.Errorf("%d refused news items were saved", n)
	}
}

func TestOnlyAdminsPublishNewsAndEveryoneReadsIt(t *testing.T) {
	t.Cleanup(func() { execSQL(t, `DELETE FROM news WHERE title LIKE 'Tilgangstest%'`) })
	member := newClient(t).Login("ansatt@haf.example")
	assertRefused(t, "member form", member.Get("/nyheter/ny"))
	assertRefused(t, "member post", postNews(t, member, newsFields("Tilgangstest medlem"), "", nil))
	if strings.Contains(member.Get("/nyheter").Body, `href="/nyheter/ny"`) {
		t.Error("a member is offered to publish")
	}

	admin := newClient(t).Login("admin@haf.example")
	if res := postNews(t, admin, map[string]string{"kind": "x", "title": "", "ingress": "kort"}, "", nil); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `id="title-feil"`) || !strings.Contains(res.Body, `id="ingress-feil"`) || !strings.Contains(res.Body, `id="kind-feil"`) {
		t.Errorf("invalid news: status %d, want 422 with messages", res.StatusCode)
	}
	fields := newsFields("Tilgangstest nyhet <script>")
	fields["body"] = "Les [mer](javascript:alert(1)) **her**"
	delete(fields, "image_alt")
	res := postNews(t, admin, fields, "", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("company admin: status %d", res.StatusCode)
	}
	page := member.Get(res.Header.Get("Location"))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Tilgangstest nyhet &lt;script&gt;") || !strings.Contains(page.Body, "<strong>her</strong>") ||
		strings.Contains(page.Body, "javascript:") || !strings.Contains(page.Body, "Helgeland Avfallsforedling IKS") {
		t.Error("the news item is not shown safely with its company to another member")
	}
	if list := member.Get("/nyheter").Body; !strings.Contains(list, "Tilgangstest nyhet") {
		t.Error("the news list lacks the new item")
	}
	if res := member.Get(res.Header.Get("Location") + "/bilde"); res.StatusCode != http.StatusNotFound {
		t.Errorf("the image of a news item without one: status %d, want 404", res.StatusCode)
	}
	if res := member.Get("/nyheter/999999999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing news item: status %d", res.StatusCode)
	}
}

func TestNewsListPaginates(t *testing.T) {
	execSQL(t, `INSERT INTO news (title, ingress, published_at) SELECT 'Sidenyhet ' || lpad(i::text, 3, '0'), 'Ingress', now() - make_interval(days => 100 + i) FROM generate_series(1, 30) i`)
	t.Cleanup(func() { execSQL(t, `DELETE FROM news WHERE title LIKE 'Sidenyhet%'`) })
	c := newClient(t).Login("ansatt@las.example")
	seen := map[string]bool{}
	next := "/nyheter"
	for pages := 0; next != ""; pages++ {
		if pages > 6 {
			t.Fatal("too many pages")
		}
		body := c.Get(next).Body
		for _, m := range regexp.MustCompile(`>(Sidenyhet \d{3})<`).FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				t.Errorf("%s on two pages", m[1])
			}
			seen[m[1]] = true
		}
		next = ""
		if m := regexp.MustCompile(`href="([^"]+)">Eldre nyheter<`).FindStringSubmatch(body); m != nil {
			next = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	if len(seen) != 30 {
		t.Errorf("%d news items over the pages, want 30", len(seen))
	}
}

func TestOnlyTheAuthorAndClusterAdminsDeleteNews(t *testing.T) {
	t.Cleanup(func() { execSQL(t, `DELETE FROM news WHERE title LIKE 'Slettetest%'`) })
	author := newClient(t).Login("admin@reno-vest.example")
	res := postNews(t, author, map[string]string{"kind": "news", "title": "Slettetest en", "ingress": "En nyhet som skal slettes."}, "", nil)
	first := res.Header.Get("Location")
	res = postNews(t, author, map[string]string{"kind": "news", "title": "Slettetest to", "ingress": "En nyhet som skal slettes."}, "", nil)
	second := res.Header.Get("Location")

	for _, who := range []string{"ansatt@reno-vest.example", "admin@las.example"} {
		c := newClient(t).Login(who)
		if strings.Contains(c.Get(first).Body, first+"/slett") {
			t.Errorf("%s is offered to delete", who)
		}
		assertRefused(t, who, c.PostForm(first+"/slett", nil))
	}
	if n := queryInt(t, `SELECT count(*) FROM news WHERE title LIKE 'Slettetest%'`); n != 2 {
		t.Fatalf("%d news items left, want 2", n)
	}
	if res := author.PostForm(first+"/slett", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("author: status %d", res.StatusCode)
	}
	if res := newClient(t).Login("klyngeleder@remiks.example").PostForm(second+"/slett", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("cluster admin: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM news WHERE title LIKE 'Slettetest%'`); n != 0 {
		t.Errorf("%d news items left, want 0", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM audit_log WHERE action = 'news.delete' AND details->>'title' LIKE 'Slettetest%'`); n != 2 {
		t.Errorf("%d deletions in the audit log, want 2", n)
	}
	if res := author.Get(first); res.StatusCode != http.StatusNotFound {
		t.Errorf("a deleted news item: status %d", res.StatusCode)
	}
}

func TestUnknownConsultationsAndNewsAreNotFound(t *testing.T) {
	c := newClient(t).Login("admin@hrs.example")
	for _, res := range []*webtest.Response{
		c.Get("/horinger/999999999"), c.Get("/horinger/abc"), c.PostForm("/horinger/999999999/innspill", url.Values{"input": {"x"}}),
		c.PostForm("/horinger/999999999/standpunkt", url.Values{"stand": {"ja"}}), c.PostForm("/horinger/999999999/kommentarer", url.Values{"comment": {"x"}}),
		c.Get("/nyheter/999999999/bilde"), c.PostForm("/nyheter/999999999/slett", nil),
	} {
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404", res.Request.Method, res.Request.URL.Path, res.StatusCode)
		}
	}
}

// postNewsTo submits a news form to path as a browser would, with an optional file.
func postNewsTo(t *testing.T, c *webtest.Client, path string, fields map[string]string, filename string, file []byte) *webtest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if filename != "" {
		fw, _ := w.CreateFormFile("image", filename)
		_, _ = fw.Write(file)
	}
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, webtest.Origin+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", webtest.Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

func TestTheAuthorEditsNewsAndItsImage(t *testing.T) {
	t.Cleanup(func() { execSQL(t, `DELETE FROM news WHERE title LIKE 'Redigeringstest%'`) })
	author := newClient(t).Login("admin@vefas.example")
	loc := postNews(t, author, newsFields("Redigeringstest"), "bod.png", testPNG(t)).Header.Get("Location")
	if loc == "" {
		t.Fatal("not published")
	}
	edit := loc + "/rediger"

	other := newClient(t).Login("admin@fimil.example")
	assertRefused(t, "another company's admin, form", other.Get(edit))
	assertRefused(t, "another company's admin, post", postNewsTo(t, other, edit, newsFields("Redigeringstest kapret"), "", nil))

	form := author.Get(edit)
	if form.StatusCode != http.StatusOK || !strings.Contains(form.Body, `value="Redigeringstest"`) || !strings.Contains(form.Body, "Mer **tekst**.") || !strings.Contains(form.Body, `id="remove_image"`) {
		t.Fatalf("the edit form is not filled in: status %d", form.StatusCode)
	}
	// Keeping the image requires its text; removing it does not.
	fields := newsFields("Redigeringstest endret")
	fields["image_alt"] = ""
	if res := postNewsTo(t, author, edit, fields, "", nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="image_alt-feil"`) {
		t.Errorf("kept image without text: status %d, want 422", res.StatusCode)
	}
	fields["image_alt"] = "Ny bildetekst"
	if res := postNewsTo(t, author, edit, fields, "nytt.jpg", testJPEG(t)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit with a new image: status %d", res.StatusCode)
	}
	if img := author.Get(loc + "/bilde"); img.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("the replaced image is served as %q", img.Header.Get("Content-Type"))
	}
	if page := author.Get(loc).Body; !strings.Contains(page, "Redigeringstest endret") || !strings.Contains(page, `alt="Ny bildetekst"`) {
		t.Error("the page does not show the edit")
	}
	fields["remove_image"] = "ja"
	fields["image_alt"] = ""
	if res := postNewsTo(t, author, edit, fields, "", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing the image: status %d", res.StatusCode)
	}
	if res := author.Get(loc + "/bilde"); res.StatusCode != http.StatusNotFound {
		t.Errorf("the removed image: status %d, want 404", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM news WHERE title = 'Redigeringstest endret'`); n != 1 {
		t.Errorf("%d edited items, want 1", n)
	}
}
