package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klyngeportalen/internal/markdown"
)

// searchFixture adds one thing of every kind holding a word of its own, the same things in
// places an outsider may not see (holding "toppsekretfjord"), and a person with expertise.
func searchFixture(t *testing.T) {
	t.Helper()
	md := markdown.New()
	post := func(forum, title, body string) {
		execSQL(t, `WITH th AS (
				INSERT INTO forum_threads (forum_id, title, author_id, post_count)
				SELECT f.id, $2, u.id, 1 FROM forums f, users u WHERE f.slug = $1 AND u.email = 'direktor@las.example' RETURNING id, author_id)
			INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
			SELECT id, 1, author_id, $3, $4, md5($2) FROM th`, forum, title, body, md.HTML(body))
	}
	post("generelt", "Tråd om kvernsteinsaken", "Innlegg om **glassknuseranalyse** med [en lenke](https://example.org/a) & mer, og ordet tindeklatrerord.")
	post("direktorforum", "Lukket toppsekretfjord-tråd", "Lukket innlegg om toppsekretfjord.")
	doc := func(title string, group string, deleted bool) {
		execSQL(t, `INSERT INTO documents (title, description, description_html, company_id, group_id, kind, search, deleted_at)
			SELECT $1, 'Om **'||$1||'**', '<p>Om <strong>'||$1||'</strong></p>', c.id, (SELECT id FROM groups WHERE slug = nullif($2, '')), 'pdf',
			       to_tsvector('norwegian', $1), CASE WHEN $3 THEN now() END
			FROM companies c WHERE c.slug = 'las'`, title, group, deleted)
	}
	doc("Rapport om fjordbunnkartlegging", "", false)
	doc("Styringsgruppens toppsekretfjord", "styringsgruppen", false)
	doc("Slettet toppsekretfjord", "", true)
	event := func(title, status, group string) {
		execSQL(t, `INSERT INTO events (title, kind, description_md, description_html, starts_at, ends_at, status, group_id)
			VALUES ($1, 'workshop', $1, '<p>'||$1||'</p>', now() + interval '10 days', now() + interval '10 days 2 hours', $2,
			        (SELECT id FROM groups WHERE slug = nullif($3, '')))`, title, status, group)
	}
	event("Workshop om snøbrøytingsruter", "published", "")
	event("Utkast toppsekretfjord", "draft", "")
	event("Direktørenes toppsekretfjord", "published", "direktorforum")
	execSQL(t, `INSERT INTO news (title, ingress, body_md, body_html) VALUES ('Nytt anlegg', 'Om komposteringsreaktoren i nord', '', '')`)
	execSQL(t, `INSERT INTO consultations (title, authority, authority_deadline, input_deadline, focus_area_id, summary)
		VALUES ('Høring om deponiavgiftsregler', 'Miljødirektoratet', current_date + 30, now() + interval '20 days', 1, 'Sammendrag')`)
	execSQL(t, `INSERT INTO activities (title, description, description_html, focus_area_id, starts_on, ends_on)
		VALUES ('Felles sorteringskampanjeplan', 'Plan', '<p>Plan</p>', 1, current_date, current_date + 10)`)
	execSQL(t, `UPDATE users SET name = 'Kari Fjellvik', title = 'Fagleder', department = 'Innsamling',
		expertise = '{plukkanalyse,hms,anbud}', about = 'Jeg jobber med snøfreserkurs og tømmeordninger.'
		WHERE email = 'ansatt@reno-vest.example'`)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM forum_threads WHERE title IN ('Tråd om kvernsteinsaken', 'Lukket toppsekretfjord-tråd')`)
		execSQL(t, `DELETE FROM documents WHERE title IN ('Rapport om fjordbunnkartlegging', 'Styringsgruppens toppsekretfjord', 'Slettet toppsekretfjord')`)
		execSQL(t, `DELETE FROM events WHERE title IN ('Workshop om snøbrøytingsruter', 'Utkast toppsekretfjord', 'Direktørenes toppsekretfjord')`)
		execSQL(t, `DELETE FROM news WHERE title = 'Nytt anlegg'`)
		execSQL(t, `DELETE FROM consultations WHERE title = 'Høring om deponiavgiftsregler'`)
		execSQL(t, `DELETE FROM activities WHERE title = 'Felles sorteringskampanjeplan'`)
		execSQL(t, `UPDATE users SET expertise = '{}', about = '', department = '' WHERE email = 'ansatt@reno-vest.example'`)
	})
}

var kindCount = regexp.MustCompile(`(?s)<h2 id="treff-([a-z]+)"[^>]*>[^<(]*\((\d+|over \d+)\)</h2>`)

// searchCounts returns the per-kind counts of the search page.
func searchCounts(body string) map[string]string {
	out := map[string]string{}
	for _, m := range kindCount.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestSearchFindsEveryKindByAWordInIt(t *testing.T) {
	searchFixture(t)
	c := newClient(t).Login("ansatt@vefas.example")
	for _, tc := range []struct{ kind, q, want string }{
		{"personer", "snøfreserkurs", "Kari Fjellvik"},
		{"selskap", "Sortland", "Reno-Vest"},
		{"trader", "kvernsteinsaken", "Tråd om kvernsteinsaken"},
		{"innlegg", "tindeklatrerord", "Tråd om kvernsteinsaken"},
		{"dokumenter", "fjordbunnkartlegging", "Rapport om fjordbunnkartlegging"},
		{"arrangementer", "snøbrøytingsruter", "Workshop om snøbrøytingsruter"},
		{"nyheter", "komposteringsreaktoren", "Nytt anlegg"},
		{"horinger", "deponiavgiftsregler", "Høring om deponiavgiftsregler"},
		{"arshjul", "sorteringskampanjeplan", "Felles sorteringskampanjeplan"},
	} {
		res := c.Get("/sok?" + url.Values{"q": {tc.q}}.Encode())
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tc.q, res.StatusCode)
		}
		if got := searchCounts(res.Body)[tc.kind]; got != "1" && tc.kind != "selskap" {
			t.Errorf("%q: count of %s is %q, want 1 (%v)", tc.q, tc.kind, got, searchCounts(res.Body))
		}
		if !strings.Contains(res.Body, tc.want) {
			t.Errorf("%q does not find %q", tc.q, tc.want)
		}
		// The kind's own page lists it too.
		if own := c.Get("/sok?" + url.Values{"q": {tc.q}, "type": {tc.kind}}.Encode()); own.StatusCode != http.StatusOK || !strings.Contains(own.Body, tc.want) {
			t.Errorf("%q in %s: status %d, lacks %q", tc.q, tc.kind, own.StatusCode, tc.want)
		}
	}
}

func TestSearchStemsNorwegianAndHighlightsCleanText(t *testing.T) {
	searchFixture(t)
	c := newClient(t).Login("ansatt@vefas.example")
	// The post says "glassknuseranalyse"; the inflected form finds it.
	res := c.Get("/sok?q=glassknuseranalysene&type=innlegg")
	if !strings.Contains(res.Body, "Tråd om kvernsteinsaken") {
		t.Fatal("glassknuseranalysene does not find the post about glassknuseranalyse")
	}
	snippet := regexp.MustCompile(`(?s)<p class="ds-paragraph search-hit__snippet"[^>]*>(.*?)</p>`).FindStringSubmatch(res.Body)
	if snippet == nil {
		t.Fatal("no snippet")
	}
	if !strings.Contains(snippet[1], "<mark>glassknuseranalyse</mark>") {
		t.Errorf("the match is not marked: %s", snippet[1])
	}
	for _, syntax := range []string{"**", "](", "https://example.org", "&lt;", "<strong", "&amp;amp;"} {
		if strings.Contains(snippet[1], syntax) {
			t.Errorf("the snippet shows %q: %s", syntax, snippet[1])
		}
	}
	// Expertise tags: an inflected tag and a tag as typed find the person.
	for _, q := range []string{"plukkanalysene", "HMS", "anbud"} {
		res := c.Get("/sok?" + url.Values{"q": {q}, "type": {"personer"}}.Encode())
		if !strings.Contains(res.Body, "Kari Fjellvik") {
			t.Errorf("%q does not find the person with that expertise", q)
		}
	}
}

func TestSearchMatchesNamesByPrefixAndWithATypo(t *testing.T) {
	searchFixture(t)
	c := newClient(t).Login("ansatt@vefas.example")
	for _, q := range []string{"Kar", "Karri", "kari", "Fjellv", "Fjelvik", "Fjellvikk", "kari fjelvik"} {
		res := c.Get("/sok?" + url.Values{"q": {q}, "type": {"personer"}}.Encode())
		if !strings.Contains(res.Body, "Kari Fjellvik") {
			t.Errorf("%q does not find Kari Fjellvik", q)
		}
	}
	// A prefix of the name ranks before people found by other text.
	res := c.Get("/sok?q=Fjellvik&type=personer")
	if i := strings.Index(res.Body, "Kari Fjellvik"); i < 0 || strings.Count(res.Body[:i], `class="search-hit"`) != 1 {
		t.Error("the person named Fjellvik is not the first hit")
	}
	if res := c.Get("/sok?q=Zqxw&type=personer"); strings.Contains(res.Body, "Kari Fjellvik") {
		t.Error("an unrelated text finds Kari Fjellvik")
	}
}

func TestSearchOutsiderFindsNothingRestrictedNotEvenACount(t *testing.T) {
	searchFixture(t)
	outsider := newClient(t).Login("ansatt@las.example")
	res := outsider.Get("/sok?q=toppsekretfjord")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if counts := searchCounts(res.Body); len(counts) != 0 || !strings.Contains(res.Body, "Ingen treff") {
		t.Errorf("an outsider sees counts %v", counts)
	}
	for _, k := range []string{"personer", "selskap", "trader", "innlegg", "dokumenter", "arrangementer", "nyheter", "horinger", "arshjul"} {
		page := outsider.Get("/sok?q=toppsekretfjord&type=" + k)
		if strings.Contains(page.Body, "toppsekretfjord</") || strings.Contains(page.Body, "Lukket") || !strings.Contains(page.Body, "(0)") {
			t.Errorf("%s: an outsider sees something restricted", k)
		}
	}
	// A member of the directors' forum finds its thread, post and event; never the draft, the
	// deleted document or the steering group's document.
	director := newClient(t).Login("direktor@las.example")
	counts := searchCounts(director.Get("/sok?q=toppsekretfjord").Body)
	want := map[string]string{"trader": "1", "innlegg": "1", "arrangementer": "1"}
	if len(counts) != len(want) {
		t.Errorf("a director sees counts %v, want %v", counts, want)
	}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("a director: %s count %q, want %s", k, counts[k], n)
		}
	}
	// A cluster admin sees the draft and the steering group's document, never the deleted one.
	admin := newClient(t).Login("klyngeleder@remiks.example")
	body := admin.Get("/sok?q=toppsekretfjord&type=dokumenter").Body
	if !strings.Contains(body, "Styringsgruppens toppsekretfjord") || strings.Contains(body, "Slettet toppsekretfjord") {
		t.Error("a cluster admin's documents are wrong")
	}
	if !strings.Contains(admin.Get("/sok?q=toppsekretfjord&type=arrangementer").Body, "Utkast toppsekretfjord") {
		t.Error("a cluster admin does not find the draft event")
	}
}

func TestSearchPagesByKeysetAndRefusesBadInput(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	addPeople(t, "iris-salten", "Sidemann", 45)
	seen := map[string]bool{}
	next := "/sok?q=Sidemann&type=personer"
	for pages := 0; next != "" && pages < 5; pages++ {
		res := c.Get(next)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", next, res.StatusCode)
		}
		for _, m := range regexp.MustCompile(`>(Sidemann \d+)</a>`).FindAllStringSubmatch(res.Body, -1) {
			if seen[m[1]] {
				t.Errorf("%s shown twice", m[1])
			}
			seen[m[1]] = true
		}
		next = ""
		if m := regexp.MustCompile(`href="(/sok\?[^"]*etter=[^"]*)">Neste side`).FindStringSubmatch(res.Body); m != nil {
			next = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	if len(seen) != 45 {
		t.Errorf("%d people over the pages, want 45", len(seen))
	}
	for _, bad := range []string{"/sok?q=a&type=alt", "/sok?q=a&etter=1.2", "/sok?q=a&type=innlegg&etter=x", "/sok?q=a&type=personer&etter=1"} {
		if res := c.Get(bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, res.StatusCode)
		}
	}
	for _, odd := range []string{"%", "a   b\u00a0c", strings.Repeat("å", 500), "\"'<>", "og", "!!!", "a | b & !c"} {
		if res := c.Get("/sok?" + url.Values{"q": {odd}}.Encode()); res.StatusCode != http.StatusOK {
			t.Errorf("%q: status %d, want 200", odd, res.StatusCode)
		}
	}
}

func TestSearchBoxInTheHeaderAndBoundedQueries(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	for _, p := range []string{"/", "/medlemmer", "/forum"} {
		if body := c.Get(p).Body; !strings.Contains(body, `action="/sok"`) || !strings.Contains(body, `role="search"`) {
			t.Errorf("%s lacks the search box", p)
		}
	}
	small := coldGet(t, c, "/sok?q=plukkanalyse")
	addPeople(t, "iris-salten", "Plukkanalyse", 30)
	big := coldGet(t, c, "/sok?q=plukkanalyse")
	t.Logf("/sok: %d round trips and %d statements, %d and %d with more matches", small.Queries, small.Statements, big.Queries, big.Statements)
	if big.Queries != small.Queries || big.Queries > 2 {
		t.Errorf("/sok: %d queries, %d with more matches; want equal and bounded", small.Queries, big.Queries)
	}
	// The search itself is one round trip of two statements (its settings and one statement
	// for every kind's count and hits) beside the session's: a statement per kind and its own
	// plan each made a search cost more to plan than to run.
	for _, p := range []string{"/sok?q=plukkanalyse", "/sok?q=plukkanalyse&type=innlegg", "/sok?q=Karri", "/sok?q=Plukkanalyse&type=personer"} {
		session := coldGet(t, c, "/sok").Statements // the page without a search
		res := coldGet(t, c, p)
		if res.StatusCode != http.StatusOK || res.Statements-session != 2 {
			t.Errorf("%s: %d statements beside the session's %d, want 2", p, res.Statements-session, session)
		}
	}
}

// TestSearchWalksACommonWordUnderTheAccessRule covers a word dense among the newest posts (the
// search walks them newest first instead of reading the text index): its count stops at "over
// 50", the pages run through every post the viewer may see by keyset, newest first, and never
// show one of a restricted forum, though those are newer.
func TestSearchWalksACommonWordUnderTheAccessRule(t *testing.T) {
	thread := func(forum, title string, n, offsetMinutes int) {
		execSQL(t, `WITH th AS (
				INSERT INTO forum_threads (forum_id, title, author_id, post_count)
				SELECT f.id, $2, u.id, $3 FROM forums f, users u WHERE f.slug = $1 AND u.email = 'direktor@las.example' RETURNING id, author_id)
			INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key, created_at)
			SELECT id, i, author_id, 'Innlegg ' || i || ' om tettvokstrord.', '<p>Innlegg ' || i || ' om tettvokstrord.</p>', md5($2 || i),
			       now() + make_interval(mins => $4 + i)
			FROM th, generate_series(1, $3) i`, forum, title, n, offsetMinutes)
	}
	thread("generelt", "Åpen tettvokstrord-tråd", 60, 0)
	thread("direktorforum", "Lukket tettvokstrord-tråd", 60, 100)
	t.Cleanup(func() {
		execSQL(t, `DELETE FROM forum_threads WHERE title IN ('Åpen tettvokstrord-tråd', 'Lukket tettvokstrord-tråd')`)
	})
	c := newClient(t).Login("ansatt@las.example")
	res := c.Get("/sok?q=tettvokstrord")
	if got := searchCounts(res.Body)["innlegg"]; got != "over 50" {
		t.Errorf("count of posts %q, want over 50", got)
	}
	if strings.Contains(res.Body, "Lukket") || !strings.Contains(res.Body, "#innlegg-60") {
		t.Error("the overview does not show the newest open post first, or shows a closed one")
	}
	seen := map[string]bool{}
	next := "/sok?q=tettvokstrord&type=innlegg"
	last := 61
	for pages := 0; next != "" && pages < 5; pages++ {
		res := c.Get(next)
		if strings.Contains(res.Body, "Lukket") {
			t.Fatalf("%s shows a post of the closed forum", next)
		}
		for _, m := range regexp.MustCompile(`#innlegg-(\d+)"`).FindAllStringSubmatch(res.Body, -1) {
			n, _ := strconv.Atoi(m[1])
			if seen[m[1]] || n >= last {
				t.Errorf("post %d after %d", n, last)
			}
			seen[m[1]], last = true, n
		}
		next = ""
		if m := regexp.MustCompile(`href="(/sok\?[^"]*etter=[^"]*)">Neste side`).FindStringSubmatch(res.Body); m != nil {
			next = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	if len(seen) != 60 {
		t.Errorf("%d posts over the pages, want 60", len(seen))
	}
	director := newClient(t).Login("direktor@las.example")
	if body := director.Get("/sok?q=tettvokstrord&type=innlegg").Body; !strings.Contains(body, "Lukket tettvokstrord-tråd") {
		t.Error("a director does not find the directors' forum's newer posts first")
	}
}
