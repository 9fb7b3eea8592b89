package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// linkedUpload uploads a text document with the fields and returns its address.
func linkedUpload(t *testing.T, c *webtest.Client, title string, fields url.Values) string {
	t.Helper()
	if fields == nil {
		fields = url.Values{}
	}
	fields.Set("title", title)
	res := c.Do(uploadRequest(t, "/dokumenter", fields, "materiell.txt", strings.NewReader("Innhold av "+title+"\n")))
	if res.StatusCode != http.StatusSeeOther || !docLocation.MatchString(res.Header.Get("Location")) {
		t.Fatalf("upload %q: status %d\n%s", title, res.StatusCode, mainOf(res.Body))
	}
	return res.Header.Get("Location")
}

func TestEventPageShowsItsMaterialsOnlyToThoseWhoMaySeeThem(t *testing.T) {
	ev := testEvent(t, "Samling om materiell", "")
	evPath := "/arrangementer/" + ev
	group := idStr(queryInt(t, `SELECT id FROM groups WHERE slug = 'direktorforum'`))

	member := newClient(t).Login("ansatt@haf.example")
	page := member.Get(evPath)
	if !strings.Contains(page.Body, `href="/dokumenter/ny?arrangement=`+ev+`"`) || !strings.Contains(page.Body, "Last opp materiell") {
		t.Fatal("the event page does not offer to upload materials")
	}
	form := member.Get("/dokumenter/ny?arrangement=" + ev)
	if !strings.Contains(form.Body, `<option value="`+ev+`" selected>`) {
		t.Error("the upload form from the event does not have the event chosen")
	}
	open := linkedUpload(t, member, "Presentasjon fra samlingen", url.Values{"event": {ev}})
	director := newClient(t).Login("direktor@fimil.example")
	closed := linkedUpload(t, director, "Lukket notat fra samlingen", url.Values{"event": {ev}, "group": {group}})
	unrelated := linkedUpload(t, member, "Dokument uten arrangement", nil)

	outsider := newClient(t).Login("ansatt@fimil.example")
	page = outsider.Get(evPath)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `href="`+open+`"`) {
		t.Errorf("an outsider does not see the open material on the event page (status %d)", page.StatusCode)
	}
	if strings.Contains(page.Body, "Lukket notat fra samlingen") || strings.Contains(page.Body, `href="`+closed+`"`) {
		t.Error("a group-restricted document is shown on the event page to an outsider")
	}
	if strings.Contains(page.Body, `href="`+unrelated+`"`) {
		t.Error("a document without the tie is listed as material")
	}
	insider := newClient(t).Login("direktor@vefas.example")
	if body := insider.Get(evPath).Body; !strings.Contains(body, `href="`+closed+`"`) || !strings.Contains(body, `href="`+open+`"`) {
		t.Error("a member of the group does not see both materials")
	}
	if body := outsider.Get(open).Body; !strings.Contains(body, "Materiell fra") || !strings.Contains(body, `href="`+evPath+`"`) {
		t.Error("the document page does not link its event")
	}

	// The list's filters: materials from events, and from this event.
	list := outsider.Get("/dokumenter?kilde=arrangement")
	if !strings.Contains(list.Body, `href="`+open+`"`) || strings.Contains(list.Body, `href="`+unrelated+`"`) || strings.Contains(list.Body, `href="`+closed+`"`) {
		t.Error("the filter on materials from events is wrong")
	}
	list = insider.Get("/dokumenter?arrangement=" + ev)
	if !strings.Contains(list.Body, `href="`+open+`"`) || !strings.Contains(list.Body, `href="`+closed+`"`) ||
		strings.Contains(list.Body, `href="`+unrelated+`"`) || !strings.Contains(list.Body, "Samling om materiell") {
		t.Error("the filter on one event's materials is wrong")
	}
	if res := outsider.Get("/dokumenter?arrangement=x"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an invalid event filter: status %d, want 400", res.StatusCode)
	}

	// An event gone: the document stays, without the tie.
	execSQL(t, `DELETE FROM events WHERE id = $1`, ev)
	if n := queryInt(t, `SELECT count(*) FROM documents WHERE id = $1 AND event_id IS NULL`, strings.TrimPrefix(open, "/dokumenter/")); n != 1 {
		t.Error("deleting the event did not leave the document without a tie")
	}
}

