package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// Siste, Uleste and Mine tråder list threads across the forums one may see; the forum index
// shows each forum's newest thread and whether it is unread.
func TestForumViewsAcrossForums(t *testing.T) {
	me := newClient(t).Login("ansatt@vefas.example")
	other := newClient(t).Login("ansatt@hrs.example")
	director := newClient(t).Login("direktor@las.example")
	mine := startThread(t, me, "generelt", "Min tråd om returpunkter", "Start.")
	theirs := startThread(t, other, "innsamling-og-logistikk", "Deres tråd om ruteplan", "Start.")
	startThread(t, director, "direktorforum", "Direktørenes lukkede tråd", "Fortrolig.")

	latest := me.Get("/forum/siste")
	if latest.StatusCode != http.StatusOK || !strings.Contains(latest.Body, "Min tråd om returpunkter") || !strings.Contains(latest.Body, "Deres tråd om ruteplan") {
		t.Fatalf("Siste: status %d, want both open threads", latest.StatusCode)
	}
	if strings.Index(latest.Body, "Deres tråd om ruteplan") > strings.Index(latest.Body, "Min tråd om returpunkter") {
		t.Error("Siste is not newest first")
	}
	unread := me.Get("/forum/uleste")
	if !strings.Contains(unread.Body, "Deres tråd om ruteplan") || strings.Contains(unread.Body, "Min tråd om returpunkter") {
		t.Error("Uleste does not hold exactly the threads with posts I have not read")
	}
	me.Get(theirs)
	if strings.Contains(me.Get("/forum/uleste").Body, "Deres tråd om ruteplan") {
		t.Error("a thread read to the end stays in Uleste")
	}
	mineList := me.Get("/forum/mine")
	if !strings.Contains(mineList.Body, "Min tråd om returpunkter") || strings.Contains(mineList.Body, "Deres tråd om ruteplan") {
		t.Error("Mine tråder does not hold exactly my threads")
	}
	replyTo(t, me, theirs, "Mitt svar i deres tråd.")
	if !strings.Contains(me.Get("/forum/mine").Body, "Deres tråd om ruteplan") {
		t.Error("a thread I replied in is missing from Mine tråder")
	}
	for _, p := range []string{"/forum/siste", "/forum/uleste", "/forum/mine", "/forum"} {
		if res := me.Get(p); strings.Contains(res.Body, "Direktørenes lukkede tråd") {
			t.Errorf("%s shows a thread of a forum I may not see", p)
		}
	}
	if !strings.Contains(director.Get("/forum/siste").Body, "Direktørenes lukkede tråd") {
		t.Error("Siste misses a thread of the director's own forum")
	}
	if res := me.Get("/forum/siste?etter=tull"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a broken cursor: status %d, want 400", res.StatusCode)
	}
	// The index: each forum's newest thread with its unread marker.
	index := other.Get("/forum")
	at := strings.Index(index.Body, `href="`+mine+`"`)
	if at < 0 || !strings.Contains(index.Body[at:at+300], "Ulest") {
		t.Error("the index does not show the forum's newest thread marked unread for someone who has not read it")
	}
	if idx := me.Get("/forum"); !strings.Contains(idx.Body, `href="`+mine+`"`) {
		t.Error("the index does not show the forum's newest thread")
	}
}
