package mail_test

import (
	"context"
	"net"
	"strings"
	"testing"

	"klyngeportalen/internal/mail"
)

// port is addr's port.
func port(t *testing.T, addr string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSTARTTLSAndLoginWhenOffered(t *testing.T) {
	pool := emptyOutbox(t)
	serverTLS, clientTLS := testCert(t)
	srv := startServer(t, "127.0.0.1:0", serverOptions{tls: serverTLS, user: "portal", pass: "hemmelig p@ss"})
	enqueue(t, pool, mail.Message{To: "ola@iris-salten.example", Subject: "Kryptert", Body: "Tekst"})

	s := newSender(t, pool, "smtp://portal:hemmelig%20p%40ss@127.0.0.1:"+port(t, srv.Addr))
	s.TLSConfig = clientTLS
	if sent, err := s.SendOnce(context.Background()); err != nil || sent != 1 {
		t.Fatalf("SendOnce = %d, %v; want 1, nil (last_error %q)", sent, err, row(t, pool, "Kryptert").LastError)
	}
	r := srv.Received()[0]
	if !r.TLS || r.User != "portal" {
		t.Errorf("received with TLS %v as %q; want STARTTLS and the URL's user", r.TLS, r.User)
	}
}

func TestImplicitTLS(t *testing.T) {
	pool := emptyOutbox(t)
	serverTLS, clientTLS := testCert(t)
	srv := startServer(t, "127.0.0.1:0", serverOptions{tls: serverTLS, implicit: true})
	enqueue(t, pool, mail.Message{To: "ola@iris-salten.example", Subject: "SMTPS", Body: "Tekst"})

	s := newSender(t, pool, "smtps://"+srv.Addr)
	s.TLSConfig = clientTLS
	if sent, err := s.SendOnce(context.Background()); err != nil || sent != 1 {
		t.Fatalf("SendOnce = %d, %v; want 1, nil (last_error %q)", sent, err, row(t, pool, "SMTPS").LastError)
	}
	if !srv.Received()[0].TLS {
		t.Error("mail over smtps:// was not encrypted")
	}
}

func TestUntrustedCertificateIsRefused(t *testing.T) {
	pool := emptyOutbox(t)
	serverTLS, _ := testCert(t)
	srv := startServer(t, "127.0.0.1:0", serverOptions{tls: serverTLS})
	enqueue(t, pool, mail.Message{To: "ola@iris-salten.example", Subject: "Ukjent sertifikat", Body: "Tekst"})

	// No TLSConfig: the system's roots do not know the test certificate.
	if sent, err := newSender(t, pool, "smtp://"+srv.Addr).SendOnce(context.Background()); err != nil || sent != 0 {
		t.Fatalf("SendOnce = %d, %v; want 0, nil", sent, err)
	}
	if st := row(t, pool, "Ukjent sertifikat"); st.Attempts != 1 || !strings.Contains(st.LastError, "certificate") {
		t.Errorf("outbox row: %+v, want a failed attempt for the certificate", st)
	}
	if n := len(srv.Received()); n != 0 {
		t.Errorf("server received %d mails over an unverified connection", n)
	}
}

// 0.0.0.0 reaches this machine on Linux, but is not a loopback address, so the sender must
// insist on STARTTLS there.
func TestPlainSMTPOnlyToLoopback(t *testing.T) {
	pool := emptyOutbox(t)
	plain := startServer(t, "127.0.0.1:0", serverOptions{})
	enqueue(t, pool, mail.Message{To: "ola@iris-salten.example", Subject: "Ikke i klartekst", Body: "Tekst"})

	if sent, err := newSender(t, pool, "smtp://0.0.0.0:"+port(t, plain.Addr)).SendOnce(context.Background()); err != nil || sent != 0 {
		t.Fatalf("SendOnce = %d, %v; want 0, nil", sent, err)
	}
	if st := row(t, pool, "Ikke i klartekst"); st.Attempts != 1 || !strings.Contains(st.LastError, "STARTTLS") {
		t.Errorf("outbox row: %+v, want a failed attempt for lack of STARTTLS", st)
	}
	if n := len(plain.Received()); n != 0 {
		t.Errorf("server received %d mails in plain text", n)
	}

	serverTLS, clientTLS := testCert(t)
	secure := startServer(t, "127.0.0.1:0", serverOptions{tls: serverTLS})
	if _, err := pool.Exec(context.Background(), "UPDATE mail_outbox SET next_attempt_at = now()"); err != nil {
		t.Fatal(err)
	}
	s := newSender(t, pool, "smtp://0.0.0.0:"+port(t, secure.Addr))
	s.TLSConfig = clientTLS
	if sent, err := s.SendOnce(context.Background()); err != nil || sent != 1 {
		t.Fatalf("SendOnce with STARTTLS = %d, %v; want 1, nil (last_error %q)", sent, err, row(t, pool, "Ikke i klartekst").LastError)
	}
	if !secure.Received()[0].TLS {
		t.Error("mail was not encrypted")
	}
}
