package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"log/slog"
	"math/big"
	"net"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/mail"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

const testFrom = "Klyngeportalen – Avfallsklynge Nord <noreply@klyngeportalen.example>"

// emptyOutbox returns the package pool with mail_outbox emptied, as every test starts.
func emptyOutbox(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := dbtest.Pool(t)
	if _, err := pool.Exec(context.Background(), "DELETE FROM mail_outbox"); err != nil {
		t.Fatal(err)
	}
	return pool
}

// enqueue writes messages to the outbox in one committed transaction.
func enqueue(t *testing.T, pool *pgxpool.Pool, msgs ...mail.Message) {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, m := range msgs {
		if err := mail.Enqueue(ctx, tx, m); err != nil {
			t.Fatalf("enqueue %q: %v", m.Subject, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// newSender returns a sender to smtpURL with small timings for tests.
func newSender(t *testing.T, pool *pgxpool.Pool, smtpURL string) *mail.Sender {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := mail.NewSender(pool, smtpURL, testFrom, logger)
	if err != nil {
		t.Fatal(err)
	}
	s.PollInterval = 10 * time.Millisecond
	s.BaseBackoff = 300 * time.Millisecond
	s.SendTimeout = 5 * time.Second
	return s
}

// outboxRow is the delivery state of one outbox row.
type outboxRow struct {
	Attempts    int
	Sent        bool
	LastError   string
	DueInFuture bool
}

// row reads the state of the only row whose subject is subject.
func row(t *testing.T, pool *pgxpool.Pool, subject string) outboxRow {
	t.Helper()
	var r outboxRow
	err := pool.QueryRow(context.Background(), `
		SELECT attempts, sent_at IS NOT NULL, last_error, next_attempt_at > now()
		FROM mail_outbox WHERE subject = $1`, subject).Scan(&r.Attempts, &r.Sent, &r.LastError, &r.DueInFuture)
	if err != nil {
		t.Fatalf("read outbox row %q: %v", subject, err)
	}
	return r
}

// count runs a count query on the outbox.
func count(t *testing.T, pool *pgxpool.Pool, where string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM mail_outbox WHERE "+where).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// freeAddr returns a loopback address on which nothing listens.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// testCert is a self-signed certificate for 127.0.0.1, ::1, 0.0.0.0 and localhost, and a
// client configuration that trusts it.
func testCert(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "test mail server"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback, net.IPv4zero},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return server, &tls.Config{RootCAs: roots}
}

// discardLog silences go-smtp's server log.
var discardLog = log.New(io.Discard, "", 0)
