// Package components holds small view parts shared by the pages: form fields, error summary.
package components

import "strconv"

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

// Summary orders the errors by the fields of a form, for the error summary.
func Summary(errs Errors, fieldOrder ...string) []ErrorItem {
	var out []ErrorItem
	seen := map[string]bool{}
	for _, f := range fieldOrder {
		if m, ok := errs[f]; ok {
			out = append(out, ErrorItem{f, m})
			seen[f] = true
		}
	}
	for f, m := range errs {
		if !seen[f] {
			out = append(out, ErrorItem{f, m})
		}
	}
	return out
}

func rowsAttr(n int) string {
	if n <= 0 {
		n = 4
	}
	return strconv.Itoa(n)
}
