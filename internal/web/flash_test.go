package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/web/webtest"
)

// sessionData is the stored session of userID, who has one.
func sessionData(t *testing.T, userID int64) []byte {
	t.Helper()
	var data []byte
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT data FROM sessions WHERE user_id = $1`, userID).Scan(&data); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestFlashIsShownOnceWithoutWritingTheSession(t *testing.T) {
	email, id := freshUser(t, "las", "member")
	c := newClient(t).Login(email)
	c.Get("/meg")
	before := sessionData(t, id)
	res := c.PostForm("/meg", url.Values{"name": {"Flash Testesen"}, "title": {"Rådgiver"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d", res.StatusCode)
	}
	page := c.Get("/meg")
	if !strings.Contains(page.Body, "Profilen er lagret.") {
		t.Fatal("the page after the post does not show its message")
	}
	if again := c.Get("/meg"); strings.Contains(again.Body, "Profilen er lagret.") {
		t.Fatal("the message is shown a second time")
	}
	if after := sessionData(t, id); !bytes.Equal(before, after) {
		t.Fatal("leaving or showing the message wrote the session")
	}
}

func TestFlashCookieThePortalCouldNotHaveWrittenIsIgnored(t *testing.T) {
	c := newClient(t).Login("ansatt@las.example")
	for _, v := range []string{
		base64.RawURLEncoding.EncodeToString([]byte("skummel|Ring 99999999 for å beholde kontoen")), // not a kind of message
		base64.RawURLEncoding.EncodeToString([]byte("success|" + strings.Repeat("x", 2000))),        // too long
		base64.RawURLEncoding.EncodeToString([]byte("success|a\x00b")),
		"%%%ikke-base64",
	} {
		req, _ := http.NewRequest(http.MethodGet, webtest.Origin+"/", nil)
		req.AddCookie(&http.Cookie{Name: "klynge_flash", Value: v})
		res := c.Do(req)
		if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "ds-alert\" data-color=\"skummel") || strings.Contains(res.Body, "xxxxxxxxxx") {
			t.Fatalf("cookie %.40q: status %d or shown", v, res.StatusCode)
		}
	}
	// A message is text: markup in it is shown, not run.
	req, _ := http.NewRequest(http.MethodGet, webtest.Origin+"/", nil)
	req.AddCookie(&http.Cookie{Name: "klynge_flash", Value: base64.RawURLEncoding.EncodeToString([]byte("info|<script>alert(1)</script>"))})
	if res := c.Do(req); strings.Contains(res.Body, "<script>alert(1)") || !strings.Contains(res.Body, "&lt;script&gt;alert(1)") {
		t.Fatal("the message was not escaped")
	}
}
