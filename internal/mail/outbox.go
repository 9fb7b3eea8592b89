// Package mail keeps the mail outbox, the texts of the portal's mails and the worker that
// sends the outbox over SMTP. Mail is written to the outbox in the transaction of the change
// that causes it, so a mail is sent if and only if that change is committed.
package mail

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// Limits of a message, as in the mail_outbox table.
const (
	MaxAddressLen   = 254    // bytes of the recipient address
	MaxSubjectLen   = 300    // characters of the subject
	MaxBodyLen      = 100000 // bytes of the body
	MaxURLLen       = 500    // bytes of the unsubscribe address
	maxLastErrorLen = 2000   // characters of last_error
)

// ErrInvalidMessage is wrapped by every error Enqueue returns for a message it refuses.
var ErrInvalidMessage = errors.New("mail: invalid message")

// Message is a plain-text UTF-8 mail to one recipient, optionally with an iCalendar attached.
type Message struct {
	To, Subject, Body string
	Calendar          string // an RFC 5545 calendar sent as an .ics attachment; "" for none
	// UnsubscribeURL is the one-click unsubscribe address of a mailing (RFC 8058): with it the
	// message carries List-Unsubscribe and List-Unsubscribe-Post. "" for none.
	UnsubscribeURL string
}

// Enqueue validates m and writes it to the outbox inside tx, the caller's transaction:
// the mail is sent only if tx commits. Refused messages give an error wrapping ErrInvalidMessage.
func Enqueue(ctx context.Context, tx pgx.Tx, m Message) error {
	m, err := normalize(m)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx,
		"INSERT INTO mail_outbox (to_address, subject, body, calendar, unsubscribe_url) VALUES ($1, $2, $3, $4, $5)",
		m.To, m.Subject, m.Body, m.Calendar, m.UnsubscribeURL)
	if err != nil {
		return fmt.Errorf("mail: enqueue: %w", err)
	}
	return nil
}

// EnqueueAll writes every message of ms to the outbox inside tx in one statement, as Enqueue
// does one: nothing is written if any is refused.
func EnqueueAll(ctx context.Context, tx pgx.Tx, ms []Message) error {
	if len(ms) == 0 {
		return nil
	}
	to, subject, body, calendar := make([]string, len(ms)), make([]string, len(ms)), make([]string, len(ms)), make([]string, len(ms))
	for i, m := range ms {
		m, err := normalize(m)
		if err != nil {
			return err
		}
		to[i], subject[i], body[i], calendar[i] = m.To, m.Subject, m.Body, m.Calendar
	}
	_, err := tx.Exec(ctx, `INSERT INTO mail_outbox (to_address, subject, body, calendar)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`, to, subject, body, calendar)
	if err != nil {
		return fmt.Errorf("mail: enqueue: %w", err)
	}
	return nil
}

// Check returns m as Enqueue would write it, or the error Enqueue would give: for a caller
// that writes the outbox in a statement of its own (set-based, one row per recipient) from a
// message it has checked here.
func Check(m Message) (Message, error) { return normalize(m) }

// normalize checks m and returns it trimmed, with the body's line ends as "\n".
func normalize(m Message) (Message, error) {
	invalid := func(format string, args ...any) (Message, error) {
		return Message{}, fmt.Errorf("%w: "+format, append([]any{ErrInvalidMessage}, args...)...)
	}
	// Checked before trimming, so that a trailing "\r\n" is refused rather than hidden.
	if hasControl(m.To) {
		return invalid("recipient contains a line break or control character")
	}
	if hasControl(m.Subject) {
		return invalid("subject contains a line break or control character")
	}
	m.To = strings.TrimSpace(m.To)
	if err := checkAddress(m.To); err != nil {
		return invalid("%v", err)
	}
	m.Subject = strings.TrimSpace(m.Subject)
	switch n := utf8.RuneCountInString(m.Subject); {
	case !utf8.ValidString(m.Subject):
		return invalid("subject is not UTF-8")
	case n == 0:
		return invalid("subject is empty")
	case n > MaxSubjectLen:
		return invalid("subject has %d characters, more than %d", n, MaxSubjectLen)
	}
	m.Body = strings.TrimSpace(strings.ReplaceAll(m.Body, "\r\n", "\n"))
	switch {
	case !utf8.ValidString(m.Body):
		return invalid("body is not UTF-8")
	case m.Body == "":
		return invalid("body is empty")
	case len(m.Body) > MaxBodyLen:
		return invalid("body has %d bytes, more than %d", len(m.Body), MaxBodyLen)
	case strings.ContainsFunc(m.Body, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }):
		return invalid("body contains a control character")
	}
	switch {
	case len(m.Calendar) > MaxBodyLen:
		return invalid("calendar has %d bytes, more than %d", len(m.Calendar), MaxBodyLen)
	case m.Calendar != "" && (!utf8.ValidString(m.Calendar) || !strings.HasPrefix(m.Calendar, "BEGIN:VCALENDAR\r\n")):
		return invalid("calendar is not an iCalendar")
	}
	if m.UnsubscribeURL != "" && !validUnsubscribeURL(m.UnsubscribeURL) {
		return invalid("unsubscribe address is not an absolute http(s) URL")
	}
	return m, nil
}

// validUnsubscribeURL accepts an absolute http(s) address of at most MaxURLLen bytes with no
// space, control character, angle bracket or quote (it is written inside <> in a header).
func validUnsubscribeURL(u string) bool {
	if len(u) > MaxURLLen || !(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) {
		return false
	}
	return !strings.ContainsFunc(u, func(r rune) bool {
		return r <= ' ' || r >= 0x7f || r == '<' || r == '>' || r == '"'
	})
}

// checkAddress accepts exactly one bare address ("name@example.no"): no display name, angle
// brackets, comments or quoting.
func checkAddress(to string) error {
	if len(to) < 3 || len(to) > MaxAddressLen {
		return fmt.Errorf("recipient must be 3 to %d bytes", MaxAddressLen)
	}
	a, err := netmail.ParseAddress(to)
	if err != nil || a.Name != "" || a.Address != to {
		return errors.New("recipient is not a single plain e-mail address")
	}
	return nil
}

// hasControl reports whether s contains CR, LF or another control character.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

// Outboxed is a message in the outbox with its delivery state.
type Outboxed struct {
	ID            int64      `db:"id"`
	To            string     `db:"to_address"`
	Subject       string     `db:"subject"`
	Body          string     `db:"body"`
	CreatedAt     time.Time  `db:"created_at"`
	Attempts      int        `db:"attempts"`        // failed attempts so far
	NextAttemptAt time.Time  `db:"next_attempt_at"` // when an unsent message is due
	SentAt        *time.Time `db:"sent_at"`         // nil until sent
	LastError     string     `db:"last_error"`      // the latest failure, kept after a later success
}

// Querier runs a query; *pgxpool.Pool, *pgx.Conn and pgx.Tx all are one.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// List returns up to limit messages of the outbox, newest first; limit is clamped to 1..500.
func List(ctx context.Context, db Querier, limit int) ([]Outboxed, error) {
	limit = max(1, min(limit, 500))
	rows, err := db.Query(ctx, `
		SELECT id, to_address, subject, body, created_at, attempts, next_attempt_at, sent_at, last_error
		FROM mail_outbox ORDER BY created_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("mail: list outbox: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Outboxed])
	if err != nil {
		return nil, fmt.Errorf("mail: list outbox: %w", err)
	}
	return list, nil
}
