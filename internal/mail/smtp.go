package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// server is the SMTP server of SMTP_URL.
type server struct {
	addr, host     string // host:port, host
	implicitTLS    bool   // smtps://
	user, password string // empty user: no AUTH
}

// parseSMTPURL reads smtp://user:pass@host:port (STARTTLS, port 587) or smtps://… (TLS,
// port 465). Its errors never repeat the URL, which may hold a password.
func parseSMTPURL(raw string) (server, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return server{}, errors.New("mail: SMTP_URL is not a valid URL")
	}
	var s server
	port := ""
	switch u.Scheme {
	case "smtp":
		port = "587"
	case "smtps":
		port, s.implicitTLS = "465", true
	default:
		return server{}, errors.New("mail: SMTP_URL must start with smtp:// or smtps://")
	}
	if u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return server{}, errors.New("mail: SMTP_URL must be scheme://[user:password@]host[:port] and nothing more")
	}
	s.host = u.Hostname()
	if s.host == "" {
		return server{}, errors.New("mail: SMTP_URL has no host")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return server{}, errors.New("mail: SMTP_URL has an invalid port")
		}
		port = p
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	return s, nil
}

// loopback reports whether host is this machine, where plain SMTP cannot be overheard.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// dial connects, greets and authenticates. Connections to other hosts than loopback are
// always encrypted: by implicit TLS, or by STARTTLS, which such a server must then offer.
// Closing ctx closes the connection.
func (s *Sender) dial(ctx context.Context) (*smtp.Client, error) {
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		tlsConf = s.TLSConfig.Clone()
	}
	if tlsConf.ServerName == "" {
		tlsConf.ServerName = s.server.host
	}
	// connect dials; with starttls it also upgrades the connection, failing when the
	// server does not offer STARTTLS.
	connect := func(starttls bool) (*smtp.Client, error) {
		d := &net.Dialer{Timeout: s.SendTimeout}
		var conn net.Conn
		var err error
		if s.server.implicitTLS {
			conn, err = (&tls.Dialer{NetDialer: d, Config: tlsConf}).DialContext(ctx, "tcp", s.server.addr)
		} else {
			conn, err = d.DialContext(ctx, "tcp", s.server.addr)
		}
		if err != nil {
			return nil, err
		}
		raw := conn
		conn = &stoppingConn{Conn: raw, stop: context.AfterFunc(ctx, func() { raw.Close() })}
		var c *smtp.Client
		if starttls {
			if c, err = smtp.NewClientStartTLS(conn, tlsConf); err != nil {
				return nil, err // NewClientStartTLS has closed conn
			}
		} else {
			c = smtp.NewClient(conn)
		}
		c.CommandTimeout, c.SubmissionTimeout = s.SendTimeout, s.SendTimeout
		return c, nil
	}

	if s.server.implicitTLS || !loopback(s.server.host) {
		c, err := connect(!s.server.implicitTLS)
		if err != nil {
			return nil, err
		}
		return s.auth(c)
	}
	// Loopback may be plain, but uses STARTTLS when offered. go-smtp upgrades only a fresh
	// connection, so the server is asked first.
	c, err := connect(false)
	if err != nil {
		return nil, err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		c.Close()
		if c, err = connect(true); err != nil {
			return nil, err
		}
	}
	return s.auth(c)
}

// auth logs in with the URL's user and password, if it has them; it closes c on failure.
func (s *Sender) auth(c *smtp.Client) (*smtp.Client, error) {
	if s.server.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			c.Close()
			return nil, errors.New("smtp: server does not offer AUTH")
		}
		if err := c.Auth(sasl.NewPlainClient("", s.server.user, s.server.password)); err != nil {
			c.Close()
			return nil, fmt.Errorf("smtp auth: %w", err)
		}
	}
	return c, nil
}

// stoppingConn unregisters the context's close hook when the connection is closed.
type stoppingConn struct {
	net.Conn
	stop func() bool
}

// Close closes the connection and forgets the context.
func (c *stoppingConn) Close() error {
	c.stop()
	return c.Conn.Close()
}
