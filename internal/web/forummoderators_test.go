package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const moderatorsPath = "/admin/forum/%s/moderatorer"

func isModerator(t *testing.T, forumSlug string, user int64) bool {
	t.Helper()
	return queryInt(t, `SELECT count(*) FROM forum_moderators m JOIN forums f ON f.id = m.forum_id WHERE f.slug = $1 AND m.user_id = $2`, forumSlug, user) == 1
}

func TestOnlyClusterAdminsAppointModerators(t *testing.T) {
	_, target := freshUser(t, "las", "member")
	execSQL(t, `INSERT INTO group_members (group_id, user_id) SELECT id, $1 FROM groups WHERE slug = 'direktorforum'`, target)
	before := queryInt(t, `SELECT count(*) FROM forum_moderators`)
	audits := func() int64 {
		return queryInt(t, `SELECT count(*) FROM audit_log WHERE action LIKE 'forum.moderator.%'`)
	}
	auditsBefore := audits()
	for _, email := range []string{"ansatt@las.example", "admin@las.example", "direktor@las.example"} {
		c := newClient(t).Login(email)
		self := idStr(userID(t, email))
		for _, slug := range []string{"generelt", "direktorforum"} {
			page := fmt.Sprintf(moderatorsPath, slug)
			assertRefused(t, email+" GET "+page, c.Get(page))
			assertRefused(t, email+" GET search "+page, c.Get(page+"?q=Test"))
			assertRefused(t, email+" appoints self in "+slug, c.PostForm(page, url.Values{"user_id": {self}}))
			assertRefused(t, email+" appoints another in "+slug, c.PostForm(page, url.Values{"user_id": {idStr(target)}}))
			assertRefused(t, email+" removes in "+slug, c.PostForm(page+"/"+idStr(target)+"/fjern", nil))
		}
		// The forum page offers no management to them.
		if res := c.Get("/forum/generelt"); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "/admin/forum/") {
			t.Errorf("%s: forum page status %d, or it links to the moderator administration", email, res.StatusCode)
		}
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_moderators`); n != before || audits() != auditsBefore {
		t.Fatalf("refused requests changed the moderators (%d → %d) or the audit log", before, n)
	}

	// Forged forums and people, by a cluster admin: 404 or 422, nothing stored.
	leader := newClient(t).Login("klyngeleder@remiks.example")
	if res := leader.PostForm(fmt.Sprintf(moderatorsPath, "finnes-ikke"), url.Values{"user_id": {idStr(target)}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown forum: status %d, want 404", res.StatusCode)
	}
	if res := leader.Get(fmt.Sprintf(moderatorsPath, strings.Repeat("a", 61))); res.StatusCode != http.StatusNotFound {
		t.Errorf("overlong forum slug: status %d, want 404", res.StatusCode)
	}
	outsider := userID(t, "ansatt@hrs.example") // sees open forums, not direktørforum
	_, inactive := freshUser(t, "hrs", "member")
	execSQL(t, `UPDATE users SET active = false WHERE id = $1`, inactive)
	for _, c := range []struct{ slug, user string }{
		{"direktorforum", idStr(outsider)}, // not in the group
		{"generelt", idStr(inactive)},      // deactivated
		{"generelt", "999999999"},          // no such person
		{"generelt", "abc"},
		{"generelt", ""},
		{"generelt", "-1"},
	} {
		page := fmt.Sprintf(moderatorsPath, c.slug)
		res := leader.PostForm(page, url.Values{"user_id": {c.user}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="user_id-feil"`) || !strings.Contains(res.Body, "feilsammendrag") {
			t.Errorf("appointing %q in %s: status %d, want 422 with the message beside the field", c.user, c.slug, res.StatusCode)
		}
	}
	if res := leader.PostForm(fmt.Sprintf(moderatorsPath, "generelt")+"/"+idStr(outsider)+"/fjern", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("removing someone who is no moderator: status %d, want 404", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_moderators`); n != before || audits() != auditsBefore {
		t.Fatal("forged requests changed the moderators or the audit log")
	}
	// A search with an invisible character, or too long, is refused beside its field, not a 500.
	for _, q := range []string{"a\u200bb", strings.Repeat("a", 101)} {
		res := leader.Get(fmt.Sprintf(moderatorsPath, "generelt") + "?q=" + url.QueryEscape(q))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="q-feil"`) {
			t.Errorf("search %q: status %d, want 422 with the message beside the field", q, res.StatusCode)
		}
	}
	payload := `"><script>alert(1)</script>`
	if res := leader.Get(fmt.Sprintf(moderatorsPath, "generelt") + "?q=" + url.QueryEscape(payload)); res.StatusCode != http.StatusOK ||
		strings.Contains(res.Body, payload) || !strings.Contains(res.Body, html.EscapeString(payload)) {
		t.Errorf("search with markup: status %d, or not shown escaped", res.StatusCode)
	}
	if res := leader.Get(fmt.Sprintf(moderatorsPath, "generelt") + "?q=a%00b"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("search with a control character: status %d, want 400", res.StatusCode)
	}
}

