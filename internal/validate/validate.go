// Package validate checks and cleans what people type, with a Norwegian message per field.
package validate

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"klyngeportalen/internal/domain"
)

// Errors maps a form field's name to what is wrong with it; empty means valid.
type Errors map[string]string

// Error makes Errors an error value (for returning from stores).
func (e Errors) Error() string { return fmt.Sprintf("validation failed: %d fields", len(e)) }

// Is makes field errors domain errors of kind Invalid: errors.Is(errs, domain.ErrInvalid).
func (e Errors) Is(target error) bool { return target == domain.ErrInvalid }

// Add records msg for field unless the field already has a message.
func (e Errors) Add(field, msg string) {
	if _, ok := e[field]; !ok {
		e[field] = msg
	}
}

// OK reports whether no field has an error.
func (e Errors) OK() bool { return len(e) == 0 }

// Err returns e as an error, or nil when there are none.
func (e Errors) Err() error {
	if e.OK() {
		return nil
	}
	return e
}

// Text trims s and checks it: valid UTF-8, no control characters (newlines only when multiline),
// no invisible direction or zero-width characters, and between min and max characters.
// It records an error under field and returns the cleaned text.
func (e Errors) Text(field, s string, min, max int, multiline bool) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if !utf8.ValidString(s) {
		e.Add(field, "Teksten inneholder ugyldige tegn.")
		return ""
	}
	for _, r := range s {
		if forbidden(r, multiline) {
			e.Add(field, "Teksten inneholder usynlige tegn eller kontrolltegn som ikke kan brukes.")
			return s
		}
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && min > 0:
		e.Add(field, "Feltet må fylles ut.")
	case n < min:
		e.Add(field, fmt.Sprintf("Skriv minst %d tegn.", min))
	case n > max:
		e.Add(field, fmt.Sprintf("Skriv høyst %d tegn (nå %d).", max, n))
	}
	return s
}

// forbidden: control characters, bidirectional overrides and isolates, zero-width characters.
func forbidden(r rune, multiline bool) bool {
	switch {
	case r == '\n' || r == '\t':
		return !multiline
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF:
		return true
	}
	return false
}

// Email checks an e-mail address and returns it trimmed.
func (e Errors) Email(field, s string) string {
	s = e.Text(field, s, 1, 254, false)
	if _, bad := e[field]; bad {
		return s
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		e.Add(field, "Skriv en gyldig e-postadresse, for eksempel navn@selskap.no.")
	}
	return s
}

// URL checks an optional web address (http or https) and returns it trimmed.
func (e Errors) URL(field, s string) string {
	s = e.Text(field, s, 0, 300, false)
	if s == "" {
		return s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \t") {
		e.Add(field, "Skriv en hel nettadresse som begynner med https://.")
	}
	return s
}

// LocalPath returns next if it is a path on this site, and "/" otherwise: where to go after
// signing in or confirming. It refuses protocol-relative and backslash tricks, schemes, and the
// same hidden behind percent-encoding.
func LocalPath(next string) string {
	if next == "" || len(next) > 2000 {
		return "/"
	}
	decoded := next
	for i := 0; i < 3; i++ { // look through up to three layers of encoding
		d, err := url.PathUnescape(decoded)
		if err != nil {
			return "/"
		}
		decoded = d
	}
	for _, p := range []string{next, decoded} {
		if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") ||
			strings.ContainsAny(p, "\\\r\n\t\x00") {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}
