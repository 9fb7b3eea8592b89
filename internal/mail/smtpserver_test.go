package mail_test

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// received is one message taken by the test SMTP server.
type received struct {
	From string
	To   []string
	Data []byte
	TLS  bool   // the session was encrypted
	User string // who logged in, if anyone
}

// parsed is a received message decoded as a mail client would.
type parsed struct {
	Header  netmail.Header
	Subject string
	Body    string // decoded, with "\n" line ends
}

// parse decodes the message's header and quoted-printable body.
func (r received) parse(t *testing.T) parsed {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("parse received mail: %v\n%s", err, r.Data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	return parsed{Header: m.Header, Subject: subject, Body: strings.ReplaceAll(string(body), "\r\n", "\n")}
}

// testServer is an in-process go-smtp server that records what it receives.
type testServer struct {
	Addr string
	srv  *smtp.Server

	mu   sync.Mutex
	msgs []received
}

// serverOptions shape a test server.
type serverOptions struct {
	tls          *tls.Config // offered with STARTTLS, or used for the whole connection if implicit
	implicit     bool        // smtps: TLS from the first byte
	user, pass   string      // accepted login; empty: AUTH is offered but any login fails
	rejectDomain string      // recipients at this domain are refused with 550
}

// startServer starts a test server on addr ("127.0.0.1:0" for any port), stopped when t ends.
func startServer(t *testing.T, addr string, opt serverOptions) *testServer {
	t.Helper()
	ts := &testServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{ts: ts, conn: c, opt: opt}, nil
	}))
	srv.Domain = "mail.test"
	srv.AllowInsecureAuth = true
	srv.ErrorLog = discardLog
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	if !opt.implicit {
		srv.TLSConfig = opt.tls
	}
	var l net.Listener
	var err error
	for range 50 { // the same address again may need a moment
		if l, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("listen on %s: %v", addr, err)
	}
	if opt.implicit {
		l = tls.NewListener(l, opt.tls)
	}
	ts.Addr, ts.srv = l.Addr().String(), srv
	go srv.Serve(l)
	t.Cleanup(ts.Close)
	return ts
}

// Close stops the server.
func (ts *testServer) Close() { ts.srv.Close() }

// Received returns a copy of what the server has taken so far.
func (ts *testServer) Received() []received {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]received(nil), ts.msgs...)
}

// session is one SMTP session of the test server.
type session struct {
	ts   *testServer
	conn *smtp.Conn
	opt  serverOptions
	user string
	from string
	to   []string
}

// AuthMechanisms offers PLAIN.
func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

// Auth accepts the configured user and password.
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if s.opt.user == "" || user != s.opt.user || pass != s.opt.pass {
			return errors.New("invalid credentials")
		}
		s.user = user
		return nil
	}), nil
}

// Mail records the envelope sender.
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

// Rcpt records a recipient, or refuses one at rejectDomain.
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.opt.rejectDomain != "" && strings.HasSuffix(to, "@"+s.opt.rejectDomain) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	s.to = append(s.to, to)
	return nil
}

// Data records the message.
func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, encrypted := s.conn.TLSConnectionState()
	s.ts.mu.Lock()
	s.ts.msgs = append(s.ts.msgs, received{From: s.from, To: s.to, Data: data, TLS: encrypted, User: s.user})
	s.ts.mu.Unlock()
	return nil
}

// Reset forgets the current envelope.
func (s *session) Reset() { s.from, s.to = "", nil }

// Logout does nothing.
func (s *session) Logout() error { return nil }