func TestMaterialsOfARestrictedEventShowOnlyWithTheEvent(t *testing.T) {
	ev := eventID(t, "Direktørforum: strategisamling")
	director := newClient(t).Login("direktor@fimil.example")
	doc := linkedUpload(t, director, "Åpent vedlegg til strategisamlingen", url.Values{"event": {ev}})

	outsider := newClient(t).Login("ansatt@fimil.example")
	if res := outsider.Get("/arrangementer/" + ev); res.StatusCode != http.StatusNotFound {
		t.Fatalf("the restricted event: status %d, want 404", res.StatusCode)
	}
	body := outsider.Get(doc).Body
	if strings.Contains(body, "strategisamling\u003c") || strings.Contains(body, `href="/arrangementer/`+ev+`"`) || strings.Contains(body, "Materiell fra") {
		t.Error("the document page shows a restricted event to an outsider")
	}
	if list := outsider.Get("/dokumenter?arrangement=" + ev); strings.Contains(list.Body, `href="`+doc+`"`) || strings.Contains(list.Body, "Direktørforum: strategisamling") {
		t.Error("the list filtered by a restricted event shows it to an outsider")
	}
	// An outsider cannot tie a document to it either.
	res := outsider.Do(uploadRequest(t, "/dokumenter", url.Values{"title": {"Forsøk"}, "event": {ev}}, "f.txt", strings.NewReader("forsøk\n")))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Velg et av arrangementene i listen.") {
		t.Errorf("tie to an event the uploader may not see: status %d, want 422 with a message", res.StatusCode)
	}
	// Editing as an admin of the owning company who cannot see the event keeps the tie.
	admin := newClient(t).Login("admin@fimil.example")
	if res := admin.PostForm(doc+"/rediger", url.Values{"title": {"Nytt navn på vedlegget"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit by the company admin: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	if n := queryInt(t, `SELECT count(*) FROM documents WHERE id = $1 AND event_id = $2`, strings.TrimPrefix(doc, "/dokumenter/"), ev); n != 1 {
		t.Error("an edit by someone who cannot see the event removed the tie")
	}
}

func TestTiesAreValidated(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	draft := testEvent(t, "Utkast til samling", "status = 'draft'")
	cases := []struct {
		field, value, message string
	}{
		{"event", "999999999", "Velg et av arrangementene i listen."},
		{"event", draft, "Velg et av arrangementene i listen."},
		{"event", "abc", "Velg et av valgene i listen."},
		{"consultation", "999999999", "Velg en av høringene i listen."},
		{"thread", "https://example.com/noe/annet", "Lim inn adressen til en forumtråd"},
		{"thread", "/forum/generelt/999999999", "Lim inn adressen til en forumtråd"},
		{"thread", "/forum/x/1\x01", "kontrolltegn"}, // a NUL never gets here: refuseUnreadableForms
		{"thread", strings.Repeat("1", 501), "500"},
	}
	before := documentCount(t)
	for _, tc := range cases {
		res := c.Do(uploadRequest(t, "/dokumenter", url.Values{"title": {"Med ugyldig kobling"}, tc.field: {tc.value}}, "f.txt", strings.NewReader("x "+tc.field+"\n")))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(res.Body), tc.message) {
			t.Errorf("%s=%.40q: status %d, want 422 with %q\n%s", tc.field, tc.value, res.StatusCode, tc.message, mainOf(res.Body))
		}
	}
	if documentCount(t) != before {
		t.Error("a document with an invalid tie was stored")
	}

	// A thread in a group's forum is not one an outsider may tie to.
	director := newClient(t).Login("direktor@fimil.example")
	closed := startThread(t, director, "direktorforum", "Lukket tråd med vedlegg", "Innlegg.")
	res := c.Do(uploadRequest(t, "/dokumenter", url.Values{"title": {"Til lukket tråd"}, "thread": {closed}}, "f.txt", strings.NewReader("lukket\n")))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("tie to a thread in a forum the uploader may not see: status %d, want 422", res.StatusCode)
	}
}

