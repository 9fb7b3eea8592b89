package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

// eventID returns the id of the demo event with title.
func eventID(t *testing.T, title string) string {
	t.Helper()
	return idStr(queryInt(t, `SELECT id FROM events WHERE title = $1`, title))
}

// testEvent inserts a published event starting in ten days with the extra columns set, and
// removes it when the test ends.
func testEvent(t *testing.T, title, set string, args ...any) string {
	t.Helper()
	id := queryInt(t, `INSERT INTO events (title, kind, starts_at, ends_at, status, question)
		VALUES ($1, 'seminar', now() + interval '10 days', now() + interval '10 days 3 hours', 'published', 'Allergier?') RETURNING id`, title)
	if set != "" {
		execSQL(t, `UPDATE events SET `+set+` WHERE id = $1`, append([]any{id}, args...)...)
	}
	t.Cleanup(func() { execSQL(t, `DELETE FROM events WHERE id = $1`, id) })
	return idStr(id)
}

func regStatus(t *testing.T, event, email string) string {
	t.Helper()
	var s string
	err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT r.status FROM registrations r JOIN users u ON u.id = r.user_id
		WHERE r.event_id = $1 AND lower(u.email) = $2 AND r.status <> 'cancelled'`, event, email).Scan(&s)
	if err != nil {
		return "none"
	}
	return s
}

func TestEventListAndPage(t *testing.T) {
	c := newClient(t).Login("ansatt@vefas.example")
	res := c.Get("/arrangementer")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{"Workshop: plukkanalyser i praksis", "38 av 40 plasser igjen", "Fullt – 0 av 3 plasser igjen", "2 på venteliste"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	for _, hidden := range []string{"Direktørforum: strategisamling", "Avfall Nord 2027", "Nettverkssamling i Bodø"} {
		if strings.Contains(res.Body, hidden) {
			t.Errorf("the list shows %q to an employee", hidden)
		}
	}
	if res := c.Get("/arrangementer/tidligere"); !strings.Contains(res.Body, "Nettverkssamling i Bodø") {
		t.Error("past events lack the past demo event")
	}
	res = c.Get("/arrangementer/" + eventID(t, "Workshop: plukkanalyser i praksis"))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Meld meg på") || !strings.Contains(res.Body, "HAF") {
		t.Errorf("event page: status %d", res.StatusCode)
	}
	ics := c.Get("/arrangementer/" + eventID(t, "Workshop: plukkanalyser i praksis") + ".ics")
	if ics.StatusCode != http.StatusOK || !strings.HasPrefix(ics.Body, "BEGIN:VCALENDAR\r\n") {
		t.Errorf("ics: status %d %q", ics.StatusCode, ics.Body[:min(len(ics.Body), 40)])
	}
}
