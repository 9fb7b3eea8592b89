package mail_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"klyngeportalen/internal/mail"
)

func TestDeliversCommittedMail(t *testing.T) {
	pool := emptyOutbox(t)
	ctx := context.Background()
	srv := startServer(t, "127.0.0.1:0", serverOptions{})
	link := "http://localhost:8080/invitasjon/" + strings.Repeat("Xy3_", 12) // longer than a QP line
	subject := "Invitasjon til Klyngeportalen – Avfallsklynge Nord: ærlig, østlig, åpen"
	m := mail.Invitation("ola.nordmann@iris-salten.example", "Ola Nordmann", "Kari Klyngeleder", "IRIS Salten", link)
	m.Subject = subject
	enqueue(t, pool, m)

	sent, err := newSender(t, pool, "smtp://"+srv.Addr).SendOnce(ctx)
	if err != nil || sent != 1 {
		t.Fatalf("SendOnce = %d, %v; want 1, nil", sent, err)
	}
	got := srv.Received()
	if len(got) != 1 {
		t.Fatalf("server received %d mails, want 1", len(got))
	}
	r := got[0]
	if r.From != "noreply@klyngeportalen.example" || len(r.To) != 1 || r.To[0] != "ola.nordmann@iris-salten.example" {
		t.Errorf("envelope from %q to %q", r.From, r.To)
	}
	for i, b := range r.Data {
		if b >= 0x80 {
			t.Fatalf("raw mail has a non-ASCII byte at %d: headers and body must be encoded", i)
		}
	}
	p := r.parse(t)
	if p.Subject != subject {
		t.Errorf("decoded subject %q, want %q", p.Subject, subject)
	}
	if raw := p.Header.Get("Subject"); !strings.HasPrefix(raw, "=?utf-8?q?") {
		t.Errorf("raw subject %q is not Q-encoded", raw)
	}
	want := map[string]string{
		"To":                        "<ola.nordmann@iris-salten.example>",
		"MIME-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
	}
	for k, v := range want {
		if got := p.Header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	if from, err := p.Header.AddressList("From"); err != nil || from[0].Name != "Klyngeportalen – Avfallsklynge Nord" {
		t.Errorf("From = %v, %v", from, err)
	}
	if d, err := p.Header.Date(); err != nil || time.Since(d) > time.Minute {
		t.Errorf("Date = %v, %v", d, err)
	}
	if id := p.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@klyngeportalen.example>") {
		t.Errorf("Message-ID = %q", id)
	}
	for _, s := range []string{"Hei Ola Nordmann,", "Kari Klyngeleder", "IRIS Salten", "\n" + link + "\n", "7 dager", "Hilsen Klyngeportalen – Avfallsklynge Nord"} {
		if !strings.Contains(p.Body, s) {
			t.Errorf("body lacks %q:\n%s", s, p.Body)
		}
	}
	if st := row(t, pool, subject); !st.Sent || st.Attempts != 0 {
		t.Errorf("outbox row after delivery: %+v, want sent with 0 failed attempts", st)
	}
	// Nothing of the mail's content is kept once it is sent: the link worked as a password.
	var body, calendar string
	if err := pool.QueryRow(ctx, `SELECT body, calendar FROM mail_outbox WHERE subject = $1`, subject).Scan(&body, &calendar); err != nil || body != "" || calendar != "" {
		t.Errorf("a sent mail keeps its body (%d bytes) or calendar (%d bytes), %v", len(body), len(calendar), err)
	}
	if sent, err := newSender(t, pool, "smtp://"+srv.Addr).SendOnce(ctx); err != nil || sent != 0 {
		t.Errorf("second SendOnce = %d, %v; want 0, nil", sent, err)
	}
}

