package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/documents"
)

// restrictedDocument uploads a document for the direktørforum only and returns its address.
func restrictedDocument(t *testing.T, title string) string {
	t.Helper()
	c := newClient(t).Login("direktor@fimil.example")
	group := idStr(queryInt(t, `SELECT id FROM groups WHERE slug = 'direktorforum'`))
	res := c.Do(uploadRequest(t, "/dokumenter", url.Values{"title": {title}, "tags": {"hemmelig"}, "group": {group}}, "referat.txt",
		strings.NewReader("Referat "+title+"\n")))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restricted upload: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	return res.Header.Get("Location")
}

func TestRestrictedDocumentIsInvisibleToOutsiders(t *testing.T) {
	loc := restrictedDocument(t, "Lukket strategireferat")
	outsider := newClient(t).Login("ansatt@fimil.example")
	for _, p := range []string{loc, loc + "/last-ned", loc + "/versjoner/1/last-ned", loc + "/rediger"} {
		if res := outsider.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("outsider GET %s: status %d, want 404", p, res.StatusCode)
		}
	}
	for _, p := range []string{loc + "/slett", loc + "/versjoner"} {
		if res := outsider.PostForm(p, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("outsider POST %s: status %d, want 404", p, res.StatusCode)
		}
	}
	for _, p := range []string{"/dokumenter", "/dokumenter?q=strategireferat", "/dokumenter?tagg=hemmelig", "/dokumenter?sortering=tittel", "/dokumenter?selskap=fimil"} {
		if res := outsider.Get(p); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "Lukket strategireferat") {
			t.Errorf("outsider GET %s: status %d, or the restricted document is listed", p, res.StatusCode)
		}
	}
	for _, email := range []string{"direktor@vefas.example", "klyngeleder@remiks.example"} {
		insider := newClient(t).Login(email)
		if res := insider.Get("/dokumenter?q=strategireferat"); !strings.Contains(res.Body, `href="`+loc+`"`) {
			t.Errorf("%s does not find the direktørforum document", email)
		}
		if res := insider.Get(loc + "/last-ned"); res.StatusCode != http.StatusOK || res.Body != "Referat Lukket strategireferat\n" {
			t.Errorf("%s: download status %d", email, res.StatusCode)
		}
	}
}

