package web_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// hostileForm is one form of the portal under the hostile-input suite. Each area adds its forms
// to hostileForms; the suite then throws every hostile payload at every text field of each.
type hostileForm struct {
	name string
	// as returns the account that submits the form (often a fresh one, so the test owns it).
	as func(t *testing.T) string
	// path is where the form posts; valid returns a submission that is accepted (303).
	path  func(t *testing.T, as string) string
	valid func(t *testing.T) url.Values
	// text lists the fields people type free text into; multiline those of them that take line
	// breaks; choice the fields chosen from a list (a hostile value must change nothing).
	text, multiline, choice []string
	// show is a page that displays what the form saved ("" when none does).
	show func(t *testing.T, as string) string
	// count counts what a submission creates, for the double-submit check (nil: the form only updates).
	count func(t *testing.T, v url.Values) int64
	// multipart: the form is sent as multipart/form-data (it carries a file field), as a browser does.
	multipart bool
	// maxBody is the route's larger body limit, when it takes a file (0: the limit for forms).
	maxBody int
	// creates names the table the form adds rows to: the rows the suite adds are removed afterwards.
	creates string
	// undo removes what an accepted submission made, when the next one would be refused for it
	// (a second registration for the same event); nil when none is.
	undo func(t *testing.T, as string)
}

func fixed(p string) func(*testing.T, string) string {
	return func(*testing.T, string) string { return p }
}

func freshMember(slug string) func(t *testing.T) string {
	return func(t *testing.T) string { email, _ := freshUser(t, slug, "member"); return email }
}

func unique(prefix string) string { return prefix + strings.ToLower(rand.Text()[:10]) }

var hostileForms = []hostileForm{
	{
		name: "profile", as: freshMember("hrs"), path: fixed("/meg"),
		valid: func(*testing.T) url.Values {
			return url.Values{"name": {"Kari Nordmann"}, "title": {"Rådgiver"}, "phone": {"+47 900 00 000"}}
		},
		text: []string{"name", "title", "phone"},
		show: func(t *testing.T, as string) string { return "/personer/" + idStr(userID(t, as)) },
	},
	{
		name: "company profile", as: func(*testing.T) string { return "admin@fimil.example" }, path: fixed("/medlemmer/fimil/rediger"),
		valid: func(*testing.T) url.Values {
			return url.Values{"name": {"Finnmark Miljøtjeneste AS"}, "short_name": {"FIMIL"}, "org_number": {""}, "municipalities": {"Porsanger, Nordkapp"},
				"inhabitants": {"10000"}, "address": {"Lakselv"}, "website": {"https://fimil.example"}, "description": {"Avfall i Vest-Finnmark."}, "contact_user_id": {""}}
		},
		text:      []string{"name", "short_name", "municipalities", "inhabitants", "address", "description", "website"},
		multiline: []string{"description"},
		choice:    []string{"contact_user_id", "org_number"},
		show:      fixed("/medlemmer/fimil"),
	},
	{
		name: "invitation", as: func(*testing.T) string { return "admin@fimil.example" }, path: fixed("/medlemmer/fimil/brukere/inviter"),
		valid: func(*testing.T) url.Values {
			return url.Values{"email": {unique("ny-") + "@fimil.example"}, "name": {"Ny Kollega"}, "title": {"Driftsleder"}, "role": {"member"}}
		},
		text:   []string{"email", "name", "title"},
		choice: []string{"role"},
		show:   fixed("/medlemmer/fimil/brukere"),
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM users WHERE email = $1`, v.Get("email"))
		},
	},
	{
		name: "group membership", as: func(*testing.T) string { return "klyngeleder@remiks.example" },
		path: func(t *testing.T, _ string) string {
			return "/admin/grupper/" + idStr(queryInt(t, `SELECT id FROM groups WHERE slug = 'plukkanalyser'`)) + "/medlemmer"
		},
		valid: func(t *testing.T) url.Values {
			_, id := freshUser(t, "haf", "member")
			return url.Values{"user_id": {idStr(id)}}
		},
		choice: []string{"user_id"},
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM group_members WHERE user_id = $1`, v.Get("user_id"))
		},
	},
	{
		name: "forum moderator", as: func(*testing.T) string { return "klyngeleder@remiks.example" },
		path: fixed("/admin/forum/innsamling-og-logistikk/moderatorer"),
		valid: func(t *testing.T) url.Values {
			_, id := freshUser(t, "vefas", "member")
			return url.Values{"user_id": {idStr(id)}}
		},
		choice: []string{"user_id"},
		count: func(t *testing.T, v url.Values) int64 {
			return queryInt(t, `SELECT count(*) FROM forum_moderators WHERE user_id = $1`, v.Get("user_id"))
		},
	},
	{
		name: "password reset", as: nil, path: fixed("/glemt-passord"),
		valid: func(*testing.T) url.Values { return url.Values{"email": {unique("ukjent-") + "@hrs.example"}} },
		text:  []string{"email"},
	},
}

