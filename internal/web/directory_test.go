package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

// addPeople inserts n active people who can log in into company slug, named prefix + number,
// and removes them when the test ends.
func addPeople(t *testing.T, slug, prefix string, n int) {
	t.Helper()
	execSQL(t, `
		INSERT INTO users (company_id, email, name, title, role, password_hash)
		SELECT d.company_id, $1 || i || '@' || $2 || '.example', $3 || ' ' || lpad(i::text, 3, '0'), 'Konsulent', 'member', d.password_hash
		FROM users d, generate_series(1, $4::int) i WHERE d.email = 'ansatt@' || $2 || '.example'`,
		strings.ToLower(prefix)+"-", slug, prefix, n)
	t.Cleanup(func() { execSQL(t, `DELETE FROM users WHERE email LIKE $1`, strings.ToLower(prefix)+"-%") })
}

var personLink = regexp.MustCompile(`href="/personer/(\d+)"`)

func TestDirectoryQueryCountDoesNotGrow(t *testing.T) {
	c := newClient(t).Login("ansatt@senja-avfall.example")
	person := idStr(userID(t, "direktor@iris-salten.example"))
	pages := []string{"/medlemmer", "/medlemmer/iris-salten", "/personer", "/personer?gruppe=direktorforum", "/personer?q=a", "/personer/" + person}
	measure := func() map[string]int64 {
		counts := map[string]int64{}
		for _, p := range pages {
			res := coldGet(t, c, p)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d", p, res.StatusCode)
			}
			counts[p] = res.Queries
		}
		return counts
	}
	before := measure()

	// Many more people, companies, groups and memberships.
	addPeople(t, "iris-salten", "Mengde", 200)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM users WHERE company_id IN (SELECT id FROM companies WHERE slug LIKE 'mengde-%')`)
		execSQL(t, `DELETE FROM companies WHERE slug LIKE 'mengde-%'`)
		execSQL(t, `DELETE FROM groups WHERE slug LIKE 'mengde-%'`)
	})
	for i := 1; i <= 5; i++ {
		slug := fmt.Sprintf("mengde-%d", i)
		execSQL(t, `INSERT INTO companies (slug, name, municipalities) VALUES ($1, $2, '{Bodø,Saltdal}')`, slug, "Mengde selskap "+slug)
		execSQL(t, `INSERT INTO users (company_id, email, name, password_hash)
			SELECT c.id, 'mengde-' || i || '@' || c.slug || '.example', 'Mengdeperson ' || i, d.password_hash
			FROM companies c, users d, generate_series(1, 20) i WHERE c.slug = $1 AND d.email = 'ansatt@iris-salten.example'`, slug)
		execSQL(t, `INSERT INTO groups (slug, name, kind) VALUES ($1, $2, 'faggruppe')`, slug, "Mengdegruppe "+slug)
	}
	execSQL(t, `INSERT INTO group_members (group_id, user_id)
		SELECT g.id, u.id FROM groups g, users u
		WHERE (g.slug LIKE 'mengde-%' OR g.slug = 'direktorforum') AND u.email LIKE 'mengde-%'`)
	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT g.id, $1 FROM groups g WHERE g.slug LIKE 'mengde-%'`, person)
	// … and photos: the lists show each person's photo without a query of its own.
	execSQL(t, `INSERT INTO user_avatars (user_id, small, large) SELECT id, '\xff', '\xff' FROM users WHERE email LIKE 'mengde-%' OR id = $1`, person)
	t.Cleanup(func() { execSQL(t, `DELETE FROM user_avatars WHERE user_id = $1`, person) })
	if body := c.Get("/personer?q=Mengde").Body; strings.Count(body, `src="/profilbilde/`) < 20 {
		t.Errorf("the directory shows %d photos of the added people, want at least 20", strings.Count(body, `src="/profilbilde/`))
	}

	after := measure()
	for _, p := range pages {
		if after[p] != before[p] || after[p] > 7 {
			t.Errorf("GET %s: %d queries with the demo data, %d with many more; want equal and at most 7", p, before[p], after[p])
		}
	}
	// A large company's page lists its first people and links to all of them in the search.
	res := c.Get("/medlemmer/iris-salten")
	if strings.Count(res.Body, `href="/personer/`) > 40 || !strings.Contains(res.Body, `href="/personer?selskap=iris-salten"`) {
		t.Errorf("the company page lists %d people and links to the rest: %v", strings.Count(res.Body, `href="/personer/`), strings.Contains(res.Body, "selskap=iris-salten"))
	}
	if !strings.Contains(c.Get("/personer?selskap=iris-salten&q=Mengde+200").Body, "Mengde 200") {
		t.Error("the search does not find the added people of the company")
	}
}