func TestModeratorCandidatesAreThoseWhoSeeTheForum(t *testing.T) {
	leader := newClient(t).Login("klyngeleder@remiks.example")
	_, member := freshUser(t, "vefas", "member")
	name := queryString(t, `SELECT name FROM users WHERE id = $1`, member)
	option := `value="` + idStr(member) + `"`

	// An open forum: any active member, found by a part of the name.
	open := fmt.Sprintf(moderatorsPath, "generelt")
	if res := leader.Get(open + "?q=" + url.QueryEscape(name[5:])); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, option) {
		t.Fatalf("search in an open forum: status %d, or the member is not offered", res.StatusCode)
	}
	if res := leader.Get(open + "?q=" + url.QueryEscape("%")); strings.Contains(res.Body, option) {
		t.Error("a % in the search matches everyone")
	}
	// Bounded: with no search, at most 20 are offered, and the page says there are more.
	if res := leader.Get(open); strings.Count(res.Body, "<option") > 21 || !strings.Contains(res.Body, "Viser de 20 første") {
		t.Errorf("the open forum offers %d options, want at most 20 and a note", strings.Count(res.Body, "<option")-1)
	}
	// A group's forum: only the group's members.
	closed := fmt.Sprintf(moderatorsPath, "direktorforum")
	if res := leader.Get(closed + "?q=" + url.QueryEscape(name)); strings.Contains(res.Body, option) {
		t.Error("a person outside the group is offered as moderator of its forum")
	}
	if res := leader.Get(closed); !strings.Contains(res.Body, `value="`+idStr(userID(t, "direktor@vefas.example"))+`"`) {
		t.Error("a group member is not offered as moderator of the group's forum")
	}
}