// Payloads no text field may store: each must be refused with 400 or 422.
var refusedPayloads = map[string]string{
	"NUL":                "Kari\x00Nordmann",
	"invalid UTF-8":      "Kari \xff\xfe Nordmann",
	"right-to-left":      "Kari \u202Egpj.exe",
	"zero-width":         "Ka\u200Bri",
	"CRLF header":        "Kari\r\nBcc: alle@evil.example",
	"bare CR":            "Kari\rBcc: alle@evil.example",
	"very long line":     strings.Repeat("x", 200_000),
	"byte-order mark":    "\uFEFFKari",
	"other control char": "Kari\x1b[31m",
}

// Payloads a text field may store or refuse, but never execute, echo raw, or fail on.
var markupPayloads = map[string]string{
	"script":       `<script>alert("xss")</script>`,
	"attribute":    `"><img src=x onerror=alert(1)>`,
	"javascript":   `javascript:alert(1)`,
	"SQL":          `'; DROP TABLE users; --`,
	"SQL 2":        `1' OR '1'='1`,
	"template":     `{{ .Secret }} ${7*7} <%= 7*7 %>`,
	"CSV formula":  `=HYPERLINK("http://evil.example")`,
	"unicode name": `Åse Ødegård-Ñúñez 李`,
}

// hostileClient logs in as who (nobody when ""), and checks every answer it gets: no 500, and a
// Location header always on this site.
type hostileClient struct {
	t         *testing.T
	c         *webtest.Client
	multipart bool // send forms as multipart/form-data
}

func newHostileClient(t *testing.T, who string) *hostileClient {
	c := newClient(t)
	if who != "" {
		c.Login(who)
	}
	return &hostileClient{t: t, c: c}
}

func (h *hostileClient) check(what string, res *webtest.Response) *webtest.Response {
	h.t.Helper()
	if res.StatusCode >= 500 {
		h.t.Errorf("%s: status %d", what, res.StatusCode)
	}
	if loc := res.Header.Get("Location"); loc != "" && (!strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\")) {
		h.t.Errorf("%s: redirect off the site to %q", what, loc)
	}
	return res
}

func (h *hostileClient) post(path string, v url.Values) *webtest.Response {
	h.t.Helper()
	if h.multipart {
		return h.check("POST "+path, h.c.Do(multipartRequest(h.t, path, v)))
	}
	return h.check("POST "+path, h.c.PostForm(path, v))
}

