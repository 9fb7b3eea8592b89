package markdown

import (
	"bytes"
	"regexp"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// A post links a document of the kunnskapsbank by writing [[dok:123]]; when the author may see
// document 123, the reference is saved as a link to /dokumenter/123 with the document's title.

// maxRefs bounds how many documents one text may reference.
const maxRefs = 50

// docRef is one reference in a text: [[dok:123]].
var docRef = regexp.MustCompile(`\[\[dok:([0-9]{1,12})\]\]`)

// DocumentRefs returns the distinct ids of the documents src references, at most 50.
func DocumentRefs(src string) []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, m := range docRef.FindAllStringSubmatch(src, -1) {
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || id <= 0 || seen[id] {
			continue
		}
		seen[id] = true
		ids = append(ids, id)
		if len(ids) == maxRefs {
			break
		}
	}
	return ids
}

// refsKey holds, in the parser's context, the titles of the documents that may be linked.
var refsKey = parser.NewContextKey()

// HTMLWithDocuments renders src like HTML, turning each [[dok:id]] whose id is in titles into a
// link to the document with its title as the text; any other reference stays as it was written.
func (r *Renderer) HTMLWithDocuments(src string, titles map[int64]string) string {
	pc := parser.NewContext()
	pc.Set(refsKey, titles)
	return r.render(src, parser.WithContext(pc))
}

// docRefParser parses [[dok:id]] into a link when the id is among the titles in the context.
type docRefParser struct{}

func (docRefParser) Trigger() []byte { return []byte{'['} }

func (docRefParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	titles, _ := pc.Get(refsKey).(map[int64]string)
	if len(titles) == 0 {
		return nil
	}
	line, _ := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("[[dok:")) {
		return nil
	}
	m := docRef.FindSubmatchIndex(line)
	if m == nil || m[0] != 0 {
		return nil
	}
	id, err := strconv.ParseInt(string(line[m[2]:m[3]]), 10, 64)
	if err != nil {
		return nil
	}
	title, ok := titles[id]
	if !ok {
		return nil
	}
	block.Advance(m[1])
	link := ast.NewLink()
	link.Destination = []byte("/dokumenter/" + strconv.FormatInt(id, 10))
	// A raw String is written with <, >, & and " escaped and nothing else resolved: a title is
	// text, never markup or entities.
	t := ast.NewString([]byte(title))
	t.SetRaw(true)
	link.AppendChild(link, t)
	return link
}
