// Package keyset writes and reads the cursors of keyset paging: the position after the last row
// of a page (its sort keys and its id), as the address's "etter" parameter. Every list that pages
// by keys (events, documents, people, forum threads and views, news, the consultation archive,
// search) writes its cursor with Format and reads it with Parse, so a cursor is one format: the
// keys joined by "_", numbers and times first and any free text last.
package keyset

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxLen is the longest cursor read; anything longer is refused.
const MaxLen = 300

// sep joins the keys.
const sep = "_"

// Format writes a cursor of keys: an int or int64 as a number, a bool as 0 or 1, a time as
// its Unix microseconds, a string as itself (only as the last key, since it may hold "_").
func Format(keys ...any) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		switch v := k.(type) {
		case int:
			parts[i] = strconv.Itoa(v)
		case int64:
			parts[i] = strconv.FormatInt(v, 10)
		case bool:
			parts[i] = map[bool]string{false: "0", true: "1"}[v]
		case time.Time:
			parts[i] = strconv.FormatInt(v.UnixMicro(), 10)
		case string:
			parts[i] = v
		default:
			panic("keyset: a key of an unknown type")
		}
	}
	return strings.Join(parts, sep)
}

// Cursor reads the keys of a cursor in order; OK reports whether every key read was well formed.
type Cursor struct {
	parts []string
	next  int
	ok    bool
}

// Parse splits s into n keys (the last takes the rest of s). A cursor of another shape, or
// longer than MaxLen, reads as zero values and is not OK.
func Parse(s string, n int) *Cursor {
	parts := strings.SplitN(s, sep, n)
	ok := len(s) <= MaxLen && len(parts) == n && utf8.ValidString(s)
	if !ok {
		parts = make([]string, n)
	}
	return &Cursor{parts: parts, ok: ok}
}

// OK reports whether the cursor had its shape and every key read so far was well formed.
func (c *Cursor) OK() bool { return c.ok }

func (c *Cursor) take() string {
	if c.next >= len(c.parts) {
		c.ok = false
		return ""
	}
	c.next++
	return c.parts[c.next-1]
}

// ID reads a row id (a positive number).
func (c *Cursor) ID() int64 {
	n, err := strconv.ParseInt(c.take(), 10, 64)
	if err != nil || n <= 0 {
		c.ok = false
		return 0
	}
	return n
}

// Int reads a number from lo to hi.
func (c *Cursor) Int(lo, hi int) int {
	n, err := strconv.Atoi(c.take())
	if err != nil || n < lo || n > hi {
		c.ok = false
		return 0
	}
	return n
}

// Bool reads 0 or 1.
func (c *Cursor) Bool() bool {
	switch c.take() {
	case "0":
		return false
	case "1":
		return true
	}
	c.ok = false
	return false
}

// Time reads a time written as Unix microseconds, from 1970 to 2100.
func (c *Cursor) Time() time.Time {
	n, err := strconv.ParseInt(c.take(), 10, 64)
	if err != nil || n < 0 || n > 4102444800000000 {
		c.ok = false
		return time.Time{}
	}
	return time.UnixMicro(n).UTC()
}

// Date reads a date written as 2006-01-02.
func (c *Cursor) Date() time.Time {
	t, err := time.Parse(time.DateOnly, c.take())
	if err != nil {
		c.ok = false
	}
	return t
}

// Text reads a text key of at most max characters without control characters (a name, a
// sort key); it may be empty only if empty is allowed.
func (c *Cursor) Text(max int, empty bool) string {
	s := c.take()
	if (s == "" && !empty) || utf8.RuneCountInString(s) > max || strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) >= 0 {
		c.ok = false
		return ""
	}
	return s
}
