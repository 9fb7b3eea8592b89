package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	netmail "net/mail"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// batchSize is how many due messages one pass claims.
const batchSize = 20

// Sender sends the outbox over SMTP; any number of instances may run against one database.
//
// A pass claims due messages by moving their next_attempt_at one Lease ahead in a single
// short statement (FOR UPDATE SKIP LOCKED), then sends them outside any transaction, then
// records each result. Another instance skips a claimed message until the lease runs out, so
// normally each mail is sent once. Delivery is at least once: if a process dies after the
// server accepted a mail but before sent_at was written, the mail is sent again when the lease
// has run out, with the same Message-ID. A message is never deleted; failures are retried
// with a backoff that doubles from BaseBackoff up to MaxBackoff.
//
// Set the exported fields before Run or SendOnce is first called.
type Sender struct {
	PollInterval time.Duration // wait between passes of Run when nothing was sent; default 5s
	BaseBackoff  time.Duration // wait after a first failure, doubled after each further one; default 30s
	MaxBackoff   time.Duration // longest wait between attempts; default 1h
	Lease        time.Duration // how long a claimed message is reserved for this sender; default 2m
	SendTimeout  time.Duration // longest delivery of one message, connecting included; default 30s
	TLSConfig    *tls.Config   // nil: verify the server against the system's roots

	pool    *pgxpool.Pool
	server  server
	from    *netmail.Address
	logger  *slog.Logger
	enabled bool
}

// NewSender returns the outbox sender for smtpURL (smtp://user:pass@host:port with STARTTLS,
// port 587 by default; smtps://… with TLS, port 465) and the sender address from
// ("noreply@example.no" or "Name <noreply@example.no>"). With smtpURL empty it returns a
// disabled Sender: Run returns at once, SendOnce sends nothing, and mail stays in the outbox.
func NewSender(pool *pgxpool.Pool, smtpURL, from string, logger *slog.Logger) (*Sender, error) {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Sender{
		PollInterval: 5 * time.Second,
		BaseBackoff:  30 * time.Second,
		MaxBackoff:   time.Hour,
		Lease:        2 * time.Minute,
		SendTimeout:  30 * time.Second,
		pool:         pool,
		logger:       logger,
	}
	if smtpURL == "" {
		return s, nil
	}
	if pool == nil {
		return nil, errors.New("mail: NewSender needs a pool")
	}
	srv, err := parseSMTPURL(smtpURL)
	if err != nil {
		return nil, err
	}
	addr, err := netmail.ParseAddress(from)
	if err != nil || hasControl(from) {
		return nil, fmt.Errorf("mail: sender address %q is not a valid e-mail address", from)
	}
	s.server, s.from, s.enabled = srv, addr, true
	return s, nil
}

// Enabled reports whether an SMTP server is configured; if not, mail stays in the outbox.
func (s *Sender) Enabled() bool { return s.enabled }

// Run sends due mail every PollInterval until ctx ends; at once again after a pass that sent
// something. A disabled Sender returns at once.
func (s *Sender) Run(ctx context.Context) {
	if !s.enabled {
		s.logger.Info("mail: SMTP_URL is not set; mail stays in the outbox")
		return
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		sent, err := s.SendOnce(ctx)
		if err != nil && ctx.Err() == nil {
			s.logger.Error("mail: sending the outbox failed", "err", err)
		}
		wait := s.PollInterval
		if sent > 0 && err == nil {
			wait = 0
		}
		timer.Reset(wait)
	}
}

// SendOnce claims up to 20 due messages, sends them and records the results; it returns how
// many were sent. Failed deliveries are recorded on their messages, not returned: the error
// is for the database or ctx.
func (s *Sender) SendOnce(ctx context.Context) (sent int, err error) {
	if !s.enabled {
		return 0, nil
	}
	if s.SendTimeout+s.Lease/10 > s.Lease {
		return 0, errors.New("mail: Lease must be longer than SendTimeout by at least a tenth of itself")
	}
	claimed := time.Now()
	batch, err := s.claim(ctx)
	if err != nil {
		return 0, err
	}
	for i, m := range batch {
		// Start a delivery only while it can end well within the lease; the rest is released.
		if ctx.Err() != nil || time.Since(claimed)+s.SendTimeout+s.Lease/10 > s.Lease {
			return sent, errors.Join(s.release(ctx, batch[i:]), ctx.Err())
		}
		err := s.deliver(ctx, m)
		var cerr *connectError
		switch {
		case err == nil:
			if err := s.markSent(ctx, m); err != nil {
				return sent, err
			}
			sent++
		case ctx.Err() != nil: // stopped, not the message's fault
			return sent, errors.Join(s.release(ctx, batch[i:]), ctx.Err())
		case errors.As(err, &cerr): // the server cannot be reached: the same for the rest
			for _, r := range batch[i:] {
				if err := s.markFailed(ctx, r, cerr); err != nil {
					return sent, err
				}
			}
			return sent, nil
		default:
			if err := s.markFailed(ctx, m, err); err != nil {
				return sent, err
			}
		}
	}
	return sent, nil
}

// connectError is a failure to connect, greet, start TLS or log in.
type connectError struct{ err error }

// Error says that connecting failed, and why.
func (e *connectError) Error() string { return "connect to mail server: " + e.err.Error() }

// Unwrap returns the cause.
func (e *connectError) Unwrap() error { return e.err }

// deliver sends one message over its own connection, within SendTimeout.
func (s *Sender) deliver(ctx context.Context, m outgoing) error {
	data, err := buildMIME(s.from, m)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.SendTimeout)
	defer cancel()
	timedOut := func(err error) error {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("no answer within %s: %w", s.SendTimeout, err)
		}
		return err
	}
	c, err := s.dial(ctx)
	if err != nil {
		return &connectError{timedOut(err)}
	}
	defer c.Close()
	if err := c.SendMail(s.from.Address, []string{m.To}, bytes.NewReader(data)); err != nil {
		return timedOut(err)
	}
	_ = c.Quit() // the server has taken the message; how the session ends does not matter
	return nil
}
