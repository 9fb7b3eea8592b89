package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"klyngeportalen/internal/documents"
)

// The composer comes right after the last post, before the documents and the notification
// settings, with a "Svar" link at the top and formatting help in plain words.
func TestComposerFollowsTheLastPost(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	thread := startThread(t, c, "generelt", "Hvor står svarfeltet?", "Første innlegg.")
	page := c.Get(thread)
	post, composer := strings.Index(page.Body, `id="innlegg-1"`), strings.Index(page.Body, `id="svar"`)
	materials, watch := strings.Index(page.Body, "Last opp dokument til tråden"), strings.Index(page.Body, `id="traad-varsel"`)
	if post < 0 || composer < post || materials < composer || watch < composer {
		t.Errorf("composer at %d, want after the last post (%d) and before the documents (%d) and the watch form (%d)", composer, post, materials, watch)
	}
	if !strings.Contains(page.Body, `<a class="ds-link" href="#svar">Svar</a>`) || strings.Index(page.Body, `href="#svar"`) > post {
		t.Error("no Svar link at the top jumping to the composer")
	}
	help := page.Body[composer:materials]
	for _, want := range []string{"Slik formaterer du teksten", "Forhåndsvis", "Lagre utkast", `enctype="multipart/form-data"`, `type="file"`} {
		if !strings.Contains(help, want) {
			t.Errorf("the composer lacks %q", want)
		}
	}
	if strings.Contains(help, "Markdown") {
		t.Error("the composer's help speaks of Markdown")
	}
	// On an earlier page of a long thread, the Svar link goes to the last page.
	execSQL(t, `INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
		SELECT $1::bigint, i, p.author_id, 'Svar', '<p>Svar</p>', 'svarlenke-' || $1::bigint || '-' || i
		FROM forum_posts p, generate_series(2, 60) i WHERE p.thread_id = $1::bigint AND p.seq = 1`, threadIDOf(t, thread))
	execSQL(t, `UPDATE forum_threads SET post_count = 60 WHERE id = $1`, threadIDOf(t, thread))
	first := c.Get(thread)
	if !strings.Contains(first.Body, `href="`+thread+`?fra=51#svar"`) || strings.Contains(first.Body, `id="svar"`) {
		t.Error("the first page of a long thread does not link Svar to the last page's composer")
	}
}

// Forhåndsvis renders on the server the way saving does, keeps the text as a draft and posts
// nothing; the draft comes back on return and goes when the reply is posted.
func TestPreviewAndDraft(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	thread := startThread(t, c, "generelt", "Utkast og forhåndsvisning", "Start.")
	id := threadIDOf(t, thread)
	key := formKey(t, c, thread)
	body := "Dette er **viktig** <script>alert(1)</script>"
	res := c.PostForm(thread+"/svar?handling=forhandsvis", url.Values{"body": {body}, "skjema": {key}})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "<strong>viktig</strong>") || strings.Contains(res.Body, "<script>alert") {
		t.Fatalf("preview: status %d, want the text rendered and sanitised", res.StatusCode)
	}
	if !strings.Contains(res.Body, "Forhåndsvisning") || !strings.Contains(res.Body, "Dette er **viktig**") {
		t.Error("the preview page does not show the preview and keep the typed text in the composer")
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1`, id); n != 1 {
		t.Errorf("%d posts after a preview, want 1", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_drafts WHERE thread_id = $1 AND body = $2`, id, body); n != 1 {
		t.Error("the preview did not keep the draft")
	}
	again := c.Get(thread)
	if !strings.Contains(again.Body, "Utkastet ditt fra") || !strings.Contains(again.Body, "Dette er **viktig**") {
		t.Error("the draft is not restored on return")
	}
	other := newClient(t).Login("ansatt@hrs.example")
	if strings.Contains(other.Get(thread).Body, "Dette er **viktig**") {
		t.Error("another person sees the draft")
	}
	save := c.PostForm(thread+"/svar?handling=utkast", url.Values{"body": {"Nytt utkast"}, "skjema": {key}})
	if save.StatusCode != http.StatusSeeOther || queryInt(t, `SELECT count(*) FROM forum_drafts WHERE thread_id = $1 AND body = 'Nytt utkast'`, id) != 1 {
		t.Fatalf("Lagre utkast: status %d", save.StatusCode)
	}
	if res := c.PostForm(thread+"/svar", url.Values{"body": {"Nytt utkast"}, "skjema": {key}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: status %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_drafts WHERE thread_id = $1`, id); n != 0 {
		t.Error("the draft is kept after the reply was posted")
	}
	if strings.Contains(c.Get(thread).Body, "Utkastet ditt fra") {
		t.Error("a posted draft still shows")
	}
}

// A draft or preview in a restricted forum is refused for someone outside it, also someone who
// lost access after saving one; their draft is not shown again.
func TestDraftRefusedWithoutAccess(t *testing.T) {
	email, uid := freshUser(t, "las", "member")
	groupID := queryInt(t, `SELECT id FROM groups WHERE slug = 'direktorforum'`)
	execSQL(t, `INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)`, groupID, uid)
	c := newClient(t).Login(email)
	thread := startThread(t, c, "direktorforum", "Lukket utkast", "Start.")
	id := threadIDOf(t, thread)
	key := formKey(t, c, thread)
	if res := c.PostForm(thread+"/svar?handling=utkast", url.Values{"body": {"Hemmelig utkast"}, "skjema": {key}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("member's draft: status %d", res.StatusCode)
	}
	outsider := newClient(t).Login("ansatt@hrs.example")
	for _, h := range []string{"forhandsvis", "utkast"} {
		if res := outsider.PostForm(thread+"/svar?handling="+h, url.Values{"body": {"Snoking"}, "skjema": {key}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("outsider %s: status %d, want 404", h, res.StatusCode)
		}
	}
	execSQL(t, `DELETE FROM group_members WHERE user_id = $1`, uid)
	for _, h := range []string{"forhandsvis", "utkast"} {
		if res := c.PostForm(thread+"/svar?handling="+h, url.Values{"body": {"Etter at jeg gikk ut"}, "skjema": {key}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("former member %s: status %d, want 404", h, res.StatusCode)
		}
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_drafts WHERE thread_id = $1 AND body <> 'Hemmelig utkast'`, id); n != 0 {
		t.Errorf("%d drafts saved by people without access", n)
	}
	if res := c.Get(thread); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, "Hemmelig utkast") {
		t.Errorf("former member sees the thread or the draft: status %d", res.StatusCode)
	}
}

