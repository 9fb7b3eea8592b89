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
	{Href: "/nyheter", Label: "Nyheter"},
	{Href: "/dokumenter", Label: "Dokumenter"},
	{Href: "/partnere", Label: "Partnere"},
}

// navigation returns the menu (with Administrasjon for cluster admins) with the entry of path
// marked current.
func navigation(path string, clusterAdmin bool) []layout.NavItem {
	items := append([]layout.NavItem(nil), menu...)
	if clusterAdmin {
		items = append(items, layout.NavItem{Href: "/admin", Label: "Administrasjon"})
	}
	for i := range items {
		href := items[i].Href
		items[i].Current = path == href || (href != "/" && strings.HasPrefix(path, href+"/")) ||
			(href == "/medlemmer" && (path == "/personer" || strings.HasPrefix(path, "/personer/"))) ||
			(href == "/partnere" && (path == "/prosjekter" || strings.HasPrefix(path, "/prosjekter/")))
	}
	return items
}