func TestOnlyTheOwnerSideChangesADocument(t *testing.T) {
	owner := newClient(t).Login("ansatt@haf.example")
	loc := uploaded(t, owner, "Rutine for mottak av farlig avfall", "rutine.txt", []byte("Versjon 1\n"))
	id := strings.TrimPrefix(loc, "/dokumenter/")

	other := newClient(t).Login("admin@senja-avfall.example")
	if res := other.Get(loc); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "Last opp ny versjon") || strings.Contains(res.Body, "Slett dokumentet") {
		t.Errorf("another company's admin: status %d, or is offered the owner's actions", res.StatusCode)
	}
	if res := other.Do(uploadRequest(t, loc+"/versjoner", nil, "rutine.txt", strings.NewReader("Fremmed versjon\n"))); res.StatusCode != http.StatusForbidden {
		t.Errorf("another company's admin adds a version: status %d, want 403", res.StatusCode)
	}
	if res := other.PostForm(loc+"/slett", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("another company's admin deletes: status %d, want 403", res.StatusCode)
	}
	if res := other.PostForm(loc+"/rediger", url.Values{"title": {"Kapret"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("another company's admin edits: status %d, want 403", res.StatusCode)
	}
	if n := queryInt(t, `SELECT versions FROM documents WHERE id = $1 AND deleted_at IS NULL AND title = 'Rutine for mottak av farlig avfall'`, id); n != 1 {
		t.Errorf("the document changed: %d versions", n)
	}

	// A colleague of the same company who is not an admin may not either; the company's admin may.
	colleague := newClient(t).Login("direktor@haf.example")
	if res := colleague.PostForm(loc+"/rediger", url.Values{"title": {"Kapret"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a colleague edits: status %d, want 403", res.StatusCode)
	}
	admin := newClient(t).Login("admin@haf.example")
	res := admin.PostForm(loc+"/rediger", url.Values{"title": {"Rutine for farlig avfall"}, "tags": {"Farlig avfall, rutine"}, "company": {idStr(queryInt(t, `SELECT id FROM companies WHERE slug = 'senja-avfall'`))}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the company admin edits: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	if n := queryInt(t, `SELECT count(*) FROM documents d JOIN companies c ON c.id = d.company_id
		WHERE d.id = $1 AND d.title = 'Rutine for farlig avfall' AND d.tags = '{farlig avfall,rutine}' AND c.slug = 'haf'`, id); n != 1 {
		t.Error("the edit was not saved as typed, or a company admin moved the document to another company")
	}
	if n := queryInt(t, `SELECT count(*) FROM audit_log WHERE target_type = 'document' AND target_id = $1 AND action IN ('document.create', 'document.update')`, id); n != 2 {
		t.Errorf("%d audit entries for create and update, want 2", n)
	}
}

func TestNewVersionKeepsTheOldOneDownloadable(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	loc := uploaded(t, c, "Sorteringsguide", "guide.txt", []byte("Første utgave\n"))
	res := c.Do(uploadRequest(t, loc+"/versjoner", url.Values{"note": {"Rettet skrivefeil"}}, "guide.txt", strings.NewReader("Andre utgave\n")))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new version: status %d\n%s", res.StatusCode, mainOf(res.Body))
	}
	same := c.Do(uploadRequest(t, loc+"/versjoner", nil, "guide.txt", strings.NewReader("Andre utgave\n")))
	if same.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(same.Body, "lik den gjeldende versjonen") {
		t.Errorf("the same file again as a version: status %d", same.StatusCode)
	}
	for path, want := range map[string]string{loc + "/last-ned": "Andre utgave\n", loc + "/versjoner/2/last-ned": "Andre utgave\n", loc + "/versjoner/1/last-ned": "Første utgave\n"} {
		if res := c.Get(path); res.StatusCode != http.StatusOK || res.Body != want {
			t.Errorf("GET %s: status %d, body %q, want %q", path, res.StatusCode, res.Body, want)
		}
	}
	if res := c.Get(loc + "/versjoner/3/last-ned"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a version that does not exist: status %d", res.StatusCode)
	}
	page := c.Get(loc)
	for _, want := range []string{"Versjoner (2)", "Rettet skrivefeil", loc + "/versjoner/1/last-ned"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the document page lacks %q", want)
		}
	}
}

func TestDuplicateFileIsDetected(t *testing.T) {
	c := newClient(t).Login("ansatt@remiks.example")
	content := []byte("Innkjøpsavtale for beholdere, unik tekst 7f3a\n")
	first := uploaded(t, c, "Innkjøpsavtale", "avtale.txt", content)
	res := upload(t, newClient(t).Login("ansatt@iris-salten.example"), "Samme avtale", "kopi.txt", content)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "allerede lastet opp som «Innkjøpsavtale»") {
		t.Errorf("duplicate: status %d, want 422 naming the first upload", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM document_blobs b JOIN document_versions v ON v.blob_id = b.id WHERE v.document_id = $1`, strings.TrimPrefix(first, "/dokumenter/")); n != 1 {
		t.Errorf("blob rows %d", n)
	}
	// The same bytes in a document the uploader cannot see are stored once, and not revealed.
	restricted := restrictedDocument(t, "Skjult avtale")
	secret := newClient(t).Login("direktor@fimil.example").Get(restricted + "/last-ned").Body
	res = upload(t, newClient(t).Login("ansatt@las.example"), "Min avtale", "min.txt", []byte(secret))
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("the same bytes as an invisible document: status %d, want a normal upload\n%s", res.StatusCode, mainOf(res.Body))
	}
	if n := queryInt(t, `SELECT count(*) FROM document_blobs WHERE sha256 = (SELECT b.sha256 FROM document_blobs b JOIN document_versions v ON v.blob_id = b.id WHERE v.document_id = $1)`, strings.TrimPrefix(restricted, "/dokumenter/")); n != 1 {
		t.Errorf("%d blobs with the same SHA-256, want 1", n)
	}
}

func TestDeletedDocumentCanBeRestoredByClusterAdmins(t *testing.T) {
	c := newClient(t).Login("ansatt@avfallsservice.example")
	loc := uploaded(t, c, "Kompostrapport", "kompost.txt", []byte("Kompost i Skibotn\n"))
	id := strings.TrimPrefix(loc, "/dokumenter/")
	if res := c.PostForm(loc+"/slett", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: status %d", res.StatusCode)
	}
	for _, p := range []string{loc, loc + "/last-ned"} {
		if res := c.Get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s after delete: status %d", p, res.StatusCode)
		}
	}
	// The list shows the deletion's flash, which names the title; the document itself is not linked.
	if res := c.Get("/dokumenter?q=kompostrapport"); strings.Contains(res.Body, `href="`+loc+`"`) || !strings.Contains(res.Body, "er slettet") {
		t.Error("a deleted document is listed, or the deletion is not confirmed")
	}
	if res := c.PostForm(loc+"/gjenopprett", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("the uploader restores: status %d, want 403", res.StatusCode)
	}
	if res := c.Get("/dokumenter/slettet"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member sees the deleted list: status %d", res.StatusCode)
	}
	admin := newClient(t).Login("klyngeleder@remiks.example")
	if res := admin.Get("/dokumenter/slettet"); !strings.Contains(res.Body, "Kompostrapport") {
		t.Error("the deleted list lacks the document")
	}
	if res := admin.PostForm(loc+"/gjenopprett", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: status %d", res.StatusCode)
	}
	if res := c.Get(loc + "/last-ned"); res.StatusCode != http.StatusOK || res.Body != "Kompost i Skibotn\n" {
		t.Errorf("after restore: status %d", res.StatusCode)
	}
	// Past the restore period it is gone for good, for the admin too.
	c.PostForm(loc+"/slett", nil)
	execSQL(t, `UPDATE documents SET deleted_at = now() - interval '31 days' WHERE id = $1`, id)
	if res := admin.PostForm(loc+"/gjenopprett", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("restore after 31 days: status %d, want 404", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM audit_log WHERE target_type = 'document' AND target_id = $1 AND action IN ('document.delete', 'document.restore')`, id); n != 3 {
		t.Errorf("%d audit entries for delete, restore, delete; want 3", n)
	}

	// Then the purge removes it and its bytes.
	blob := queryInt(t, `SELECT blob_id FROM document_versions WHERE document_id = $1`, id)
	if _, err := documents.Purge(context.Background(), dbtest.Pool(t)); err != nil {
		t.Fatal(err)
	}
	if n := queryInt(t, `SELECT (SELECT count(*) FROM documents WHERE id = $1) + (SELECT count(*) FROM document_chunks WHERE blob_id = $2)`, id, blob); n != 0 {
		t.Errorf("after the purge %d rows of the document and its file remain", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM documents WHERE deleted_at IS NULL`); n < 5 {
		t.Errorf("the purge took living documents: %d left", n)
	}
}

func TestOnlyTheUploadRoutesTakeLargeBodies(t *testing.T) {
	c := newClient(t).Login("klyngeleder@remiks.example")
	big := url.Values{"title": {strings.Repeat("x", 2<<20)}}
	if res := c.PostForm("/dokumenter/1/rediger", big); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB form to the edit route: status %d, want 413", res.StatusCode)
	}
	if res := c.PostForm("/dokumenter/1/slett", big); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB form to the delete route: status %d, want 413", res.StatusCode)
	}
}
