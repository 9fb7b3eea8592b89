package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// The two writes of make bench are a few round trips each, however many follow the thread or
// are registered: a reply is the session, the thread, one statement (the post, its count, read
// state, notifications and mails of every follower) and the session's save; a registration is
// the session, the event, one batch of reads, one batch that locks the event and registers, and
// the session's save.
func TestWritesRunABoundedNumberOfQueries(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	thread := startThread(t, c, "ombruk-og-sirkularokonomi", "Tellende svar", "Hvor mange spørringer?")
	id := threadIDOf(t, thread)
	first := replyTo(t, c, thread, "Første svar.")
	// Every other member follows the thread: each gets a notification and a mail, in the same statement.
	execSQL(t, `INSERT INTO forum_thread_watches (user_id, thread_id, level)
		SELECT id, $1, 'watching' FROM users WHERE active AND password_hash IS NOT NULL AND kind = 'member' AND email <> 'ansatt@vefas.example'
		ON CONFLICT DO NOTHING`, id)
	followers := queryInt(t, `SELECT count(*) FROM forum_thread_watches w JOIN users u ON u.id = w.user_id WHERE w.thread_id = $1 AND u.email <> 'ansatt@vefas.example'`, id)
	execSQL(t, `DELETE FROM notification_settings WHERE user_id IN (SELECT user_id FROM forum_thread_watches WHERE thread_id = $1)`, id)
	execSQL(t, `DELETE FROM notification_choices WHERE user_id IN (SELECT user_id FROM forum_thread_watches WHERE thread_id = $1)`, id)
	second := replyTo(t, c, thread, "Andre svar.")
	if first.StatusCode != http.StatusSeeOther || second.StatusCode != http.StatusSeeOther {
		t.Fatalf("replies: status %d, %d", first.StatusCode, second.StatusCode)
	}
	if first.Queries != second.Queries || second.Queries > 4 {
		t.Errorf("a reply ran %d queries, then %d with %d followers; want equal and at most 4", first.Queries, second.Queries, followers)
	}
	if n := queryInt(t, `SELECT count(*) FROM notifications n JOIN forum_posts p ON p.id = n.post_id WHERE p.thread_id = $1 AND p.seq = 3`, id); n != followers || n < 30 {
		t.Errorf("%d notifications of the second reply, want one per follower (%d)", n, followers)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE subject = 'Nytt svar i «Tellende svar»' AND body LIKE 'Hei %,%Andre svar.%?fra=1#innlegg-3%Nord'`); n != followers {
		t.Errorf("%d mails of the second reply, want one per follower (%d)", n, followers)
	}

	ev := testEvent(t, "Tellende påmelding", "capacity = 1")
	execSQL(t, `INSERT INTO event_questions (event_id, position, kind, label, required, choices)
		VALUES ($1, 1, 'many', 'Hvilke økter?', true, '{Formiddag,Ettermiddag}'), ($1, 2, 'short', 'Allergier', false, '{}')`, ev)
	q := queryInt(t, `SELECT id FROM event_questions WHERE event_id = $1 AND position = 1`, ev)
	field := "q" + strconv.FormatInt(q, 10)
	answers := url.Values{field: {"Formiddag", "Ettermiddag"}}
	seat := newClient(t).Login("ansatt@las.example").PostForm("/arrangementer/"+ev+"/pamelding", answers)
	waiting := newClient(t).Login("ansatt@haf.example").PostForm("/arrangementer/"+ev+"/pamelding", answers)
	if seat.StatusCode != http.StatusSeeOther || waiting.StatusCode != http.StatusSeeOther {
		t.Fatalf("registrations: status %d, %d", seat.StatusCode, waiting.StatusCode)
	}
	if regStatus(t, ev, "ansatt@las.example") != "confirmed" || regStatus(t, ev, "ansatt@haf.example") != "waitlisted" {
		t.Fatal("the one seat did not go to the first, the second to the waitlist")
	}
	if seat.Queries != waiting.Queries || seat.Queries > 5 {
		t.Errorf("a registration ran %d queries, one on the waitlist %d; want equal and at most 5", seat.Queries, waiting.Queries)
	}
	if n := queryInt(t, `SELECT count(*) FROM registration_answers a JOIN registrations r ON r.id = a.registration_id
		WHERE r.event_id = $1 AND a.answer = '{Formiddag,Ettermiddag}'`, ev); n != 2 {
		t.Errorf("%d registrations kept the answers in order, want 2", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = 'ansatt@haf.example' AND subject = 'Du står på venteliste: Tellende påmelding'
		AND body LIKE '%står på ventelisten som nummer 1.%' AND calendar = ''`); n != 1 {
		t.Errorf("%d waitlist mails with the place in the line, want 1", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = 'ansatt@las.example' AND subject = 'Du er påmeldt: Tellende påmelding'
		AND calendar LIKE 'BEGIN:VCALENDAR%'`); n != 1 {
		t.Errorf("%d confirmations with the calendar, want 1", n)
	}
}