// multipartRequest is a same-site multipart/form-data POST of v to path, as a browser sends a form with a file field.
func multipartRequest(t *testing.T, path string, v url.Values) *http.Request {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range v {
		for _, x := range vs {
			if err := w.WriteField(k, x); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, webtest.Origin+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", webtest.Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

func (h *hostileClient) get(path string) *webtest.Response {
	h.t.Helper()
	return h.check("GET "+path, h.c.Get(path))
}

// formUser returns the account that submits f, and removes the rows the subtest makes with it.
func formUser(t *testing.T, f hostileForm) string {
	if f.creates != "" {
		removeNewRows(t, f.creates)
	}
	if f.as == nil {
		return ""
	}
	return f.as(t)
}

func TestHostileTextIsRefused(t *testing.T) {
	cleanIPThrottle(t)
	for _, f := range hostileForms {
		t.Run(f.name, func(t *testing.T) {
			who := formUser(t, f)
			h := newHostileClient(t, who)
			h.multipart = f.multipart
			path := f.path(t, who)
			mails := queryInt(t, `SELECT count(*) FROM mail_outbox`)
			for _, field := range f.text {
				for name, payload := range refusedPayloads {
					if name == "CRLF header" && slices.Contains(f.multiline, field) {
						continue // a line break is what a multi-line field is for
					}
					v := f.valid(t)
					v.Set(field, payload)
					res := h.post(path, v)
					if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusRequestEntityTooLarge {
						t.Errorf("%s with %s: status %d, want 400 or 422", field, name, res.StatusCode)
						continue
					}
					if res.StatusCode == http.StatusUnprocessableEntity && !strings.Contains(res.Body, `id="`+field+`-feil"`) && !strings.Contains(res.Body, "ds-validation-message") {
						t.Errorf("%s with %s: 422 without a message beside the field", field, name)
					}
				}
			}
			if n := queryInt(t, `SELECT count(*) FROM mail_outbox`); n != mails {
				t.Errorf("refused submissions wrote %d mails", n-mails)
			}
			for _, field := range f.choice { // answered without a 500 (checked by the client), and nothing chosen
				for name, payload := range refusedPayloads {
					v := f.valid(t)
					v.Set(field, payload)
					if res := h.post(path, v); res.StatusCode == http.StatusOK {
						t.Errorf("%s with %s: status 200", field, name)
					}
				}
			}
		})
	}
}

func TestHostileMarkupIsNeverExecuted(t *testing.T) {
	cleanIPThrottle(t)
	for _, f := range hostileForms {
		t.Run(f.name, func(t *testing.T) {
			who := formUser(t, f)
			h := newHostileClient(t, who)
			h.multipart = f.multipart
			path := f.path(t, who)
			for _, field := range f.text {
				for name, payload := range markupPayloads {
					v := f.valid(t)
					v.Set(field, payload)
					res := h.post(path, v)
					if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
						t.Errorf("%s with %s: status %d", field, name, res.StatusCode)
					}
					pages := []*webtest.Response{res}
					if res.StatusCode == http.StatusSeeOther && f.show != nil {
						pages = append(pages, h.get(f.show(t, who)))
					}
					if res.StatusCode == http.StatusSeeOther && f.undo != nil {
						f.undo(t, who)
					}
					for _, page := range pages {
						if strings.ContainsAny(payload, `<>"'`) && strings.Contains(page.Body, payload) {
							t.Errorf("%s with %s: the page echoes it unescaped", field, name)
						}
					}
				}
			}
			if res := h.post(path, f.valid(t)); res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusOK { // leave it as it was
				t.Fatalf("a valid submission after the suite: status %d", res.StatusCode)
			}
		})
	}
	// Reflected: search boxes and parameters that come back on the page.
	h := newHostileClient(t, "ansatt@las.example")
	for name, payload := range markupPayloads {
		for _, path := range []string{"/personer?q=", "/personer?selskap=", "/personer?gruppe=", "/logg-inn?next=", "/finnes-ikke/"} {
			res := h.get(path + url.QueryEscape(payload))
			if strings.ContainsAny(payload, `<>"`) && strings.Contains(res.Body, payload) {
				t.Errorf("GET %s with %s: echoed unescaped", path, name)
			}
			if res.StatusCode == http.StatusOK && strings.HasPrefix(path, "/personer?q=") && !strings.Contains(res.Body, html.EscapeString(payload)) {
				t.Errorf("GET %s with %s: the search does not show what was searched for", path, name)
			}
		}
	}
}

func TestOversizedBodiesAndManyParameters(t *testing.T) {
	cleanIPThrottle(t)
	for _, f := range hostileForms {
		t.Run(f.name, func(t *testing.T) {
			who := formUser(t, f)
			h := newHostileClient(t, who)
			h.multipart = f.multipart
			path := f.path(t, who)
			v := f.valid(t)
			v.Set("filler", strings.Repeat("a", max(2<<20, f.maxBody+1<<20)))
			if res := h.post(path, v); res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("%d byte body: status %d, want 413", len(v.Get("filler")), res.StatusCode)
			}
			v = f.valid(t)
			for i := range 300 {
				v.Set("p"+idStr(int64(i)), "x")
			}
			if res := h.post(path, v); res.StatusCode != http.StatusBadRequest {
				t.Errorf("300 parameters: status %d, want 400", res.StatusCode)
			}
			q := url.Values{}
			for i := range 300 {
				q.Set("q"+idStr(int64(i)), "x")
			}
			if res := h.post(path+"?"+q.Encode(), f.valid(t)); res.StatusCode != http.StatusBadRequest {
				t.Errorf("300 query parameters: status %d, want 400", res.StatusCode)
			}
		})
	}
}

func TestSameFormSubmittedTwice(t *testing.T) {
	cleanIPThrottle(t)
	for _, f := range hostileForms {
		t.Run(f.name, func(t *testing.T) {
			who := formUser(t, f)
			h := newHostileClient(t, who)
			h.multipart = f.multipart
			path := f.path(t, who)
			v := f.valid(t)
			first := h.post(path, v)
			second := h.post(path, v)
			if first.StatusCode != http.StatusSeeOther && first.StatusCode != http.StatusOK {
				t.Fatalf("first submission: status %d", first.StatusCode)
			}
			switch second.StatusCode {
			case http.StatusSeeOther, http.StatusOK, http.StatusConflict, http.StatusUnprocessableEntity:
			default:
				t.Errorf("second submission: status %d", second.StatusCode)
			}
			if f.count != nil {
				if n := f.count(t, v); n != 1 {
					t.Errorf("two submissions made %d rows, want 1", n)
				}
			}
		})
	}
}

func TestMassAssignmentOfProtectedFields(t *testing.T) {
	email, id := freshUser(t, "hrs", "member")
	before := queryString(t, `SELECT row(company_id, email, role, active, sessions_valid_after, password_hash)::text FROM users WHERE id = $1`, id)
	h := newHostileClient(t, email)
	las := idStr(queryInt(t, `SELECT id FROM companies WHERE slug = 'las'`))
	res := h.post("/meg", url.Values{"name": {"Kari Nordmann"}, "title": {""}, "phone": {""},
		"role": {"cluster_admin"}, "company_id": {las}, "email": {"kari@evil.example"}, "active": {"false"}, "id": {"1"},
		"sessions_valid_after": {"2000-01-01"}, "password_hash": {"$argon2id$x"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile update: status %d", res.StatusCode)
	}
	if after := queryString(t, `SELECT row(company_id, email, role, active, sessions_valid_after, password_hash)::text FROM users WHERE id = $1`, id); after != before {
		t.Fatalf("protected fields changed:\nbefore %s\nafter  %s", before, after)
	}
	if name := queryString(t, `SELECT name FROM users WHERE id = $1`, id); name != "Kari Nordmann" {
		t.Fatalf("the name was not saved: %q", name)
	}

	// The company's slug, id and times are not in the form either.
	slug := queryString(t, `SELECT row(id, slug, created_at)::text FROM companies WHERE slug = 'fimil'`)
	admin := newHostileClient(t, "admin@fimil.example")
	v := hostileForms[1].valid(t)
	v.Set("slug", "overtatt")
	v.Set("id", las)
	v.Set("created_at", "2000-01-01")
	if res := admin.post("/medlemmer/fimil/rediger", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("company update: status %d", res.StatusCode)
	}
	if after := queryString(t, `SELECT row(id, slug, created_at)::text FROM companies WHERE slug = 'fimil'`); after != slug {
		t.Fatalf("protected company fields changed: %s -> %s", slug, after)
	}
}

func TestLogLinesCannotBeForged(t *testing.T) {
	cleanIPThrottle(t)
	var logs bytes.Buffer
	_, handler := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), &logs)
	c := webtest.NewClient(t, handler)
	c.Get("/logg-inn?next=%2F%0D%0A%7B%22level%22%3A%22ERROR%22%7D")
	postLogin(c, "kari@hrs.example\r\n{\"level\":\"ERROR\",\"msg\":\"forged\"}", "x", "/\r\nforged")
	req := httpRequest(t, http.MethodPost, "/logg-inn", "email=x", "cross-site")
	req.Header.Set("Origin", "https://evil.example\r\n{\"msg\":\"forged\"}")
	c.Do(req)
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("a log line is not one JSON object: %q", line)
		}
		if entry["msg"] == "forged" {
			t.Fatalf("a forged log line: %q", line)
		}
	}
}

