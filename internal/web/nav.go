package web

import (
	"strings"

	"klyngeportalen/internal/auth"
	"klyngeportalen/web/layout"
)

// menu is the main menu, in the order the areas appear.
var menu = []layout.NavItem{
	{Href: "/", Label: "Forside"},
	{Href: "/medlemmer", Label: "Medlemmer"},
	{Href: "/forum", Label: "Forum"},
	{Href: "/arrangementer", Label: "Arrangementer"},
	{Href: "/strategi", Label: "Strategi"},
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
			(href == "/partnere" && (path == "/prosjekter" || strings.HasPrefix(path, "/prosjekter/") || path == "/eiere"))
	}
	return items
}

// withMeetings adds Møter to the menu items (before Administrasjon) for those who have group
// meetings: the members of the governing groups and cluster admins.
func withMeetings(items []layout.NavItem, path string, u *auth.User) []layout.NavItem {
	if !u.IsClusterAdmin() && !u.InGroup(auth.GroupDirectors) && !u.InGroup(auth.GroupSteering) {
		return items
	}
	item := layout.NavItem{Href: "/moter", Label: "Møter", Current: path == "/moter" || strings.HasPrefix(path, "/moter/") || path == "/vedtak" || strings.HasPrefix(path, "/vedtak/")}
	at := len(items)
	if at > 0 && items[at-1].Href == "/admin" {
		at--
	}
	return append(items[:at:at], append([]layout.NavItem{item}, items[at:]...)...)
}

// guestNavigation is the menu of owner representatives and partner people: their front page
// (with everything opened to them) and their account.
func guestNavigation(path string) []layout.NavItem {
	return []layout.NavItem{
		{Href: "/", Label: "Forside", Current: path == "/" || strings.HasPrefix(path, "/apent/") && !strings.HasPrefix(path, "/apent/konto")},
		{Href: "/apent/konto", Label: "Min konto", Current: strings.HasPrefix(path, "/apent/konto")},
	}
}

// guestOrigin is where an owner representative or a partner person comes from, as the header shows it.
func guestOrigin(u *auth.User) string {
	if u.IsOwner() {
		return u.Municipality + " kommune (eier)"
	}
	return u.PartnerName
}
