package mail

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"
	"time"
)

func TestCalendarAttachment(t *testing.T) {
	from := &netmail.Address{Name: "Klyngeportalen", Address: "noreply@klynge.example"}
	cal := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Plukkanalyse i Bodø\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	data, err := buildMIME(from, outgoing{ID: 3, To: "a@b.example", Subject: "Du er påmeldt", Body: "Velkommen æøå", Calendar: cal, CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/mixed" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	text, err := r.NextPart() // quoted-printable is decoded by the reader
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(text); !strings.Contains(string(b), "Velkommen æøå") {
		t.Errorf("text part %q", b)
	}
	att, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	if ct := att.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") || att.FileName() != "arrangement.ics" {
		t.Errorf("attachment %q %q", ct, att.FileName())
	}
	raw, _ := io.ReadAll(att)
	dec, err := io.ReadAll(base64Decoder(raw))
	if err != nil || string(dec) != cal {
		t.Errorf("attachment body %q (%v)", dec, err)
	}
	if _, err := r.NextPart(); err != io.EOF {
		t.Errorf("more parts than two: %v", err)
	}
	for _, l := range strings.Split(string(data), "\r\n") {
		if len(l) > 998 {
			t.Errorf("line of %d octets", len(l))
		}
	}
	if _, err := normalize(Message{To: "a@b.example", Subject: "x", Body: "y", Calendar: "not a calendar"}); err == nil {
		t.Error("a calendar that is not one is accepted")
	}
}

func base64Decoder(raw []byte) io.Reader {
	return base64.NewDecoder(base64.StdEncoding, bytes.NewReader(bytes.ReplaceAll(raw, []byte("\r\n"), nil)))
}
