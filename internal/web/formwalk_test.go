package web_test

import (
	"bytes"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"golang.org/x/net/html"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// walkedForm is a form found on a page: where it posts, how, and its fields with the values the
// page gave them.
type walkedForm struct {
	page, action string
	multipart    bool
	fields       []walkedField
}

type walkedField struct {
	name, value string
	typed       bool // a field a person types into (text input, text area): gets the overlong value too
}

var digits = regexp.MustCompile(`[0-9]+`)

// shapeOf names the shape of an address: the router's pattern that answers it (so every
// company's or thread's page is one shape) and the names of its query parameters.
func shapeOf(mux chi.Routes, method, path string) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	shape := digits.ReplaceAllString(u.Path, "N")
	if rctx := chi.NewRouteContext(); mux.Match(rctx, method, u.Path) {
		shape = rctx.RoutePattern()
	}
	keys := slices.Sorted(maps.Keys(u.Query()))
	return method + " " + shape + "?" + strings.Join(keys, "&")
}

// walkSite follows the site's links from start as c, one page for each shape of address, and
// returns the responses by address and every form on them (one of each shape and fields).
func walkSite(t *testing.T, c *webtest.Client, mux chi.Routes, start string, maxPages int) (map[string]*webtest.Response, []walkedForm) {
	t.Helper()
	pages := map[string]*webtest.Response{}
	seen := map[string]bool{}
	var forms []walkedForm
	formSeen := map[string]bool{}
	queue := []string{start}
	for len(queue) > 0 && len(pages) < maxPages {
		path := queue[0]
		queue = queue[1:]
		shape := shapeOf(mux, http.MethodGet, path)
		if seen[shape] {
			continue
		}
		seen[shape] = true
		res := c.Get(path)
		pages[path] = res
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			continue
		}
		doc, err := html.Parse(strings.NewReader(res.Body))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch n.Data {
			case "a":
				if to, ok := sameSite(path, attr(n, "href")); ok {
					queue = append(queue, to)
				}
			case "form":
				if !strings.EqualFold(attr(n, "method"), "post") {
					continue
				}
				f := readForm(path, n)
				key := shapeOf(mux, http.MethodPost, f.action)
				for _, fl := range f.fields {
					key += " " + fl.name
				}
				if !formSeen[key] {
					formSeen[key] = true
					forms = append(forms, f)
				}
			}
		}
	}
	return pages, forms
}

// sameSite resolves href on page to a path of the site, leaving out static files and logging out.
func sameSite(page, href string) (string, bool) {
	base, _ := url.Parse(webtest.Origin + page)
	u, err := base.Parse(href)
	if err != nil || u.Host != base.Host || strings.HasPrefix(u.Path, "/static/") {
		return "", false
	}
	u.Fragment = ""
	return u.RequestURI(), true
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// readForm reads a form's action and fields as a browser would submit them untouched.
func readForm(page string, form *html.Node) walkedForm {
	f := walkedForm{page: page, action: page, multipart: attr(form, "enctype") == "multipart/form-data"}
	if a, ok := sameSite(page, attr(form, "action")); ok && attr(form, "action") != "" {
		f.action = a
	}
	radios := map[string]bool{}
	for n := range form.Descendants() {
		name := attr(n, "name")
		if n.Type != html.ElementNode || name == "" {
			continue
		}
		switch n.Data {
		case "input":
			switch typ := strings.ToLower(attr(n, "type")); typ {
			case "file", "submit", "button", "image", "reset":
			case "checkbox", "radio":
				if typ == "radio" && radios[name] {
					continue
				}
				radios[name] = true
				f.fields = append(f.fields, walkedField{name: name, value: attr(n, "value")})
			default:
				f.fields = append(f.fields, walkedField{name: name, value: attr(n, "value"), typed: typ != "hidden"})
			}
		case "textarea":
			var b strings.Builder
			for c := range n.Descendants() {
				if c.Type == html.TextNode {
					b.WriteString(c.Data)
				}
			}
			f.fields = append(f.fields, walkedField{name: name, value: b.String(), typed: true})
		case "select":
			value := ""
			for o := range n.Descendants() {
				if o.Type == html.ElementNode && o.Data == "option" && (value == "" || hasAttr(o, "selected")) {
					value = attr(o, "value")
				}
			}
			f.fields = append(f.fields, walkedField{name: name, value: value})
		}
	}
	return f
}

func hasAttr(n *html.Node, name string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == name })
}

