package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"
)

// outgoing is a claimed outbox row on its way to the SMTP server.
type outgoing struct {
	ID          int64     `db:"id"`
	To          string    `db:"to_address"`
	Subject     string    `db:"subject"`
	Body        string    `db:"body"`
	Calendar    string    `db:"calendar"`        // an iCalendar attachment, or ""
	Unsubscribe string    `db:"unsubscribe_url"` // a one-click unsubscribe address, or ""
	CreatedAt   time.Time `db:"created_at"`
	Attempts    int       `db:"attempts"`
	DueAt       time.Time `db:"due_at"`          // next_attempt_at before the claim
	LeaseEnd    time.Time `db:"next_attempt_at"` // next_attempt_at set by the claim
}

// buildMIME renders m as an RFC 5322 message with a quoted-printable UTF-8 text body. The
// header values are checked again here, so a row written around Enqueue cannot inject headers.
func buildMIME(from *netmail.Address, m outgoing) ([]byte, error) {
	if hasControl(m.To) || hasControl(m.Subject) {
		return nil, errors.New("mail: line break or control character in a header")
	}
	if err := checkAddress(m.To); err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	if m.Unsubscribe != "" && !validUnsubscribeURL(m.Unsubscribe) {
		return nil, errors.New("mail: unsubscribe address is not a plain http(s) URL")
	}
	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(name)
		b.WriteString(":")
		b.WriteString(fold(len(name)+1, value))
		b.WriteString("\r\n")
	}
	header("From", from.String())
	header("To", (&netmail.Address{Address: m.To}).String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", m.CreatedAt.Format(time.RFC1123Z))
	header("Message-ID", messageID(from.Address, m))
	header("Auto-Submitted", "auto-generated")
	if m.Unsubscribe != "" {
		// RFC 2369 and RFC 8058: the mail program may offer unsubscribing, by one POST.
		header("List-Unsubscribe", "<"+m.Unsubscribe+">")
		header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	header("MIME-Version", "1.0")
	boundary := ""
	if m.Calendar != "" {
		// multipart/mixed: the text, then the calendar as an attachment.
		sum := sha256.Sum256([]byte(messageID(from.Address, m)))
		boundary = "=_klynge_" + hex.EncodeToString(sum[:12])
		header("Content-Type", `multipart/mixed; boundary="`+boundary+`"`)
		b.WriteString("\r\n--" + boundary + "\r\n")
	}
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")

	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(m.Body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	b.WriteString("\r\n")
	if boundary != "" {
		b.WriteString("--" + boundary + "\r\n")
		method := "PUBLISH" // the calendar's own METHOD, so that a mail program treats a cancellation as one
		if strings.Contains(m.Calendar, "\r\nMETHOD:CANCEL\r\n") {
			method = "CANCEL"
		}
		header("Content-Type", `text/calendar; charset=utf-8; method=`+method+`; name="arrangement.ics"`)
		header("Content-Disposition", `attachment; filename="arrangement.ics"`)
		header("Content-Transfer-Encoding", "base64")
		b.WriteString("\r\n")
		enc := base64.StdEncoding.EncodeToString([]byte(m.Calendar))
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n--" + boundary + "--\r\n")
	}
	return b.Bytes(), nil
}

// messageID is the same for every attempt at one outbox row, so that a receiver can tell a
// repeated delivery (see Sender) for the same mail.
func messageID(from string, m outgoing) string {
	domain := "klyngeportalen.invalid"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i < len(from)-1 {
		domain = from[i+1:]
	}
	h := sha256.Sum256([]byte(strconv.FormatInt(m.ID, 10) + "\x00" +
		strconv.FormatInt(m.CreatedAt.UnixMicro(), 10) + "\x00" + m.To))
	return "<" + hex.EncodeToString(h[:16]) + "@" + domain + ">"
}

// fold puts a space before each word of a header value and breaks the line before a word
// that would pass 78 characters, unless the line holds nothing yet; start is the length of
// "Name:" on the first line.
func fold(start int, value string) string {
	var b strings.Builder
	line, empty := start, false // the first line holds the header name
	for word := range strings.SplitSeq(value, " ") {
		if line+1+len(word) > 78 && !empty {
			b.WriteString("\r\n")
			line, empty = 0, true
		}
		b.WriteByte(' ')
		b.WriteString(word)
		line += 1 + len(word)
		empty = empty && word == ""
	}
	return b.String()
}
