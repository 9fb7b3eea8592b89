// Package highlight marks a search's words in a text the way PostgreSQL's Norwegian text search
// matches them (the database's stems of the search, the same Snowball stemmer for the text), so
// that a search's snippets are cut in Go: ts_headline cost 80 µs a post (and stripping its HTML 30 µs more) on the database,
// the one resource every search competes for.
package highlight

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/norwegian"
)

// Markers around the matched words of a snippet (private-use characters, never typed).
const (
	Start = "\uE000"
	End   = "\uE001"
)

// Strip is s without the markers: what a page shows of a snippet's text (a replacer made per
// call was a tenth of a search page's CPU).
func Strip(s string) string {
	if !strings.ContainsAny(s, Start+End) {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, Start, ""), End, "")
}

// SourceSQL is the start of the text column col that a snippet is cut from: a match further into
// a long text shows the text's start (the database sends no more than 30 000 characters).
func SourceSQL(col string) string { return `left(` + col + `, 30000)` }

// Query is the stems of a search's words that a text can match.
type Query struct{ stems []string }

// TreeSQL is the SQL of the tree Parse reads, for the search text @q: PostgreSQL's own parse of
// it (websearch syntax, Norwegian stems, without stop words and without the excluded words).
const TreeSQL = `querytree(websearch_to_tsquery('norwegian', @q))`

// Parse reads the lexemes of a tsquery's querytree ("'fell' <-> 'anbud' | 'innsamling'").
func Parse(tree string) Query {
	var out Query
	for i := 0; i < len(tree); i++ {
		if tree[i] != '\'' {
			continue
		}
		var lexeme strings.Builder
		for i++; i < len(tree); i++ {
			if tree[i] == '\'' {
				if i+1 < len(tree) && tree[i+1] == '\'' { // a quote in the lexeme, doubled
					lexeme.WriteByte('\'')
					i++
					continue
				}
				break
			}
			lexeme.WriteByte(tree[i])
		}
		if lexeme.Len() > 0 {
			out.add(lexeme.String())
		}
	}
	return out
}

func (q *Query) add(stem string) {
	for _, s := range q.stems {
		if s == stem {
			return
		}
	}
	q.stems = append(q.stems, stem)
}

// Empty says whether the query matches nothing.
func (q Query) Empty() bool { return len(q.stems) == 0 }

// matches says whether word (as written) is one of the query's words in some inflection. Its
// stem is a prefix of the word, so only a word that starts with a query stem is stemmed. (The
// stemmer's stop words are fewer than the database's: a stop word such as "har" whose form is
// the stem of a search word is marked although the database does not match it.)
func (q Query) matches(word string) bool {
	for _, s := range q.stems {
		if len(word) >= len(s) && strings.EqualFold(word[:len(s)], s) && norwegian.Stem(word, true) == s {
			return true
		}
	}
	return false
}

// Snippet is at most maxWords words of text in at most maxFragments fragments around the
// first matches (or the text's start when nothing matches), the matches between Start and
// End, the fragments joined by " … " and the cut ends marked with "…". The shown text's white
// space is collapsed, and any marker characters in it are dropped.
func (q Query) Snippet(text string, maxWords, maxFragments int) string {
	if maxWords <= 0 {
		return ""
	}
	// The words up to where no fragment can reach, and which of them match.
	var words []span
	var hits []int
	more := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		if len(hits) > 0 && len(words) >= hits[0]+3*maxWords {
			more = true
			break
		}
		end := wordEnd(text, i)
		if q.matches(text[i:end]) {
			hits = append(hits, len(words))
		}
		words = append(words, span{i, end})
		i = end
	}
	if len(words) == 0 {
		return ""
	}
	frags := fragments(len(words), hits, maxWords, max(1, maxFragments))
	var b strings.Builder
	b.Grow(len(text[words[frags[0].from].start:words[frags[len(frags)-1].to-1].end]) + 16)
	next := 0 // the next of hits
	for i, f := range frags {
		switch {
		case i == 0 && f.from > 0:
			b.WriteString("… ")
		case i > 0 && f.from == frags[i-1].to:
			b.WriteString(" ")
		case i > 0:
			b.WriteString(" … ")
		}
		pos := words[f.from].start
		for w := f.from; w < f.to; w++ {
			sp := words[w]
			b.WriteString(gap(text[pos:sp.start]))
			for next < len(hits) && hits[next] < w {
				next++
			}
			if next < len(hits) && hits[next] == w {
				b.WriteString(Start + text[sp.start:sp.end] + End)
			} else {
				b.WriteString(text[sp.start:sp.end])
			}
			pos = sp.end
		}
		// The punctuation after the fragment's last word.
		if f.to < len(words) {
			b.WriteString(strings.TrimSpace(gap(text[pos:words[f.to].start])))
		} else if !more {
			b.WriteString(strings.TrimSpace(gap(text[pos:])))
		}
	}
	if more || frags[len(frags)-1].to < len(words) {
		b.WriteString(" …")
	}
	return b.String()
}

// gap is the text between two words as a snippet shows it: its runs of white space one space,
// without markers.
func gap(s string) string {
	if s == " " || s == "" {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\uE000' || r == '\uE001':
		case unicode.IsSpace(r):
			space = true
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// fragment is words [from, to) of a text.
type fragment struct{ from, to int }

// lead is how many words before a match a fragment shows.
const lead = 4

// fragments chooses at most n fragments of at most max words in all among count words, each
// beginning a little before a match not yet shown.
func fragments(count int, hits []int, maxWords, n int) []fragment {
	if len(hits) == 0 {
		return []fragment{{0, min(count, maxWords)}}
	}
	// One fragment when the matches fit in one; else up to n of equal size.
	first := max(0, hits[0]-lead)
	if hits[len(hits)-1] < first+maxWords || n == 1 {
		from := max(0, min(first, count-maxWords))
		return []fragment{{from, min(count, from+maxWords)}}
	}
	size := max(1, maxWords/n)
	var out []fragment
	end := 0
	for _, h := range hits {
		if len(out) == n {
			break
		}
		if h < end {
			continue
		}
		from := max(end, h-lead)
		out = append(out, fragment{from, min(count, from+size)})
		end = from + size
	}
	return out
}

// span is a word's bytes in a text.
type span struct{ start, end int }

// spans are the words of text: runs of letters and digits.
func spans(text string) []span {
	var out []span
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		end := wordEnd(text, i)
		out = append(out, span{i, end})
		i = end
	}
	return out
}

func wordEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			break
		}
		i += size
	}
	return i
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
