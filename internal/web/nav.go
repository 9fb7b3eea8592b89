package web

import (
	"strings"

	"klyngeportalen/web/layout"
)

// menu is the main menu, in the order the areas appear.
var menu = []layout.NavItem{
	{Href: "/", Label: "Forside"},
	{Href: "/medlemmer", Label: "Medlemmer"},
	{Href: "/forum", Label: "Forum"},
	{Href: "/arrangementer", Label: "Arrangementer"},
	{Href: "/arshjul", Label: "Årshjul"},
	{Href: "/nokkeltall", Label: "Nøkkeltall"},
	{Href: "/horinger", Label: "Høringer"},
	{Href: "/dokumenter", Label: "Dokumenter"},
}

// navigation returns the menu with the entry of path marked current.
func navigation(path string) []layout.NavItem {
	items := make([]layout.NavItem, len(menu))
	for i, item := range menu {
		item.Current = path == item.Href || (item.Href != "/" && strings.HasPrefix(path, item.Href+"/"))
		items[i] = item
	}
	return items
}
