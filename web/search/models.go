// Package search holds the page of the one search across the portal.
package search

import (
	"net/url"
	"strconv"

	"klyngeportalen/internal/search"
	"klyngeportalen/web/format"
)

// Page is the search page: the text, the kind filter and the result.
type Page struct {
	Query   string
	Kind    search.Kind // "" for every kind
	Result  search.Result
	NextURL string // the next page of Kind, or ""
	Paged   bool   // not the first page of Kind
}

// URL is the search address of q, narrowed to kind k ("" for every kind).
func URL(q string, k search.Kind) string {
	v := url.Values{"q": {q}}
	if k != "" {
		v.Set("type", string(k))
	}
	return "/sok?" + v.Encode()
}

// CountText writes a count, "over 50" beyond search.CountCap.
func CountText(n int) string {
	if n > search.CountCap {
		return "over " + strconv.Itoa(search.CountCap)
	}
	return strconv.Itoa(n)
}

// Shown are the groups the page lists hits of: every kind with a hit, or the chosen kind.
func (p Page) Shown() []search.Group {
	var out []search.Group
	for _, g := range p.Result.Groups {
		if (p.Kind == "" && len(g.Hits) > 0) || g.Kind == p.Kind {
			out = append(out, g)
		}
	}
	return out
}

// Count is the count of kind k.
func (p Page) Count(k search.Kind) int {
	for _, g := range p.Result.Groups {
		if g.Kind == k {
			return g.Count
		}
	}
	return 0
}

func date(h search.Hit) string {
	if h.At == nil {
		return ""
	}
	return format.Date(*h.At)
}

func current(on bool) string {
	if on {
		return "page"
	}
	return "false"
}