// submit posts f with field i set to value, as the page's browser would.
func (f walkedForm) submit(t *testing.T, c *webtest.Client, i int, value string) *webtest.Response {
	t.Helper()
	v := url.Values{}
	for j, fl := range f.fields {
		if j == i {
			v.Add(fl.name, value)
		} else {
			v.Add(fl.name, fl.value)
		}
	}
	var req *http.Request
	if f.multipart {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, vs := range v {
			for _, x := range vs {
				_ = mw.WriteField(k, x)
			}
		}
		_ = mw.Close()
		req, _ = http.NewRequest(http.MethodPost, webtest.Origin+f.action, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
	} else {
		req, _ = http.NewRequest(http.MethodPost, webtest.Origin+f.action, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Origin", webtest.Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// TestEveryFormFoundByWalkingRefusesUnreadableValues walks the site's links as a cluster admin
// (who sees nearly every form) and as a visitor, finds every form on the way, and sends each
// field a NUL, invalid UTF-8 and (typed fields) an overlong value: NUL and invalid UTF-8 are
// refused before any handler with 400 and a Norwegian message, and nothing answers 5xx. On the
// way, every page a signed-in person gets is sent with Cache-Control: no-store.
func TestEveryFormFoundByWalkingRefusesUnreadableValues(t *testing.T) {
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil)
	mux := h.(chi.Routes)
	admin := webtest.NewClient(t, h).Login("klyngeleder@remiks.example")
	pages, forms := walkSite(t, admin, mux, "/", 400)
	if len(pages) < 40 || len(forms) < 30 {
		t.Fatalf("the walk found only %d pages and %d forms", len(pages), len(forms))
	}
	for path, res := range pages {
		if res.StatusCode >= 500 {
			t.Errorf("GET %s: status %d", path, res.StatusCode)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.HasPrefix(path, "/kalender/") && !strings.Contains(cc, "no-store") {
			t.Errorf("GET %s signed in: Cache-Control %q, want no-store", path, cc)
		}
	}
	_, public := walkSite(t, newClient(t), mux, "/logg-inn", 20)
	n := 0
	for who, set := range map[string]struct {
		c     *webtest.Client
		forms []walkedForm
	}{"admin": {admin, forms}, "visitor": {newClient(t), public}} {
		for _, f := range set.forms {
			for i, fl := range f.fields {
				// A NUL, and invalid UTF-8: bytes that start no character, or (every other
				// field) a character cut short.
				invalid := "\xff\xfe\xfd"
				if i%2 == 1 {
					invalid = "å\xc3"
				}
				for _, bad := range []string{"a\x00b", invalid} {
					n++
					res := f.submit(t, set.c, i, bad)
					if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "ugyldige tegn") {
						t.Errorf("%s: %s (on %s) with %q in %s: status %d, want 400 with the message", who, f.action, f.page, bad, fl.name, res.StatusCode)
					}
				}
				if fl.typed && f.action != "/logg-ut" {
					n++
					if res := f.submit(t, set.c, i, strings.Repeat("å", 100_000)); res.StatusCode >= 500 {
						t.Errorf("%s: %s (on %s) with an overlong %s: status %d", who, f.action, f.page, fl.name, res.StatusCode)
					}
				}
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d hostile submissions", n)
	}
	t.Logf("%d pages, %d forms (and %d public), %d hostile submissions", len(pages), len(forms), len(public), n)
}

// TestEverySignedInRouteIsNoStore walks every GET route of the router as a member: whatever the
// answer, a page for a signed-in person is never kept by the browser (no-store).
func TestEverySignedInRouteIsNoStore(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	for _, r := range allRoutes(t) {
		if r.method != http.MethodGet || r.pattern == "/static/{file}" || strings.HasPrefix(r.pattern, "/kalender/") ||
			r.pattern == "/livez" || r.pattern == "/readyz" {
			continue
		}
		res := c.Get(r.concrete())
		if cc := res.Header.Get("Cache-Control"); (res.StatusCode < 300 || res.StatusCode >= 400) && !strings.Contains(cc, "no-store") {
			t.Errorf("GET %s: status %d, Cache-Control %q, want no-store", r.concrete(), res.StatusCode, cc)
		}
	}
}