var documentLink = regexp.MustCompile(`href="/dokumenter/(\d+)">notat-om-hansker</a>`)

// Files attached in the composer go into the kunnskapsbank with the thread's access rule and
// show under the post; a file too large gives the composer back with the typed text (413).
func TestAttachmentsInTheComposer(t *testing.T) {
	c := newClient(t).Login("direktor@las.example")
	thread := startThread(t, c, "direktorforum", "Vedlegg i lukket forum", "Start.")
	id := threadIDOf(t, thread)
	key := formKey(t, c, thread)
	res := c.Do(uploadRequest(t, thread+"/svar", url.Values{"body": {"Se vedlagte notat."}, "skjema": {key}}, "notat-om-hansker.txt",
		strings.NewReader("Hansker av nitril holder lenger enn lateks.\n")))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply with a file: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	if n := queryInt(t, `SELECT count(*) FROM documents d JOIN groups g ON g.id = d.group_id
		WHERE d.thread_id = $1 AND g.slug = 'direktorforum' AND d.title = 'notat-om-hansker'`, id); n != 1 {
		t.Fatal("the attachment is not a document tied to the thread and restricted to the forum's group")
	}
	page := c.Get(thread)
	m := documentLink.FindStringSubmatch(page.Body)
	if m == nil || !strings.Contains(page.Body, "Vedlegg") {
		t.Fatal("the attachment is not shown under the post")
	}
	outsider := newClient(t).Login("ansatt@las.example")
	if res := outsider.Get("/dokumenter/" + m[1]); res.StatusCode != http.StatusNotFound {
		t.Errorf("an outsider of the forum opens the attachment: status %d", res.StatusCode)
	}
	if res := outsider.Get("/dokumenter?q=hansker"); strings.Contains(res.Body, "notat-om-hansker") {
		t.Error("an outsider finds the attachment in the kunnskapsbank")
	}

	// Too large: 413, the text is kept, nothing is posted.
	key = formKey(t, c, thread)
	big := c.Do(uploadRequest(t, thread+"/svar", url.Values{"body": {"Teksten jeg skrev før filen"}, "skjema": {key}}, "stor.pdf",
		newRandomPDF(documents.MaxFileSize+1<<20, 7)))
	if big.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(big.Body, "Teksten jeg skrev før filen") || !strings.Contains(big.Body, "større enn 25 MB") {
		t.Errorf("too large a file: status %d, want 413 with the typed text and the reason", big.StatusCode)
	}
	// A refused type: 422 with the text.
	bad := c.Do(uploadRequest(t, thread+"/svar", url.Values{"body": {"Et program"}, "skjema": {key}}, "program.exe", strings.NewReader("MZ\x90\x00\x03binary")))
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Et program") {
		t.Errorf("a refused file type: status %d, want 422 with the typed text", bad.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM forum_posts WHERE thread_id = $1`, id); n != 2 {
		t.Errorf("%d posts, want 2", n)
	}
}
