// Package news holds the pages of news and success stories.
package news

import (
	"strconv"

	"klyngeportalen/internal/consultations"
	"klyngeportalen/web/components"
)

// ListPage is a page of news, newest first.
type ListPage struct {
	Items      []consultations.News
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

func itemURL(n consultations.News) string  { return "/nyheter/" + strconv.FormatInt(n.ID, 10) }
func imageURL(n consultations.News) string { return itemURL(n) + "/bilde" }

func byline(n consultations.News) string {
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
		selected = consultations.KindNews
	}
	return []components.Option{
		{Value: consultations.KindNews, Label: "Nyhet", Selected: selected == consultations.KindNews},
		{Value: consultations.KindStory, Label: "Suksesshistorie", Selected: selected == consultations.KindStory},
	}
}

func maxImageMB() string { return strconv.Itoa(consultations.MaxImageBytes >> 20) }
