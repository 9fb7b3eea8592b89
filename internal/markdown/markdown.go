// Package markdown turns what members write into safe HTML, once, when it is saved.
//
// goldmark parses CommonMark with GitHub's tables, strike-through, task lists and bare links,
// never passing raw HTML through; bluemonday's UGC policy then cleans the result. Headings are
// moved down two levels (a page has one h1 and its sections h2), images become plain links
// (no third-party image loads from inside the intranet), and every link gets
// rel="nofollow noopener".
package markdown

import (
	"bytes"
	"regexp"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxLength is the longest text, in characters, that the portal accepts for a Markdown body.
const MaxLength = 50_000

// Renderer renders Markdown to sanitised HTML. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns the portal's renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(portalTransformer{}, 100)),
			// Before the link parser (200), which would otherwise take the brackets.
			parser.WithInlineParsers(util.Prioritized(docRefParser{}, 150))),
	)
	policy := bluemonday.UGCPolicy()
	policy.RequireNoFollowOnLinks(true)
	policy.AllowAttrs("rel").Matching(regexp.MustCompile(`^nofollow noopener$`)).OnElements("a")
	policy.AllowAttrs("class").Matching(regexp.MustCompile(`^contains-task-list$|^task-list-item$`)).OnElements("ul", "li")
	policy.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	policy.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^$|^checked$|^disabled$`)).OnElements("input")
	policy.RequireParseableURLs(true)
	policy.AllowURLSchemes("http", "https", "mailto", "tel")
	return &Renderer{md: md, policy: policy}
}

// HTML renders src as sanitised HTML. Invalid UTF-8 is replaced, never passed on.
func (r *Renderer) HTML(src string) string { return r.render(src) }

func (r *Renderer) render(src string, opts ...parser.ParseOption) string {
	if !utf8.ValidString(src) {
		src = string(bytes.ToValidUTF8([]byte(src), []byte("\uFFFD")))
	}
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf, opts...); err != nil {
		// Convert only fails when its writer does; a bytes.Buffer does not.
		return ""
	}
	return r.policy.Sanitize(buf.String())
}

// portalTransformer moves headings down, turns images into links and marks links.
type portalTransformer struct{}

func (portalTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+2, 6)
		case *ast.Link:
			n.SetAttributeString("rel", []byte("nofollow noopener"))
		case *ast.AutoLink:
			n.SetAttributeString("rel", []byte("nofollow noopener"))
		case *ast.Image:
			images = append(images, n)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination = img.Destination
		link.Title = img.Title
		link.SetAttributeString("rel", []byte("nofollow noopener"))
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if !link.HasChildren() {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}
