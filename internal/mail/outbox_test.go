package mail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/mail"
)

func TestEnqueueRejectsInvalidMessages(t *testing.T) {
	pool := emptyOutbox(t)
	ctx := context.Background()
	ok := mail.Message{To: "ola@iris-salten.example", Subject: "Hei", Body: "Tekst"}
	with := func(f func(*mail.Message)) mail.Message { m := ok; f(&m); return m }
	cases := map[string]mail.Message{
		"CR LF in subject":     with(func(m *mail.Message) { m.Subject = "Hei\r\nBcc: alle@example.no" }),
		"LF in subject":        with(func(m *mail.Message) { m.Subject = "Hei\nX-Evil: 1" }),
		"trailing CRLF":        with(func(m *mail.Message) { m.Subject = "Hei\r\n" }),
		"CR LF in to":          with(func(m *mail.Message) { m.To = "ola@iris-salten.example\r\nBcc: alle@example.no" }),
		"LF in to":             with(func(m *mail.Message) { m.To = "ola@iris-salten.example\n" }),
		"display name":         with(func(m *mail.Message) { m.To = "Ola <ola@iris-salten.example>" }),
		"angle brackets":       with(func(m *mail.Message) { m.To = "<ola@iris-salten.example>" }),
		"comment":              with(func(m *mail.Message) { m.To = "ola@iris-salten.example (Ola)" }),
		"two recipients":       with(func(m *mail.Message) { m.To = "ola@iris-salten.example, kari@iris-salten.example" }),
		"no at sign":           with(func(m *mail.Message) { m.To = "ola.iris-salten.example" }),
		"empty to":             with(func(m *mail.Message) { m.To = "" }),
		"empty subject":        with(func(m *mail.Message) { m.Subject = "   " }),
		"subject of 301 chars": with(func(m *mail.Message) { m.Subject = strings.Repeat("ø", 301) }),
		"empty body":           with(func(m *mail.Message) { m.Body = "\n \n" }),
		"body too long":        with(func(m *mail.Message) { m.Body = strings.Repeat("a", mail.MaxBodyLen+1) }),
		"NUL in body":          with(func(m *mail.Message) { m.Body = "a\x00b" }),
		"invalid UTF-8":        with(func(m *mail.Message) { m.Subject = "Hei \xff" }),
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for name, m := range cases {
		if err := mail.Enqueue(ctx, tx, m); !errors.Is(err, mail.ErrInvalidMessage) {
			t.Errorf("%s: Enqueue = %v, want ErrInvalidMessage", name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(t, pool, "true"); n != 0 {
		t.Errorf("%d rows in the outbox after refused messages, want 0", n)
	}
}

func TestEnqueueTrimsAndAcceptsLimits(t *testing.T) {
	pool := emptyOutbox(t)
	long := strings.Repeat("ø", mail.MaxSubjectLen)
	enqueue(t, pool,
		mail.Message{To: "  kari@remiks.example ", Subject: "  Velkommen  ", Body: "\r\nLinje 1\r\nLinje 2\r\n\r\n"},
		mail.Message{To: "per@remiks.example", Subject: long, Body: strings.Repeat("å", mail.MaxBodyLen/2)},
	)
	list, err := mail.List(context.Background(), pool, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("List gave %d messages, want 2", len(list))
	}
	var first mail.Outboxed
	for _, m := range list {
		if m.To == "kari@remiks.example" {
			first = m
		}
	}
	if first.Subject != "Velkommen" || first.Body != "Linje 1\nLinje 2" {
		t.Errorf("stored %q / %q, want trimmed subject and body with \\n line ends", first.Subject, first.Body)
	}
}

func TestListNewestFirstAndClamped(t *testing.T) {
	pool := emptyOutbox(t)
	ctx := context.Background()
	for _, s := range []string{"En", "To", "Tre"} {
		enqueue(t, pool, mail.Message{To: "ola@iris-salten.example", Subject: s, Body: "Tekst"})
	}
	if _, err := pool.Exec(ctx, `UPDATE mail_outbox SET sent_at = now(), last_error = 'tidligere feil' WHERE subject = 'To'`); err != nil {
		t.Fatal(err)
	}
	list, err := mail.List(ctx, pool, 0) // clamped to 1
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Subject != "Tre" {
		t.Fatalf("List(limit 0) = %+v, want only the newest (Tre)", list)
	}
	list, err = mail.List(ctx, pool, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range list {
		got = append(got, m.Subject)
	}
	if strings.Join(got, ",") != "Tre,To,En" {
		t.Errorf("List order = %v, want newest first", got)
	}
	two := list[1]
	if two.SentAt == nil || two.LastError != "tidligere feil" || two.Attempts != 0 || two.ID == 0 ||
		time.Since(two.CreatedAt) > time.Minute || list[0].SentAt != nil {
		t.Errorf("List fields wrong: %+v", list)
	}
}

func TestRolledBackMailIsNeverSent(t *testing.T) {
	pool := emptyOutbox(t)
	ctx := context.Background()
	srv := startServer(t, "127.0.0.1:0", serverOptions{})
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := mail.Enqueue(ctx, tx, mail.PasswordReset("kari@remiks.example", "Kari", "http://localhost:8080/tilbakestill/abc")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	sent, err := newSender(t, pool, "smtp://"+srv.Addr).SendOnce(ctx)
	if err != nil || sent != 0 {
		t.Fatalf("SendOnce = %d, %v; want 0, nil", sent, err)
	}
	if n := len(srv.Received()); n != 0 {
		t.Errorf("server received %d mails from a rolled-back transaction", n)
	}
	if n := count(t, pool, "true"); n != 0 {
		t.Errorf("%d rows in the outbox after rollback", n)
	}
}

// EnqueueAll writes every message in one statement, checked and trimmed as Enqueue does, and
// nothing when one of them is refused.
func TestEnqueueAllWritesEveryMessageOrNone(t *testing.T) {
	pool := emptyOutbox(t)
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	good := []mail.Message{
		{To: " kari@remiks.example ", Subject: " Nytt svar ", Body: "Linje 1\r\nLinje 2"},
		{To: "per@remiks.example", Subject: "Nytt svar", Body: "Tekst"},
	}
	if err := mail.EnqueueAll(ctx, tx, append(good, mail.Message{To: "ola@remiks.example", Subject: "Hei\r\nBcc: alle@example.no", Body: "x"})); !errors.Is(err, mail.ErrInvalidMessage) {
		t.Fatalf("a refused message among them: %v, want ErrInvalidMessage", err)
	}
	if err := mail.EnqueueAll(ctx, tx, nil); err != nil {
		t.Fatal(err)
	}
	if err := mail.EnqueueAll(ctx, tx, good); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(t, pool, "true"); n != 2 {
		t.Fatalf("%d rows in the outbox, want 2", n)
	}
	if n := count(t, pool, "to_address = 'kari@remiks.example' AND subject = 'Nytt svar' AND body = 'Linje 1\nLinje 2'"); n != 1 {
		t.Errorf("the first message was not stored trimmed (%d rows)", n)
	}
}
