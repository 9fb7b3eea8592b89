// Package domain holds the portal's one error type for what a request cannot do: invalid, not
// found, forbidden, conflict, too large. Each area names its errors with New (forum.ErrNotFound,
// documents.ErrConflict, …); internal/web maps the kind to an HTTP status in one place. Anything
// that is not a domain error (a failed query, a timeout) is an infrastructure error: it is
// logged and shown as such, never as a field message or a 404.
package domain

import "errors"

// Kind is what went wrong, as the person asking sees it.
type Kind uint8

// The kinds of domain error.
const (
	Invalid   Kind = iota + 1 // the request cannot be carried out as sent (400; 422 with field messages)
	NotFound                  // not there, or not for this person (404)
	Forbidden                 // there, but not for this person to do (403)
	Conflict                  // the state does not allow it now (409)
	TooLarge                  // more than the route takes (413)
)

// Error is a domain error: its kind and a text for logs and tests (never shown to users).
type Error struct {
	Kind Kind
	Text string
}

func (e *Error) Error() string { return e.Text }

// Is lets errors.Is match any domain error against its kind's sentinel: errors.Is(forum.ErrNotFound,
// domain.ErrNotFound) is true, errors.Is(forum.ErrNotFound, events.ErrNotFound) is not.
func (e *Error) Is(target error) bool {
	for _, s := range sentinels {
		if target == s {
			return s.Kind == e.Kind
		}
	}
	return false
}

// New returns a new domain error of kind with text (an area's sentinel).
func New(kind Kind, text string) *Error { return &Error{Kind: kind, Text: text} }

// The sentinels of the kinds, for errors.Is.
var (
	ErrInvalid   = New(Invalid, "invalid")
	ErrNotFound  = New(NotFound, "not found")
	ErrForbidden = New(Forbidden, "forbidden")
	ErrConflict  = New(Conflict, "conflict")
	ErrTooLarge  = New(TooLarge, "too large")
)

var sentinels = []*Error{ErrInvalid, ErrNotFound, ErrForbidden, ErrConflict, ErrTooLarge}

// KindOf returns the kind of err, or 0 when err is no domain error.
func KindOf(err error) Kind {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return s.Kind
		}
	}
	return 0
}
