// Package news holds the pages of news and success stories.
package news

import (
	"strconv"

	nws "klyngeportalen/internal/news"
	"klyngeportalen/web/components"
)

// ListPage is a page of news, newest first.
type ListPage struct {
	Items      []nws.News
	CanPublish bool
	NextURL    string
	FirstURL   string
}

// Form is the publishing form (ID 0) or the editing form of news item ID, with its messages.
type Form struct {
	ID                                   int64
	Kind, Title, Ingress, Body, ImageAlt string
	HasImage                             bool // the item being edited has an image
	RemoveImage                          bool
	OpenTo                               []string
	Errors                               components.Errors
}

func formAction(f Form) string {
	if f.ID == 0 {
		return "/nyheter/ny"
	}
	return "/nyheter/" + strconv.FormatInt(f.ID, 10) + "/rediger"
}

func itemURL(n nws.News) string  { return "/nyheter/" + strconv.FormatInt(n.ID, 10) }
func imageURL(n nws.News) string { return itemURL(n) + "/bilde" }

func byline(n nws.News) string {
	s := ""
	if n.AuthorName != nil {
		s = *n.AuthorName
	}
	if n.CompanyName != nil {
		if s != "" {
			s += ", "
		}
		s += *n.CompanyName
	}
	return s
}

func kindOptions(selected string) []components.Option {
	if selected == "" {
		selected = nws.KindNews
	}
	return []components.Option{
		{Value: nws.KindNews, Label: "Nyhet", Selected: selected == nws.KindNews},
		{Value: nws.KindStory, Label: "Suksesshistorie", Selected: selected == nws.KindStory},
	}
}

func maxImageMB() string { return strconv.Itoa(nws.MaxImageBytes >> 20) }
