package web_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/guests"
	"klyngeportalen/internal/tz"
	"klyngeportalen/internal/web/webtest"
	"klyngeportalen/web/format"
)

// newOwner creates an owner representative of a fresh municipality who has accepted the
// invitation, and returns the address.
func newOwner(t *testing.T) string {
	t.Helper()
	tag := strings.ToLower(rand.Text()[:8])
	email := "eier-" + tag + "@kommune.example"
	execSQL(t, `INSERT INTO users (company_id, email, name, kind, municipality, password_hash)
		VALUES (NULL, $1, 'Eier Eiersen', 'owner', $2, '$argon2id$x')`, email, "Kommune "+tag)
	return email
}

// sendNewsletters runs the month's newsletter round at now and returns the unsubscribe
// addresses of the newsletters to email, oldest first.
func sendNewsletters(t *testing.T, now time.Time, email string) []string {
	t.Helper()
	if _, err := guests.NewStore(dbtest.Pool(t)).SendNewsletters(context.Background(), now, webtest.Origin); err != nil {
		t.Fatal(err)
	}
	rows, err := dbtest.Pool(t).Query(context.Background(), `SELECT unsubscribe_url FROM mail_outbox
		WHERE to_address = $1 AND subject LIKE 'Månedsbrev%' ORDER BY id`, email)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

// The link in the newsletter shows a page with one button; its POST unsubscribes without a
// session, and the next month's newsletter does not come.
func TestNewsletterUnsubscribeByTheLink(t *testing.T) {
	email := newOwner(t)
	links := sendNewsletters(t, time.Date(2041, time.April, 1, 9, 0, 0, 0, tz.Oslo), email)
	if len(links) != 1 || !strings.HasPrefix(links[0], webtest.Origin+"/nyhetsbrev/avmeld/") {
		t.Fatalf("the owner's newsletters' unsubscribe addresses: %q", links)
	}
	path := strings.TrimPrefix(links[0], webtest.Origin)

	c := newClient(t) // no session
	page := c.Get(path)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, page.StatusCode)
	}
	for _, want := range []string{"<h1", "Meld deg av månedsbrevet", `<form method="post" action="` + path + `"`, `<button class="ds-button" type="submit"`, "Meld meg av"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := queryInt(t, `SELECT count(*) FROM owner_newsletter_optouts o JOIN users u ON u.id = o.user_id WHERE u.email = $1`, email); n != 0 {
		t.Fatal("looking at the page unsubscribed")
	}

	// A mail program's one-click post: no session, no Origin, no Sec-Fetch-Site, no form token.
	req, _ := http.NewRequest(http.MethodPost, links[0], strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := webtest.NewClient(t, portal(t)).Do(req)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Du er meldt av") {
		t.Fatalf("one-click POST: status %d\n%s", res.StatusCode, res.Body)
	}
	if n := queryInt(t, `SELECT count(*) FROM owner_newsletter_optouts o JOIN users u ON u.id = o.user_id WHERE u.email = $1`, email); n != 1 {
		t.Fatalf("%d opt-outs after the POST", n)
	}
	if again := c.Get(path); again.StatusCode != http.StatusOK || !strings.Contains(again.Body, "Du er meldt av") || strings.Contains(again.Body, "Meld meg av") {
		t.Errorf("the link after unsubscribing: status %d", again.StatusCode)
	}
	// The button of the page (a browser's post from the page itself) gives the same answer.
	if res := c.PostForm(path, url.Values{}); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Du er meldt av") {
		t.Errorf("the button: status %d", res.StatusCode)
	}

	if next := sendNewsletters(t, time.Date(2041, time.May, 1, 9, 0, 0, 0, tz.Oslo), email); len(next) != 1 {
		t.Errorf("after unsubscribing, %d newsletters in all, want only April's", len(next))
	}

	// Unsubscribed by mistake: the answer's second button takes it back, and June's comes.
	if !strings.Contains(c.Get(path).Body, `action="`+path+`/angre"`) {
		t.Fatal("the answer has no way back")
	}
	if res := c.PostForm(path+"/angre", url.Values{}); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Du får månedsbrevet igjen") {
		t.Fatalf("taking it back: status %d", res.StatusCode)
	}
	if next := sendNewsletters(t, time.Date(2041, time.June, 1, 9, 0, 0, 0, tz.Oslo), email); len(next) != 2 {
		t.Errorf("after taking it back, %d newsletters in all, want April's and June's", len(next))
	}
}