func TestPeopleSearchPaginates(t *testing.T) {
	addPeople(t, "las", "Sidevis", 120)
	c := newClient(t).Login("ansatt@senja-avfall.example")
	for _, start := range []string{"/personer", "/personer?q=Sidevis"} {
		seen := map[string]bool{}
		var order []string
		path, pages := start, 0
		for path != "" {
			pages++
			res := c.Get(path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d", path, res.StatusCode)
			}
			links := personLink.FindAllStringSubmatch(mainOf(res.Body), -1)
			if len(links) > 50 {
				t.Fatalf("GET %s: %d people on one page, want at most 50", path, len(links))
			}
			for _, l := range links {
				if seen[l[1]] {
					t.Fatalf("GET %s: person %s shown twice", path, l[1])
				}
				seen[l[1]] = true
				order = append(order, l[1])
			}
			next := regexp.MustCompile(`href="(/personer\?[^"]*)"[^>]*>Vis flere<`).FindStringSubmatch(res.Body)
			if next == nil {
				path = ""
				continue
			}
			if len(links) != 50 {
				t.Fatalf("GET %s: a page with more after it has %d people, want 50", path, len(links))
			}
			path = html.UnescapeString(next[1])
			if !strings.Contains(path, "etter=") || (strings.Contains(start, "q=") && !strings.Contains(path, "q=Sidevis")) {
				t.Fatalf("the next link %q lacks the cursor or the search", path)
			}
			if pages > 1 && !strings.Contains(res.Body, "Til første side") {
				t.Errorf("GET %s: no way back to the first page", path)
			}
		}
		want := queryInt(t, `SELECT count(*) FROM users WHERE active AND password_hash IS NOT NULL AND kind = 'member'`)
		if strings.Contains(start, "q=") {
			want = 120
		}
		if int64(len(seen)) != want || pages != int(want+49)/50 {
			t.Errorf("%s: %d people on %d pages, want %d people on %d pages", start, len(seen), pages, want, (want+49)/50)
		}
		if strings.Contains(start, "q=") && (order[0] != idStr(userID(t, "sidevis-1@las.example")) || order[119] != idStr(userID(t, "sidevis-120@las.example"))) {
			t.Errorf("the pages are not in name order")
		}
	}
	if res := c.Get("/personer?etter=" + url.QueryEscape("tull")); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a malformed cursor: status %d, want 400", res.StatusCode)
	}
}

func TestMyDataDownload(t *testing.T) {
	res := newClient(t).Login("ansatt@finnmark-ressursselskap.example").Get("/meg/data.json")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, ".json") {
		t.Errorf("Content-Disposition %q, want an attachment", cd)
	}
	var data struct {
		Profile struct {
			Email       string
			CompanySlug string
		} `json:"profil"`
	}
	if err := json.Unmarshal([]byte(res.Body), &data); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, res.Body)
	}
	if data.Profile.Email != "ansatt@finnmark-ressursselskap.example" || data.Profile.CompanySlug != "finnmark-ressursselskap" {
		t.Errorf("profile %+v", data.Profile)
	}
	if strings.Contains(res.Body, "argon2") {
		t.Error("the export contains the password hash")
	}
}

func TestProfileUpdateValidates(t *testing.T) {
	email, user := freshUser(t, "avfallsservice", "member")
	c := newClient(t).Login(email)
	profile := func() string {
		var s string
		if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT row(name, title, phone, updated_at)::text FROM users WHERE id = $1`, user).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := profile()
	for what, form := range map[string]url.Values{
		"control":        {"name": {"Ola\x01Nordmann"}},
		"RTL override":   {"name": {"Ola \u202ennamdroN"}},
		"zero width":     {"name": {"Ola\u200bNordmann"}},
		"too long name":  {"name": {strings.Repeat("å", 121)}},
		"empty name":     {"name": {"   "}},
		"too long title": {"name": {"Ola"}, "title": {strings.Repeat("x", 121)}},
		"bad phone":      {"name": {"Ola"}, "phone": {"ring meg"}},
	} {
		res := c.PostForm("/meg", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "ds-validation-message") {
			t.Errorf("%s: status %d, want 422 with a message", what, res.StatusCode)
		}
	}
	// A NUL or invalid UTF-8 is refused before the form is read, with a message of its own.
	for what, form := range map[string]url.Values{"NUL byte": {"name": {"Ola\x00Nordmann"}}, "invalid UTF-8": {"name": {"Ola \xff"}}} {
		if res := c.PostForm("/meg", form); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "ugyldige tegn") {
			t.Errorf("%s: status %d, want 400 with a message", what, res.StatusCode)
		}
	}
	if profile() != before {
		t.Fatal("an invalid profile was saved")
	}
	res := c.PostForm("/meg", url.Values{"name": {"  Åse Ærlig-Øvre  "}, "title": {"Miljørådgiver"}, "phone": {"+47 900 00 000"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a valid profile: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM users WHERE id = $1 AND name = 'Åse Ærlig-Øvre' AND phone = '+47 900 00 000'`, user); n != 1 {
		t.Fatal("the valid profile was not saved trimmed")
	}
	if res := c.Get("/personer/" + idStr(user)); !strings.Contains(res.Body, "Åse Ærlig-Øvre") || !strings.Contains(res.Body, "Miljørådgiver") {
		t.Error("the person page does not show the new profile")
	}
}
