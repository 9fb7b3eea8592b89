package mail

import (
	"errors"
	"mime"
	netmail "net/mail"
	"strings"
	"testing"
	"time"
)

func TestBuildMIMERefusesHeaderInjection(t *testing.T) {
	from := &netmail.Address{Address: "noreply@klyngeportalen.example"}
	ok := outgoing{ID: 1, To: "ola@iris-salten.example", Subject: "Hei", Body: "Tekst", CreatedAt: time.Now()}
	if _, err := buildMIME(from, ok); err != nil {
		t.Fatal(err)
	}
	for _, m := range []outgoing{
		{ID: 1, To: "ola@iris-salten.example", Subject: "Hei\r\nBcc: alle@example.no", Body: "x"},
		{ID: 1, To: "ola@iris-salten.example\r\nBcc: alle@example.no", Subject: "Hei", Body: "x"},
		{ID: 1, To: "Ola <ola@iris-salten.example>", Subject: "Hei", Body: "x"},
	} {
		if _, err := buildMIME(from, m); err == nil {
			t.Errorf("buildMIME accepted %q / %q", m.To, m.Subject)
		}
	}
}

func TestBuildMIMEFoldsLongSubjects(t *testing.T) {
	from := &netmail.Address{Name: "Klyngeportalen – Avfallsklynge Nord", Address: "noreply@klyngeportalen.example"}
	subject := strings.Repeat("ø", MaxSubjectLen)
	data, err := buildMIME(from, outgoing{ID: 7, To: "a@b.example", Subject: subject, Body: strings.Repeat("lang linje ", 50), CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line of %d characters: %q", len(line), line)
		}
	}
	m, err := netmail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil || got != subject {
		t.Errorf("folded subject decodes to %q, %v", got, err)
	}
}

func TestMessageIDIsStablePerRow(t *testing.T) {
	at := time.Date(2026, 6, 5, 9, 30, 0, 0, time.UTC)
	a := messageID("noreply@k.example", outgoing{ID: 1, To: "a@b.example", CreatedAt: at})
	if a != messageID("noreply@k.example", outgoing{ID: 1, To: "a@b.example", CreatedAt: at}) {
		t.Error("Message-ID differs between attempts")
	}
	if a == messageID("noreply@k.example", outgoing{ID: 2, To: "a@b.example", CreatedAt: at}) {
		t.Error("two rows share a Message-ID")
	}
}

func TestParseSMTPURL(t *testing.T) {
	good := map[string]server{
		"smtp://mail.example.no":              {addr: "mail.example.no:587", host: "mail.example.no"},
		"smtps://mail.example.no":             {addr: "mail.example.no:465", host: "mail.example.no", implicitTLS: true},
		"smtp://u%40x:p%3Aw@[::1]:2525/":      {addr: "[::1]:2525", host: "::1", user: "u@x", password: "p:w"},
		"smtps://apikey@smtp.example.no:4650": {addr: "smtp.example.no:4650", host: "smtp.example.no", implicitTLS: true, user: "apikey"},
	}
	for raw, want := range good {
		if got, err := parseSMTPURL(raw); err != nil || got != want {
			t.Errorf("parseSMTPURL(%q) = %+v, %v; want %+v", raw, got, err, want)
		}
	}
	for _, raw := range []string{
		"http://mail.example.no", "smtp://", "smtp://mail.example.no:0", "smtp://mail.example.no:x",
		"smtp://mail.example.no?insecure=1", "smtp://mail.example.no/path", "mail.example.no:25",
		"smtp://user:topphemmelig@mail example.no",
	} {
		_, err := parseSMTPURL(raw)
		if err == nil {
			t.Errorf("parseSMTPURL(%q) accepted", raw)
		} else if strings.Contains(err.Error(), "topphemmelig") {
			t.Errorf("error repeats the password: %v", err)
		}
	}
}

func TestLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "127.0.0.1": true, "127.1.2.3": true, "::1": true,
		"0.0.0.0": false, "10.0.0.1": false, "mail.example.no": false, "localhost.example.no": false,
	} {
		if loopback(host) != want {
			t.Errorf("loopback(%q) = %v", host, !want)
		}
	}
}

