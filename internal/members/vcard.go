package members

import (
	"strings"
	"unicode/utf8"
)

// VCard writes the person's contact card as vCard 4.0 (RFC 6350), for a phone's contacts:
// name, company and department, title, e-mail, phones and the profile's address (url). It
// holds only what the directory shows every member, never groups, role or activity.
func VCard(p Person, url string) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(fold(s)) }
	line("BEGIN:VCARD")
	line("VERSION:4.0")
	line("KIND:individual")
	line("FN:" + vcardText(p.Name))
	family, given := splitName(p.Name)
	line("N:" + vcardText(family) + ";" + vcardText(given) + ";;;")
	org := vcardText(p.CompanyName)
	if p.Department != "" {
		org += ";" + vcardText(p.Department)
	}
	line("ORG:" + org)
	if p.Title != "" {
		line("TITLE:" + vcardText(p.Title))
	}
	line("EMAIL;TYPE=work:" + vcardText(p.Email))
	if p.Phone != "" {
		line("TEL;VALUE=uri;TYPE=\"work,voice\":tel:" + telURI(p.Phone))
	}
	if p.Mobile != "" {
		line("TEL;VALUE=uri;TYPE=\"cell,voice\":tel:" + telURI(p.Mobile))
	}
	if url != "" {
		line("URL:" + url)
	}
	line("END:VCARD")
	return b.String()
}

// splitName takes the last word as the family name, the rest as given names.
func splitName(name string) (family, given string) {
	words := strings.Fields(name)
	if len(words) < 2 {
		return name, ""
	}
	return words[len(words)-1], strings.Join(words[:len(words)-1], " ")
}

// vcardText escapes a text value (RFC 6350 3.4): backslash, comma, semicolon and newlines.
func vcardText(s string) string {
	return strings.NewReplacer(`\`, `\\`, `,`, `\,`, `;`, `\;`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// telURI keeps the digits and a leading + of a phone number (RFC 3966 global or local number).
func telURI(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fold ends a content line with CRLF, folding it after at most 75 octets without splitting a
// character (RFC 6350 3.2).
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}
