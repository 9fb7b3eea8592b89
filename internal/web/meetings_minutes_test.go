package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// meetingWithCase adds a meeting of group in `in` with one decision case (published) and
// returns the meeting's and the case's ids.
func meetingWithCase(t *testing.T, group, title, in string) (int64, int64) {
	t.Helper()
	id := addMeeting(t, group, title, in, 60)
	admin := newClient(t).Login("klyngeleder@remiks.example")
	if res := admin.PostForm(meetingPath(id)+"/saker/ny", url.Values{"kind": {"vedtak"}, "title": {title + ": saken"}, "focus_area": {"1"},
		"proposal": {"Forslag om " + title}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new case: status %d", res.StatusCode)
	}
	return id, queryInt(t, `SELECT id FROM meeting_cases WHERE meeting_id = $1`, id)
}

func minutesForm(caseID int64, discussion, decision string) url.Values {
	return url.Values{"discussion-" + idStr(caseID): {discussion}, "decision-" + idStr(caseID): {decision}}
}

func TestApprovedMinutesAreLockedAndEditsRefused(t *testing.T) {
	id, caseID := meetingWithCase(t, "styringsgruppen", "Protokolltest", "-1 day")
	admin := newClient(t).Login("klyngeleder@remiks.example") // the meeting's leader
	hrs := newClient(t).Login("direktor@hrs.example")
	iris := newClient(t).Login("direktor@iris-salten.example")
	execSQL(t, `INSERT INTO meeting_attendance (meeting_id, user_id, answer) SELECT $1, id, 'kommer' FROM users WHERE email = 'direktor@hrs.example'`, id)

	// Nothing to approve before the minutes are written.
	if res := admin.PostForm(meetingPath(id)+"/godkjenn", nil); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Referatet er ikke skrevet ennå.") {
		t.Errorf("approving empty minutes: status %d", res.StatusCode)
	}
	if res := admin.PostForm(meetingPath(id)+"/referat", minutesForm(caseID, "Godt drøftet.", "Styringsgruppen vedtok forslaget.")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save minutes: status %d", res.StatusCode)
	}
	// A member who manages nothing cannot write the minutes.
	if res := hrs.PostForm(meetingPath(id)+"/referat", minutesForm(caseID, "Kapret", "Kapret")); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member writing the minutes: status %d, want 403", res.StatusCode)
	}
	// Only the leader and members who came approve.
	if res := iris.PostForm(meetingPath(id)+"/godkjenn", nil); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "én deltaker som var til stede") {
		t.Errorf("approval by one who did not come: status %d", res.StatusCode)
	}
	if res := hrs.PostForm(meetingPath(id)+"/godkjenn", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("participant's approval: status %d", res.StatusCode)
	}
	if locked := queryInt(t, `SELECT count(*) FROM meetings WHERE id = $1 AND minutes_locked_at IS NOT NULL`, id); locked != 0 {
		t.Fatal("locked with one approval")
	}
	// An edit withdraws the approvals given to the earlier text.
	admin.PostForm(meetingPath(id)+"/referat", minutesForm(caseID, "Godt drøftet, med et tillegg.", "Styringsgruppen vedtok forslaget."))
	if n := queryInt(t, `SELECT count(*) FROM meeting_approvals WHERE meeting_id = $1`, id); n != 0 {
		t.Fatalf("%d approvals survived an edit", n)
	}
	hrs.PostForm(meetingPath(id)+"/godkjenn", nil)
	if res := hrs.PostForm(meetingPath(id)+"/godkjenn", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("approving twice: status %d", res.StatusCode)
	}
	if res := admin.PostForm(meetingPath(id)+"/godkjenn", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("leader's approval: status %d", res.StatusCode)
	}
	if locked := queryInt(t, `SELECT count(*) FROM meetings WHERE id = $1 AND minutes_locked_at IS NOT NULL`, id); locked != 1 {
		t.Fatal("not locked after the leader's and a participant's approval")
	}
	// Locked: every edit is refused with 409 and the Norwegian reason, and nothing changes.
	for what, res := range map[string]func() (int, string){
		"minutes": func() (int, string) {
			r := admin.PostForm(meetingPath(id)+"/referat", minutesForm(caseID, "Endret i ettertid", "Endret vedtak"))
			return r.StatusCode, r.Body
		},
		"case": func() (int, string) {
			r := admin.PostForm(meetingPath(id)+"/saker/"+idStr(caseID), url.Values{"kind": {"vedtak"}, "title": {"Endret i ettertid"}})
			return r.StatusCode, r.Body
		},
		"new case": func() (int, string) {
			r := admin.PostForm(meetingPath(id)+"/saker/ny", url.Values{"kind": {"vedtak"}, "title": {"Ny i ettertid"}})
			return r.StatusCode, r.Body
		},
		"minutes page": func() (int, string) { r := admin.Get(meetingPath(id) + "/referat"); return r.StatusCode, r.Body },
	} {
		status, body := res()
		if status != http.StatusConflict || !strings.Contains(body, "Protokollen er godkjent og låst.") {
			t.Errorf("%s after the lock: status %d, want 409 with the reason", what, status)
		}
	}
	if d := queryString(t, `SELECT discussion_md || '|' || decision_md || '|' || title FROM meeting_cases WHERE id = $1`, caseID); d != "Godt drøftet, med et tillegg.|Styringsgruppen vedtok forslaget.|Protokolltest: saken" {
		t.Errorf("the locked minutes changed: %q", d)
	}
	// The printable protocol: who came, the decision, the approvals with their time.
	p := hrs.Get(meetingPath(id) + "/protokoll")
	hrsName := queryString(t, `SELECT name FROM users WHERE email = 'direktor@hrs.example'`)
	for _, want := range []string{"Protokoll: Styringsgruppen", "Godt drøftet, med et tillegg.", "Styringsgruppen vedtok forslaget.", "Vedtak",
		"Godkjent av " + hrsName, "(møteleder)", " kl. ", hrsName + " (Hålogaland Ressursselskap IKS)"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("the protocol lacks %q", want)
		}
	}
	if strings.Contains(p.Body, "Utkast – ikke godkjent") {
		t.Error("the approved protocol is marked as a draft")
	}
}

func TestOnlyTheLeaderAndParticipantsAreOfferedTheApproval(t *testing.T) {
	id, caseID := meetingWithCase(t, "direktorforum", "Godkjenningsknapp", "-1 day")
	admin := newClient(t).Login("klyngeleder@remiks.example")
	admin.PostForm(meetingPath(id)+"/referat", minutesForm(caseID, "Drøftet.", "Vedtatt."))
	execSQL(t, `INSERT INTO meeting_attendance (meeting_id, user_id, answer) SELECT $1, id, 'kommer' FROM users WHERE email = 'direktor@haf.example'`, id)
	const button = `action="/moter/` // the approval form posts to /moter/{id}/godkjenn
	offered := func(email string) bool {
		return strings.Contains(newClient(t).Login(email).Get(meetingPath(id)).Body, button+idStr(id)+`/godkjenn"`)
	}
	if !offered("klyngeleder@remiks.example") || !offered("direktor@haf.example") {
		t.Error("the leader or a participant is not offered the approval")
	}
	if offered("direktor@fimil.example") {
		t.Error("a member who did not come is offered the approval")
	}
	newClient(t).Login("direktor@haf.example").PostForm(meetingPath(id)+"/godkjenn", nil)
	if offered("direktor@haf.example") {
		t.Error("the approval is offered again after approving")
	}
}
