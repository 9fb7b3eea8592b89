package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// renameFor renames a table or column for the rest of the test, to make a store's query fail as
// a broken database would.
func renameFor(t *testing.T, do, undo string) {
	t.Helper()
	execSQL(t, do)
	t.Cleanup(func() { execSQL(t, undo) })
}

// TestFailedQueryInTheDocumentFormIsNoFieldMessage: a lookup that fails while the form is
// checked is a server error, not "Velg et av arrangementene i listen".
func TestFailedQueryInTheDocumentFormIsNoFieldMessage(t *testing.T) {
	c := newClient(t).Login("klyngeleder@remiks.example")
	renameFor(t, `ALTER TABLE events RENAME TO events_away`, `ALTER TABLE events_away RENAME TO events`)
	res := c.Do(uploadRequest(t, "/dokumenter", url.Values{"title": {"Med arrangement"}, "event": {"1"}}, "notat.txt", bytes.NewReader([]byte("Et notat."))))
	if res.StatusCode != http.StatusInternalServerError || strings.Contains(res.Body, "Velg et av arrangementene") {
		t.Errorf("status %d, want 500 without a field message\n%s", res.StatusCode, mainOf(res.Body))
	}
}

// TestFailedQueryOnAnIndicatorReportIsNo404: the report's company lookup failing is a server
// error; only a company that is not there is 404.
func TestFailedQueryOnAnIndicatorReportIsNo404(t *testing.T) {
	c := newClient(t).Login("admin@iris-salten.example")
	if res := c.Get("/nokkeltall/rapporter/finnes-ikke/2025"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a company that is not there: status %d, want 404", res.StatusCode)
	}
	renameFor(t, `ALTER TABLE companies RENAME COLUMN short_name TO short_name_away`, `ALTER TABLE companies RENAME COLUMN short_name_away TO short_name`)
	if res := c.Get("/varsler"); res.StatusCode != http.StatusOK {
		t.Fatalf("the notifications page (no short names) fails too: %d", res.StatusCode)
	}
	if res := c.Get("/nokkeltall/rapporter/iris-salten/2025"); res.StatusCode != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", res.StatusCode)
	}
}
