// Package components holds small view parts shared by the pages: form fields, error summary.
package components

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Errors maps a field name to what is wrong with it (validate.Errors in the areas).
type Errors map[string]string

// Field describes one labelled input.
type Field struct {
	Name         string // form field name, also the id
	Label        string
	Type         string // text, email, password, tel, url, number; "" means text
	Value        string
	Description  string // help text under the label
	Autocomplete string
	Required     bool
	Error        string
}

func (f Field) inputType() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

func (f Field) describedBy() string {
	ids := ""
	if f.Description != "" {
		ids = f.Name + "-beskrivelse"
	}
	if f.Error != "" {
		if ids != "" {
			ids += " "
		}
		ids += f.Name + "-feil"
	}
	return ids
}

// Option is one choice of a select.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// ErrorItem is one line of the error summary, linking to its field.
type ErrorItem struct {
	Field   string
	Message string
}

// Summary orders the errors by the fields of a form, for the error summary. Each field may be
// given as "name=Label": the summary then names the field ("Tittel må fylles ut."), as
// Designsystemet's error summary asks, since a line is read away from its field.
func Summary(errs Errors, fieldOrder ...string) []ErrorItem {
	var out []ErrorItem
	seen := map[string]bool{}
	for _, f := range fieldOrder {
		name, label, _ := strings.Cut(f, "=")
		if m, ok := errs[name]; ok {
			out = append(out, ErrorItem{name, SummaryLine(label, m)})
			seen[name] = true
		}
	}
	rest := make([]string, 0, len(errs))
	for f := range errs {
		if !seen[f] {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest) // a stable order for fields the caller did not list
	for _, f := range rest {
		out = append(out, ErrorItem{f, errs[f]})
	}
	return out
}

// SummaryLine is a field's message as the error summary shows it: with the field's label in
// front, and "Feltet må fylles ut." said as "<Label> må fylles ut.".
func SummaryLine(label, message string) string {
	if label == "" {
		return message
	}
	if rest, ok := strings.CutPrefix(message, "Feltet "); ok {
		return label + " " + rest
	}
	return label + ": " + lowerFirst(message)
}

// lowerFirst lowers the first letter of a sentence that follows a label and a colon, unless the
// sentence starts with an abbreviation or a name (two capitals in a row, or a known word).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func rowsAttr(n int) string {
	if n <= 0 {
		n = 4
	}
	return strconv.Itoa(n)
}