// A webmail's post from its own site passes the cross-origin check on this one route, and only
// unsubscribes the holder of the token.
func TestNewsletterUnsubscribeFromAnotherSite(t *testing.T) {
	email, other := newOwner(t), newOwner(t)
	at := time.Date(2042, time.June, 1, 9, 0, 0, 0, tz.Oslo)
	links := sendNewsletters(t, at, email)
	if len(links) != 1 || len(sendNewsletters(t, at, other)) != 1 {
		t.Fatalf("newsletters: %q", links)
	}
	req := httpRequest(t, http.MethodPost, strings.TrimPrefix(links[0], webtest.Origin), "List-Unsubscribe=One-Click", "cross-site")
	if res := newClient(t).Do(req); res.StatusCode != http.StatusOK {
		t.Fatalf("cross-site one-click POST: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM owner_newsletter_optouts o JOIN users u ON u.id = o.user_id WHERE u.email = ANY($1)`, []string{email, other}); n != 1 {
		t.Fatalf("%d opt-outs, want the token holder's only", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM owner_newsletter_optouts o JOIN users u ON u.id = o.user_id WHERE u.email = $1`, other); n != 0 {
		t.Fatal("another owner was unsubscribed")
	}
}

// A link that is none of ours is a Norwegian 404 page, by GET and by POST, and changes nothing.
func TestNewsletterUnsubscribeBadTokenIs404(t *testing.T) {
	c := newClient(t)
	before := queryInt(t, `SELECT count(*) FROM owner_newsletter_optouts`)
	for _, token := range []string{"1", strings.Repeat("A", 43), strings.Repeat("A", 42) + "!", strings.Repeat("x", 300), "%C3%A6%C3%B8"} {
		path := "/nyhetsbrev/avmeld/" + token
		for _, res := range []*webtest.Response{c.Get(path), c.PostForm(path, url.Values{"List-Unsubscribe": {"One-Click"}}), c.PostForm(path+"/angre", nil)} {
			if res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "Lenken virker ikke") || !strings.Contains(res.Body, `lang="nb"`) {
				t.Errorf("%s %s: status %d", res.Request.Method, path, res.StatusCode)
			}
		}
	}
	if after := queryInt(t, `SELECT count(*) FROM owner_newsletter_optouts`); after != before {
		t.Errorf("bad tokens changed the opt-outs: %d → %d", before, after)
	}
}

func portal(t *testing.T) http.Handler {
	_, h := webtest.Portal(t, webtest.Config(t), dbtest.Pool(t), nil)
	return h
}

// The demo owner's newsletter names the companies Bodø owns, and its links to news and events
// open for the owner, signed in.
func TestNewsletterLinksOpenForTheOwner(t *testing.T) {
	now := time.Now()
	if o := now.In(tz.Oslo); o.Day() == 1 && o.Hour() < 8 { // not due yet: as at 08.00
		now = time.Date(o.Year(), o.Month(), 1, 8, 0, 0, 0, tz.Oslo)
	}
	owner := "eier@bodo.example"
	sendNewsletters(t, now, owner)
	var body string
	subject := "Månedsbrev fra Avfallsklynge Nord – " + format.MonthName(now.In(tz.Oslo).Month()) + " " + strconv.Itoa(now.In(tz.Oslo).Year())
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT body FROM mail_outbox WHERE to_address = $1 AND subject = $2`, owner, subject).Scan(&body); err != nil {
		t.Fatalf("the demo owner's newsletter %q: %v", subject, err)
	}
	rows, err := dbtest.Pool(t).Query(context.Background(), `SELECT name FROM companies WHERE 'Bodø' = ANY (municipalities)`)
	if err != nil {
		t.Fatal(err)
	}
	var owned []string
	for rows.Next() {
		var name string
		_ = rows.Scan(&name)
		owned = append(owned, name)
	}
	rows.Close()
	if len(owned) == 0 {
		t.Fatal("Bodø owns no demo company")
	}
	for _, name := range owned {
		if !strings.Contains(body, name) {
			t.Errorf("the newsletter does not name %s:\n%s", name, body)
		}
	}
	links := regexp.MustCompile(regexp.QuoteMeta(webtest.Origin)+`(/apent/(?:nyheter|arrangementer)/[0-9]+)`).FindAllStringSubmatch(body, -1)
	kinds := map[string]bool{}
	c := newClient(t).Login(owner)
	for _, l := range links {
		kinds[strings.Split(l[1], "/")[2]] = true
		if res := c.Get(l[1]); res.StatusCode != http.StatusOK {
			t.Errorf("the owner follows %s: status %d", l[1], res.StatusCode)
		}
	}
	if !kinds["nyheter"] || !kinds["arrangementer"] {
		t.Errorf("the demo newsletter links to %v, want news and events:\n%s", kinds, body)
	}
}