// queryString runs a query that returns one text value.
func queryString(t *testing.T, sql string, args ...any) string {
	t.Helper()
	var s string
	if err := dbtest.Pool(t).QueryRow(t.Context(), sql, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

// restrictedObject is an object of the portal that some people may not touch: the outsiders get
// the same 403/404 for every way of reaching it (address, id in the URL, id in a form field), and
// nothing changes. Each area adds its objects (forum threads of a group, another company's
// indicator values, …) to restrictedObjects.
type restrictedObject struct {
	name     string
	outsider string                                   // an account that may not touch the object
	gets     func(t *testing.T) []string              // pages of the object (nil: none to read)
	posts    func(t *testing.T) map[string]url.Values // changes of the object, with their forms
	// guestsMaySee: the object is opened to owners or partners, so only its own outsider tries it
	// (every other object is tried by an owner and a partner too).
	guestsMaySee bool
}

var restrictedObjects = []restrictedObject{
	{
		name: "another company's profile and users", outsider: "admin@las.example",
		gets: func(t *testing.T) []string {
			return []string{"/medlemmer/hrs/rediger", "/medlemmer/hrs/brukere"}
		},
		posts: func(t *testing.T) map[string]url.Values {
			hrsUser := idStr(userID(t, "ansatt@hrs.example"))
			return map[string]url.Values{
				"/medlemmer/hrs/rediger":                           {"name": {"Overtatt"}},
				"/medlemmer/hrs/brukere/inviter":                   {"email": {unique("x-") + "@hrs.example"}, "name": {"X"}, "role": {"member"}},
				"/medlemmer/hrs/brukere/" + hrsUser + "/deaktiver": nil,
				"/medlemmer/las/brukere/" + hrsUser + "/deaktiver": nil, // the other company's user under our own address
				"/medlemmer/las/brukere/" + hrsUser + "/rolle":     {"role": {"company_admin"}},
			}
		},
	},
	{
		name: "a group's administration", outsider: "direktor@las.example",
		gets: func(t *testing.T) []string {
			return []string{"/admin/grupper/" + idStr(queryInt(t, `SELECT id FROM groups WHERE slug = 'direktorforum'`))}
		},
		posts: func(t *testing.T) map[string]url.Values {
			g := idStr(queryInt(t, `SELECT id FROM groups WHERE slug = 'direktorforum'`))
			return map[string]url.Values{
				"/admin/grupper/" + g + "/medlemmer": {"user_id": {idStr(userID(t, "ansatt@las.example"))}},
				"/admin/grupper/" + g + "/medlemmer/" + idStr(userID(t, "direktor@hrs.example")) + "/fjern": nil,
			}
		},
	},
	{
		// The demo moderator of direktørforum: moderating a forum is not managing its moderators.
		name: "a forum's moderators", outsider: "direktor@iris-salten.example",
		gets: func(t *testing.T) []string {
			return []string{"/admin/forum/direktorforum/moderatorer", "/admin/forum/generelt/moderatorer?q=a"}
		},
		posts: func(t *testing.T) map[string]url.Values {
			self := idStr(userID(t, "direktor@iris-salten.example"))
			return map[string]url.Values{
				"/admin/forum/generelt/moderatorer":                         {"user_id": {self}},
				"/admin/forum/direktorforum/moderatorer":                    {"user_id": {idStr(userID(t, "direktor@las.example"))}},
				"/admin/forum/direktorforum/moderatorer/" + self + "/fjern": nil,
			}
		},
	},
}

// Every restricted object is tried by its own outsider, and by an owner representative and a
// partner person (issue 22), for whom every member object is as if it were not there.
func TestOutsidersCannotReachRestrictedObjects(t *testing.T) {
	for _, o := range restrictedObjects {
		t.Run(o.name, func(t *testing.T) {
			var gets []string
			if o.gets != nil {
				gets = o.gets(t)
			}
			posts := o.posts(t)
			outsiders := []string{o.outsider}
			if !o.guestsMaySee {
				outsiders = append(outsiders, ownerEmail, partnerEmail)
			}
			for _, outsider := range outsiders {
				h := newHostileClient(t, outsider)
				before := databaseFingerprint(t)
				for _, path := range gets {
					res := h.get(path)
					if loc := res.Header.Get("Location"); res.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/apent/") {
						res = h.get(loc) // a guest is sent to their own page of it, which must not show it either
					}
					if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
						t.Errorf("GET %s as %s: status %d, want 403 or 404", path, outsider, res.StatusCode)
					}
				}
				for path, form := range posts {
					if res := h.post(path, form); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
						t.Errorf("POST %s as %s: status %d, want 403 or 404", path, outsider, res.StatusCode)
					}
				}
				if after := databaseFingerprint(t); after != before {
					t.Errorf("%s changed something:\n%s", outsider, diffLines(before, after))
				}
			}
		})
	}
}
