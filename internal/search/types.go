// Package search is the one search across every kind of object in the portal: people,
// companies, forum threads and posts, documents, events, news, consultations and årshjul
// activities. Each kind's access rule is part of its queries, so a hit or a count never
// reveals what the viewer may not see.
package search

import (
	"klyngeportalen/internal/highlight"
	"klyngeportalen/internal/keyset"
	"strings"
	"time"
	"unicode"
)

// Kind is a kind of object the search finds; its value is the filter in the address (?type=).
type Kind string

// The kinds, in the order the results page shows them.
const (
	People        Kind = "personer"
	Companies     Kind = "selskap"
	Threads       Kind = "trader"
	Posts         Kind = "innlegg"
	Documents     Kind = "dokumenter"
	Events        Kind = "arrangementer"
	News          Kind = "nyheter"
	Consultations Kind = "horinger"
	Activities    Kind = "arshjul"
)

// Kinds lists every kind in the order of the results page.
var Kinds = []Kind{People, Companies, Threads, Posts, Documents, Events, News, Consultations, Activities}

// Label is the kind's Norwegian name.
func (k Kind) Label() string {
	switch k {
	case People:
		return "Personer"
	case Companies:
		return "Selskap"
	case Threads:
		return "Forumtråder"
	case Posts:
		return "Foruminnlegg"
	case Documents:
		return "Dokumenter"
	case Events:
		return "Arrangementer"
	case News:
		return "Nyheter"
	case Consultations:
		return "Høringer"
	case Activities:
		return "Aktiviteter i årshjulet"
	}
	return ""
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return k.Label() != "" }

// scored kinds are ordered by how well the name matches, then by name; the others newest first.
func (k Kind) scored() bool { return k == People || k == Companies }

// Hit is one object found.
type Hit struct {
	ID      int64      `db:"id"`
	Title   string     `db:"title"`
	URL     string     `db:"url"`
	Context string     `db:"context"` // where it is: the forum, the company, the place
	At      *time.Time `db:"at"`      // its date (nil for people and companies)
	Snippet string     `db:"-"`       // clean text with the matches between HighlightStart and HighlightEnd
	Tags    []string   `db:"tags"`    // a person's expertise, a document's tags
	Score   int        `db:"score"`   // people and companies: how well the name matches
}

// Markers of the matched words in a Hit's snippet (private-use characters, never typed).
const (
	HighlightStart = highlight.Start
	HighlightEnd   = highlight.End
)

// Segment is part of a snippet: matched words are Marked.
type Segment struct {
	Text   string
	Marked bool
}

// Segments splits a snippet at its highlight markers, so that a view escapes every part.
func (h Hit) Segments() []Segment {
	var out []Segment
	s := h.Snippet
	for s != "" {
		start := strings.Index(s, HighlightStart)
		if start < 0 {
			out = append(out, Segment{Text: s})
			break
		}
		if start > 0 {
			out = append(out, Segment{Text: s[:start]})
		}
		rest := s[start+len(HighlightStart):]
		end := strings.Index(rest, HighlightEnd)
		if end < 0 {
			out = append(out, Segment{Text: strings.ReplaceAll(rest, HighlightEnd, ""), Marked: true})
			break
		}
		out = append(out, Segment{Text: rest[:end], Marked: true})
		s = rest[end+len(HighlightEnd):]
	}
	for i := range out {
		out[i].Text = highlight.Strip(out[i].Text)
	}
	return out
}

// Cursor is the position after the last hit of a page: (At, ID) newest first for dated kinds,
// (Score, Name, ID) for people and companies.
type Cursor struct {
	At    time.Time
	Score int
	Name  string
	ID    int64
}

// String writes the cursor for the address (internal/keyset).
func (c Cursor) String(k Kind) string {
	if k.scored() {
		return keyset.Format(c.Score, c.ID, c.Name)
	}
	return keyset.Format(c.At, c.ID)
}

// ParseCursor reads a cursor of kind k written by String; ok is false for anything else.
func ParseCursor(k Kind, s string) (Cursor, bool) {
	if k.scored() {
		r := keyset.Parse(s, 3)
		c := Cursor{Score: r.Int(0, 1000), ID: r.ID(), Name: r.Text(200, false)}
		return c, r.OK()
	}
	r := keyset.Parse(s, 2)
	c := Cursor{At: r.Time(), ID: r.ID()}
	return c, r.OK()
}

// MaxQuery is the longest search text, in characters; longer text is cut.
const MaxQuery = 100

// CleanQuery trims q, folds runs of white space and control characters to one space and cuts
// it to MaxQuery characters.
func CleanQuery(q string) string {
	q = strings.Join(strings.FieldsFunc(q, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uE000' || r == '\uE001' || r == '\uFFFD'
	}), " ")
	if r := []rune(q); len(r) > MaxQuery {
		q = strings.TrimSpace(string(r[:MaxQuery]))
	}
	return q
}
