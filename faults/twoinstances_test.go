package faults

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// fakeSMTP is a minimal SMTP server on loopback that counts the messages per recipient.
type fakeSMTP struct {
	ln       net.Listener
	mu       sync.Mutex
	received map[string]int
}

func newFakeSMTP(t *testing.T) *fakeSMTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeSMTP{ln: ln, received: map[string]int{}}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	say := func(line string) { fmt.Fprintf(conn, "%s\r\n", line) }
	say("220 fake ESMTP")
	var rcpt []string
	for {
		line, err := readLine(r)
		if err != nil {
			return
		}
		cmd := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			say("250-fake")
			say("250-8BITMIME")
			say("250 SMTPUTF8")
		case strings.HasPrefix(cmd, "HELO"), strings.HasPrefix(cmd, "MAIL FROM"), strings.HasPrefix(cmd, "RSET"), strings.HasPrefix(cmd, "NOOP"):
			if strings.HasPrefix(cmd, "RSET") {
				rcpt = nil
			}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			rcpt = append(rcpt, strings.Trim(strings.TrimSpace(line[len("RCPT TO:"):]), "<>"))
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			for {
				l, err := readLine(r)
				if err != nil {
					return
				}
				if l == "." {
					break
				}
			}
			s.mu.Lock()
			for _, to := range rcpt {
				s.received[to]++
			}
			s.mu.Unlock()
			rcpt = nil
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

func (s *fakeSMTP) counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.received {
		out[k] = v
	}
	return out
}

// TestTwoInstances starts two portals at once on one empty database: both migrate without
// conflict, a session made on one works on the other, and the outbox mail that both senders
// work on is delivered exactly once.
func TestTwoInstances(t *testing.T) {
	db := newDatabase(t)
	smtp := newFakeSMTP(t)
	smtpURL := "SMTP_URL=smtp://" + smtp.ln.Addr().String()
	a := startPortal(t, db, smtpURL, "PORTAL_MAIL_FROM=Klyngeportalen <noreply@portal.test>")
	b := startPortal(t, db, smtpURL, "PORTAL_MAIL_FROM=Klyngeportalen <noreply@portal.test>")
	a.waitReady(60 * time.Second)
	b.waitReady(60 * time.Second)
	var migrations, versions int64
	migrations = queryInt(t, db, `SELECT count(*) FROM goose_db_version WHERE version_id > 0`)
	versions = queryInt(t, db, `SELECT count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0`)
	if migrations != versions || migrations == 0 {
		t.Fatalf("%d migration rows for %d versions: applied twice or not at all", migrations, versions)
	}
	runPortal(t, db, "seed", "--demo")

	// A session made on A works on B, and a logout on B ends it on A.
	onA := newBrowser(a.base).login(t, "ansatt@las.example")
	onB := onA.withCookies(b.base)
	if status, body, err := onB.get("/meg"); err != nil || status != http.StatusOK || !strings.Contains(body, "ansatt@las.example") {
		t.Fatalf("the session of A on B: %d %v", status, err)
	}
	if status, err := onB.post("/logg-ut", nil); err != nil || status != http.StatusSeeOther {
		t.Fatalf("logout on B: %d %v", status, err)
	}
	if status, _, _ := onA.get("/meg"); status != http.StatusSeeOther {
		t.Fatalf("the session logged out on B still works on A: status %d", status)
	}

	// Mail: both senders poll the same outbox.
	const n = 60
	conn, err := pgx.Connect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `INSERT INTO mail_outbox (to_address, subject, body)
		SELECT 'mottaker' || i || '@fimil.example', 'Prøve ' || i, 'Hei' FROM generate_series(1, $1) i`, n); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for queryInt(t, db, `SELECT count(*) FROM mail_outbox WHERE subject LIKE 'Prøve %' AND sent_at IS NULL`) > 0 {
		if time.Since(start) > 45*time.Second {
			t.Fatalf("the outbox was not sent within 45 s\nA:\n%s\nB:\n%s", a.logs.String(), b.logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	took := time.Since(start)
	time.Sleep(500 * time.Millisecond) // anything sent twice would arrive now
	got := smtp.counts()
	delivered, twice, missing := 0, 0, 0
	for i := 1; i <= n; i++ {
		switch c := got[fmt.Sprintf("mottaker%d@fimil.example", i)]; {
		case c == 0:
			missing++
		case c > 1:
			twice++
			delivered += c
		default:
			delivered++
		}
	}
	t.Logf("two instances: %d migrations applied once each; session shared; %d outbox mails, %d deliveries, %d missing, %d delivered more than once, in %v",
		migrations, n, delivered, missing, twice, took.Round(time.Millisecond))
	if missing > 0 || twice > 0 {
		t.Fatalf("%d mails missing, %d delivered more than once", missing, twice)
	}
}
