// Package csvcell is the one neutraliser of spreadsheet cells in the portal's CSV files (OWASP's
// advice on CSV injection), used by every export.
package csvcell

import "strings"

// risky are the first characters that make a spreadsheet read a cell as a formula (= + - @, a
// tab, a carriage return), and the apostrophe that marks an escaped one.
const risky = "=+-@\t\r'"

// Escape makes s safe to open in a spreadsheet: a cell that starts with a risky character gets a
// leading apostrophe (one that starts with an apostrophe too, so that Unescape gives back exactly
// what was written).
func Escape(s string) string {
	if s != "" && strings.ContainsRune(risky, rune(s[0])) {
		return "'" + s
	}
	return s
}

// Unescape undoes Escape, so that an exported file can be imported again.
func Unescape(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(risky, rune(s[1])) {
		return s[1:]
	}
	return s
}

// Risky reports whether s would be read as a formula if written unescaped (bulk lists refuse such fields).
func Risky(s string) bool { return s != "" && strings.ContainsRune(risky[:len(risky)-1], rune(s[0])) }