func TestThreadAndConsultationPagesShowTheirDocuments(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	thread := startThread(t, c, "generelt", "Tråd med vedlegg", "Se vedlegget.")
	consultation := addConsultation(t, "Høring med vedlegg", "open", "5 days", "")
	cPath := consultationPath(consultation)

	// The thread by its full address, by its path and by its number.
	tid := idStr(threadIDOf(t, thread))
	byURL := linkedUpload(t, c, "Vedlegg via adresse", url.Values{"thread": {"https://portal.example" + thread + "?fra=1"}, "consultation": {idStr(consultation)}})
	byID := linkedUpload(t, c, "Vedlegg via nummer", url.Values{"thread": {tid}})

	other := newClient(t).Login("ansatt@haf.example")
	page := other.Get(thread)
	if !strings.Contains(page.Body, `href="`+byURL+`"`) || !strings.Contains(page.Body, `href="`+byID+`"`) {
		t.Error("the thread page does not list its documents")
	}
	if !strings.Contains(page.Body, `href="/dokumenter/ny?trad=`+tid+`"`) {
		t.Error("the thread page does not offer to upload a document to it")
	}
	page = other.Get(cPath)
	if !strings.Contains(page.Body, `href="`+byURL+`"`) || strings.Contains(page.Body, `href="`+byID+`"`) {
		t.Error("the consultation page does not list exactly its documents")
	}
	if body := other.Get(byURL).Body; !strings.Contains(body, `href="`+thread+`"`) || !strings.Contains(body, `href="`+cPath+`"`) {
		t.Error("the document page does not link its thread and consultation")
	}
	edit := c.Get(byURL + "/rediger").Body
	if !strings.Contains(edit, `value="`+thread+`"`) || !strings.Contains(edit, `<option value="`+idStr(consultation)+`" selected>`) {
		t.Error("the edit form does not show the ties")
	}
	// Removing the ties in the edit form.
	if res := c.PostForm(byURL+"/rediger", url.Values{"title": {"Vedlegg via adresse"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: status %d", res.StatusCode)
	}
	if strings.Contains(other.Get(cPath).Body, `href="`+byURL+`"`) || strings.Contains(other.Get(thread).Body, `href="`+byURL+`"`) {
		t.Error("a document whose ties were removed is still listed")
	}
}

func TestForumPostLinksADocumentByReference(t *testing.T) {
	member := newClient(t).Login("ansatt@haf.example")
	open := linkedUpload(t, member, `Rutine <b>for</b> "sortering" & merking`, nil)
	openID := strings.TrimPrefix(open, "/dokumenter/")
	closed := restrictedDocument(t, "Hemmelig referat fra direktørene")
	closedID := strings.TrimPrefix(closed, "/dokumenter/")

	if help := member.Get("/forum/generelt/ny").Body; !strings.Contains(help, "[[dok:123]]") {
		t.Error("the forum's help text does not explain the document reference")
	}
	thread := startThread(t, member, "generelt", "Tråd med dokumentreferanser",
		"Les [[dok:"+openID+"]] og [[dok:"+closedID+"]] og [[dok:999999999]], men ikke `[[dok:"+openID+"]]`.")
	body := newClient(t).Login("ansatt@las.example").Get(thread).Body
	want := `<a href="/dokumenter/` + openID + `" rel="nofollow noopener">Rutine &lt;b&gt;for&lt;/b&gt; &#34;sortering&#34; &amp; merking</a>`
	if !strings.Contains(body, want) {
		t.Errorf("the reference to a visible document is not a link with its escaped title; post:\n%s", mainOf(body))
	}
	if strings.Contains(body, "<b>for</b>") {
		t.Error("the document's title was injected as HTML")
	}
	if !strings.Contains(body, "[[dok:"+closedID+"]]") || strings.Contains(body, `href="/dokumenter/`+closedID+`"`) || strings.Contains(body, "Hemmelig referat") {
		t.Error("a reference to a document the author may not see is not left as text")
	}
	if !strings.Contains(body, "[[dok:999999999]]") || !strings.Contains(body, "<code>[[dok:"+openID+"]]</code>") {
		t.Error("a reference to a missing document, or in code, is not left as written")
	}

	// The reference is resolved for the author: a member of the group gets the link.
	director := newClient(t).Login("direktor@fimil.example")
	res := replyTo(t, director, thread, "Se også [[dok:"+closedID+"]].")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1 AND body_html LIKE '%href="/dokumenter/`+closedID+`"%Hemmelig referat fra direktørene%'`, threadIDOf(t, thread)); n != 1 {
		t.Error("a reference by an author who may see the document is not a link")
	}
	// An edit resolves references too.
	if res := member.PostForm(thread+"/innlegg/1/rediger", url.Values{"body": {"Bare [[dok:" + openID + "]] nå."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1 AND seq = 1 AND body_html LIKE '%href="/dokumenter/`+openID+`"%'`, threadIDOf(t, thread)); n != 1 {
		t.Error("an edited post does not link the document")
	}
}