func TestServerDownThenBack(t *testing.T) {
	pool := emptyOutbox(t)
	ctx := context.Background()
	addr := freeAddr(t) // nothing listens here yet
	enqueue(t, pool, mail.PasswordReset("kari@remiks.example", "Kari", "http://localhost:8080/tilbakestill/abc"))
	subject := "Tilbakestill passordet ditt i Klyngeportalen"
	s := newSender(t, pool, "smtp://"+addr)
	s.BaseBackoff = time.Second

	sent, err := s.SendOnce(ctx)
	if err != nil || sent != 0 {
		t.Fatalf("SendOnce with the server down = %d, %v; want 0, nil", sent, err)
	}
	st := row(t, pool, subject)
	if st.Sent || st.Attempts != 1 || st.LastError == "" || !st.DueInFuture {
		t.Fatalf("after a failed attempt: %+v; want unsent, attempts 1, an error, due later", st)
	}
	if !strings.Contains(st.LastError, "connect") {
		t.Errorf("last_error %q does not say what failed", st.LastError)
	}

	srv := startServer(t, addr, serverOptions{})
	if sent, err := s.SendOnce(ctx); err != nil || sent != 0 {
		t.Fatalf("SendOnce before the backoff has passed = %d, %v; want 0, nil", sent, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for count(t, pool, "sent_at IS NULL") > 0 && time.Now().Before(deadline) {
		if _, err := s.SendOnce(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := srv.Received(); len(got) != 1 {
		t.Fatalf("server received %d mails after coming back, want exactly 1", len(got))
	}
	if st := row(t, pool, subject); !st.Sent || st.Attempts != 1 {
		t.Errorf("after delivery: %+v, want sent with 1 failed attempt", st)
	}
	for range 3 {
		if sent, err := s.SendOnce(ctx); err != nil || sent != 0 {
			t.Fatalf("SendOnce after delivery = %d, %v; want 0, nil", sent, err)
		}
	}
	if got := srv.Received(); len(got) != 1 {
		t.Errorf("server received %d mails in all, want 1", len(got))
	}
}

func TestRefusedRecipientDoesNotHoldBackOthers(t *testing.T) {
	pool := emptyOutbox(t)
	srv := startServer(t, "127.0.0.1:0", serverOptions{rejectDomain: "gone.example"})
	enqueue(t, pool,
		mail.Message{To: "a@remiks.example", Subject: "A", Body: "a"},
		mail.Message{To: "b@gone.example", Subject: "B", Body: "b"},
		mail.Message{To: "c@remiks.example", Subject: "C", Body: "c"},
	)
	sent, err := newSender(t, pool, "smtp://"+srv.Addr).SendOnce(context.Background())
	if err != nil || sent != 2 {
		t.Fatalf("SendOnce = %d, %v; want 2, nil", sent, err)
	}
	b := row(t, pool, "B")
	if b.Sent || b.Attempts != 1 || !strings.Contains(b.LastError, "No such user") || !b.DueInFuture {
		t.Errorf("refused message: %+v", b)
	}
	if !row(t, pool, "A").Sent || !row(t, pool, "C").Sent {
		t.Error("the other messages were not sent")
	}
}

func TestTwoSendersDeliverEachOnce(t *testing.T) {
	pool := emptyOutbox(t)
	srv := startServer(t, "127.0.0.1:0", serverOptions{})
	var msgs []mail.Message
	for i := range 10 {
		msgs = append(msgs, mail.Message{To: fmt.Sprintf("person%d@remiks.example", i), Subject: fmt.Sprintf("Melding %d", i), Body: "Tekst"})
	}
	enqueue(t, pool, msgs...)

	senders := []*mail.Sender{newSender(t, pool, "smtp://"+srv.Addr), newSender(t, pool, "smtp://"+srv.Addr)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	start := make(chan struct{})
	for _, s := range senders {
		wg.Go(func() {
			<-start
			for range 5 {
				n, err := s.SendOnce(context.Background())
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				total += n
				mu.Unlock()
			}
		})
	}
	close(start)
	wg.Wait()

	if total != 10 {
		t.Errorf("senders report %d sent, want 10", total)
	}
	seen := map[string]int{}
	for _, r := range srv.Received() {
		seen[r.To[0]]++
	}
	for _, m := range msgs {
		if seen[m.To] != 1 {
			t.Errorf("%s received %d times, want once", m.To, seen[m.To])
		}
	}
	if n := count(t, pool, "sent_at IS NOT NULL AND attempts = 0"); n != 10 {
		t.Errorf("%d rows marked sent, want 10", n)
	}
}

func TestRunSendsUntilCancelled(t *testing.T) {
	pool := emptyOutbox(t)
	srv := startServer(t, "127.0.0.1:0", serverOptions{})
	s := newSender(t, pool, "smtp://"+srv.Addr)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()

	enqueue(t, pool, mail.Message{To: "ola@iris-salten.example", Subject: "Fra Run", Body: "Tekst"})
	deadline := time.Now().Add(10 * time.Second)
	for len(srv.Received()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if len(srv.Received()) != 1 {
		t.Fatal("Run did not send the mail")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop when its context was cancelled")
	}
}

func TestDisabledSenderKeepsMail(t *testing.T) {
	pool := emptyOutbox(t)
	enqueue(t, pool, mail.Message{To: "ola@iris-salten.example", Subject: "Blir liggende", Body: "Tekst"})
	s, err := mail.NewSender(pool, "", "", nil)
	if err != nil || s.Enabled() {
		t.Fatalf("NewSender without SMTP_URL = %v, %v; want a disabled sender", s, err)
	}
	done := make(chan struct{})
	go func() { s.Run(context.Background()); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run of a disabled sender did not return at once")
	}
	if sent, err := s.SendOnce(context.Background()); sent != 0 || err != nil {
		t.Errorf("SendOnce = %d, %v", sent, err)
	}
	if st := row(t, pool, "Blir liggende"); st.Sent || st.Attempts != 0 {
		t.Errorf("outbox row: %+v, want untouched", st)
	}
}

// A mailing's unsubscribe address reaches the receiver as RFC 8058 headers, and is forgotten
// with the body once the mail is sent.
func TestDeliversOneClickUnsubscribeHeaders(t *testing.T) {
	pool := emptyOutbox(t)
	ctx := context.Background()
	srv := startServer(t, "127.0.0.1:0", serverOptions{})
	link := "https://portal.example/nyhetsbrev/avmeld/" + strings.Repeat("Ab9_", 10) + "xyz"
	enqueue(t, pool,
		mail.Message{To: "eier@bodo.example", Subject: "Månedsbrev", Body: "Meld deg av: " + link, UnsubscribeURL: link},
		mail.Message{To: "ansatt@bodo.example", Subject: "Uten avmelding", Body: "Hei"})
	if sent, err := newSender(t, pool, "smtp://"+srv.Addr).SendOnce(ctx); err != nil || sent != 2 {
		t.Fatalf("SendOnce = %d, %v; want 2, nil", sent, err)
	}
	for _, r := range srv.Received() {
		p := r.parse(t)
		if r.To[0] == "ansatt@bodo.example" {
			if p.Header.Get("List-Unsubscribe") != "" || p.Header.Get("List-Unsubscribe-Post") != "" {
				t.Errorf("a mail without an unsubscribe address has the headers: %v", p.Header)
			}
			continue
		}
		if got := p.Header.Get("List-Unsubscribe"); got != "<"+link+">" {
			t.Errorf("List-Unsubscribe = %q", got)
		}
		if got := p.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post = %q", got)
		}
	}
	if n := count(t, pool, "unsubscribe_url <> ''"); n != 0 {
		t.Errorf("%d sent mails keep their unsubscribe address", n)
	}
}