func TestBackoffDoublesUpToCap(t *testing.T) {
	s := &Sender{BaseBackoff: 30 * time.Second, MaxBackoff: time.Hour}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := s.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := s.backoff(100000); got != time.Hour {
		t.Errorf("backoff(100000) = %v", got)
	}
}

func TestLastErrorFitsTheColumn(t *testing.T) {
	long := errors.New(strings.Repeat("æ", 5000) + "\x00\xff")
	got := lastError(long)
	if n := len([]rune(got)); n != maxLastErrorLen {
		t.Errorf("lastError has %d characters, want %d", n, maxLastErrorLen)
	}
	if got := lastError(errors.New("a\x00b\xff")); got != "ab?" {
		t.Errorf("lastError = %q", got)
	}
}

func TestTemplatesAreValidMessages(t *testing.T) {
	inv := Invitation("ola@iris-salten.example", "Ola", "Kari Klyngeleder", "IRIS Salten", "https://portal.example/invitasjon/t0k3n")
	reset := PasswordReset("ola@iris-salten.example", "Ola", "https://portal.example/tilbakestill/t0k3n")
	checks := map[*Message][]string{
		&inv:   {"Hei Ola,", "Kari Klyngeleder har invitert deg", "IRIS Salten", "https://portal.example/invitasjon/t0k3n", "7 dager", "én gang", "se bort fra", signOff},
		&reset: {"Hei Ola,", "https://portal.example/tilbakestill/t0k3n", "1 time", "én gang", "ikke har bedt om", signOff},
	}
	for m, wants := range checks {
		if _, err := normalize(*m); err != nil {
			t.Errorf("%q is not a valid message: %v", m.Subject, err)
		}
		for _, w := range wants {
			if !strings.Contains(m.Body, w) {
				t.Errorf("%q lacks %q:\n%s", m.Subject, w, m.Body)
			}
		}
	}
	if inv.Subject != "Invitasjon til Klyngeportalen" || reset.Subject != "Tilbakestill passordet ditt i Klyngeportalen" {
		t.Errorf("subjects %q, %q", inv.Subject, reset.Subject)
	}
	if got := Invitation("a@b.example", "", "", "", "l"); !strings.HasPrefix(got.Body, "Hei,\n") {
		t.Errorf("without a name: %q", got.Body)
	}
	if got := PasswordReset("a@b.example", "Ola\r\nBcc: x", "l"); strings.Contains(got.Body, "\r") {
		t.Errorf("a name added a line: %q", got.Body)
	}
}

func TestBuildMIMEWritesOneClickUnsubscribe(t *testing.T) {
	from := &netmail.Address{Address: "noreply@klyngeportalen.example"}
	url := "https://portal.example/nyhetsbrev/avmeld/" + strings.Repeat("A", 43)
	data, err := buildMIME(from, outgoing{ID: 9, To: "ola@bodo.example", Subject: "Nytt", Body: "Tekst", Unsubscribe: url, CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	m, err := netmail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Header.Get("List-Unsubscribe"); got != "<"+url+">" {
		t.Errorf("List-Unsubscribe %q", got)
	}
	if got := m.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", got)
	}
	plain, err := buildMIME(from, outgoing{ID: 10, To: "ola@bodo.example", Subject: "Nytt", Body: "Tekst", CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), "List-Unsubscribe") {
		t.Error("a mail without an unsubscribe address carries List-Unsubscribe")
	}
	for _, bad := range []string{"javascript:alert(1)", "https://x.example/a>\r\nBcc: a@b.example", "https://x.example/a b", "/nyhetsbrev/avmeld/x"} {
		if _, err := buildMIME(from, outgoing{ID: 11, To: "ola@bodo.example", Subject: "x", Body: "y", Unsubscribe: bad}); err == nil {
			t.Errorf("buildMIME accepted the unsubscribe address %q", bad)
		}
		if _, err := normalize(Message{To: "ola@bodo.example", Subject: "x", Body: "y", UnsubscribeURL: bad}); err == nil {
			t.Errorf("Enqueue accepts the unsubscribe address %q", bad)
		}
	}
}