func TestAppointedModeratorModeratesOnlyTheirForum(t *testing.T) {
	email, mod := freshUser(t, "senja-avfall", "member")
	name := queryString(t, `SELECT name FROM users WHERE id = $1`, mod)
	group := queryInt(t, `SELECT id FROM groups WHERE slug = 'direktorforum'`)
	execSQL(t, `INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)`, group, mod)

	director := newClient(t).Login("direktor@senja-avfall.example")
	inGroup := startThread(t, director, "direktorforum", "Budsjett for neste år", "Hva planlegger dere?")
	replyTo(t, director, inGroup, "Et svar som kan skjules.")
	elsewhere := startThread(t, director, "generelt", "Et åpent spørsmål", "Noen som vet?")

	m := newClient(t).Login(email)
	if res := m.PostForm(inGroup+"/moderer", url.Values{"handling": {"lock"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("before the appointment, locking: status %d, want 403", res.StatusCode)
	}

	leader := newClient(t).Login("klyngeleder@remiks.example")
	page := fmt.Sprintf(moderatorsPath, "direktorforum")
	if res := leader.Get("/admin"); !strings.Contains(res.Body, `href="`+page+`"`) {
		t.Error("the administration does not link to the forum's moderators")
	}
	if res := leader.Get(page); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `value="`+idStr(mod)+`"`) {
		t.Fatalf("moderators page: status %d, or the group member is not offered", res.StatusCode)
	}
	if res := leader.PostForm(page, url.Values{"user_id": {idStr(mod)}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("appoint: status %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := leader.PostForm(page, url.Values{"user_id": {idStr(mod)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("appointing again: status %d", res.StatusCode)
	}
	forumID := queryInt(t, `SELECT id FROM forums WHERE slug = 'direktorforum'`)
	audited := func(action string) int64 {
		return queryInt(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND target_type = 'forum' AND target_id = $2 AND details->>'user_id' = $3`, action, forumID, idStr(mod))
	}
	if !isModerator(t, "direktorforum", mod) || audited("forum.moderator.add") != 1 {
		t.Fatalf("after appointing (twice): moderator %v, %d audit rows, want one", isModerator(t, "direktorforum", mod), audited("forum.moderator.add"))
	}
	if res := leader.Get("/admin/logg"); !strings.Contains(res.Body, "Utnevnte moderator") {
		t.Error("the audit log page does not name the appointment")
	}
	// The forum page shows who moderates it, to every member of the forum.
	if res := director.Get("/forum/direktorforum"); !strings.Contains(mainOf(res.Body), name) || !strings.Contains(res.Body, "Moderatorer:") {
		t.Error("the forum page does not show its moderator")
	}
	if res := director.Get("/forum/generelt"); strings.Contains(mainOf(res.Body), name) || !strings.Contains(res.Body, "modereres av klyngeadministratorene") {
		t.Error("another forum shows the moderator, or does not say who moderates it")
	}

	// The moderator gets the tools on the forum's threads, and locks, pins and hides there …
	if res := m.Get(inGroup); !strings.Contains(res.Body, `action="`+inGroup+`/moderer"`) {
		t.Error("the appointed moderator does not see the moderation tools")
	}
	for _, action := range []string{"lock", "pin"} {
		if res := m.PostForm(inGroup+"/moderer", url.Values{"handling": {action}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("moderator %s: status %d", action, res.StatusCode)
		}
	}
	if res := m.PostForm(inGroup+"/innlegg/2/skjul", url.Values{"reason": {"Hører ikke hjemme her"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("moderator hides a post: status %d", res.StatusCode)
	}
	id := threadIDOf(t, inGroup)
	if queryInt(t, `SELECT count(*) FROM forum_threads WHERE id = $1 AND locked AND pinned`, id) != 1 ||
		queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1 AND seq = 2 AND hidden_by = $2`, id, mod) != 1 {
		t.Fatal("the moderator's actions did not take effect")
	}
	// … but not elsewhere.
	other := threadIDOf(t, elsewhere)
	if res := m.PostForm(elsewhere+"/moderer", url.Values{"handling": {"lock"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("moderator locks in another forum: status %d, want 403", res.StatusCode)
	}
	if res := m.PostForm(elsewhere+"/innlegg/1/skjul", url.Values{"reason": {"Ikke mitt forum"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("moderator hides in another forum: status %d, want 403", res.StatusCode)
	}
	if res := m.PostForm(inGroup+"/moderer", url.Values{"handling": {"move"}, "til": {"generelt"}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != inGroup {
		t.Errorf("moderator moves the thread to a forum they do not moderate: status %d to %q, want back to the thread", res.StatusCode, res.Header.Get("Location"))
	}
	if queryInt(t, `SELECT count(*) FROM forum_threads WHERE id = $1 AND NOT locked`, other) != 1 ||
		queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1 AND hidden_at IS NOT NULL`, other) != 0 ||
		currentForum(t, id) != "direktorforum" {
		t.Fatal("the moderator changed a forum they do not moderate")
	}

	// Leaving the group ends the power on the next request; the appointment waits, marked on the admin page.
	execSQL(t, `DELETE FROM group_members WHERE group_id = $1 AND user_id = $2`, group, mod)
	if res := m.PostForm(inGroup+"/moderer", url.Values{"handling": {"unlock"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("moderator outside the group unlocks: status %d, want 404", res.StatusCode)
	}
	if res := director.Get("/forum/direktorforum"); strings.Contains(mainOf(res.Body), name) {
		t.Error("the forum page shows a moderator who left the group")
	}
	if res := leader.Get(page); !strings.Contains(res.Body, "Har ikke lenger tilgang til forumet") {
		t.Error("the admin page does not mark a moderator who left the group")
	}
	execSQL(t, `INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)`, group, mod)

	// Removal takes effect on the moderator's next request.
	if res := leader.PostForm(page+"/"+idStr(mod)+"/fjern", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: status %d", res.StatusCode)
	}
	if isModerator(t, "direktorforum", mod) || audited("forum.moderator.remove") != 1 {
		t.Fatal("the removal is not stored or not in the audit log")
	}
	if res := m.PostForm(inGroup+"/moderer", url.Values{"handling": {"unlock"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("removed moderator unlocks: status %d, want 403", res.StatusCode)
	}
	if res := m.Get(inGroup); strings.Contains(res.Body, inGroup+"/moderer") {
		t.Error("a removed moderator still sees the moderation tools")
	}
	if queryInt(t, `SELECT count(*) FROM forum_threads WHERE id = $1 AND locked`, id) != 1 {
		t.Error("the thread was unlocked by someone who is no longer moderator")
	}
}

func TestModeratorsPageRunsABoundedNumberOfQueries(t *testing.T) {
	leader := newClient(t).Login("klyngeleder@remiks.example")
	page := fmt.Sprintf(moderatorsPath, "kommunikasjon-og-omdomme")
	first := coldGet(t, leader, page)
	if first.StatusCode != http.StatusOK {
		t.Fatalf("status %d", first.StatusCode)
	}
	for range 30 {
		_, u := freshUser(t, "haf", "member")
		execSQL(t, `INSERT INTO forum_moderators (forum_id, user_id) SELECT id, $1 FROM forums WHERE slug = 'kommunikasjon-og-omdomme'`, u)
	}
	after := coldGet(t, leader, page)
	if after.Queries != first.Queries || after.Queries > 6 || strings.Count(after.Body, "/fjern") < 30 {
		t.Errorf("%d queries with no moderators, %d with 30; want equal and at most 6", first.Queries, after.Queries)
	}
	// Each view is the first after a change, with the page kept for the leader before it (forum.go).
	leader.Get("/forum/kommunikasjon-og-omdomme")
	forumPage := coldGet(t, leader, "/forum/kommunikasjon-og-omdomme")
	execSQL(t, `DELETE FROM forum_moderators m USING forums f WHERE f.id = m.forum_id AND f.slug = 'kommunikasjon-og-omdomme'`)
	leader.Get("/forum/kommunikasjon-og-omdomme")
	if without := coldGet(t, leader, "/forum/kommunikasjon-og-omdomme"); without.Queries != forumPage.Queries {
		t.Errorf("forum page: %d queries with 30 moderators, %d with none", forumPage.Queries, without.Queries)
	}
}
