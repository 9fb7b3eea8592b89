// Package layout holds the page frame every page is rendered in.
package layout

import "strconv"

// Shell is what the frame needs besides the page's own content.
type Shell struct {
	Title   string    // the page's title, without the site name
	CSS     []string  // stylesheet URLs (content-hashed)
	Scripts []string  // module script URLs (content-hashed), progressive only
	Icon    string    // the favicon's URL (content-hashed SVG)
	Nav     []NavItem // the main menu
	User    *User     // nil for an anonymous visitor
	Flash   *Flash    // a message from the previous request, shown once
	Unread  int       // unread notifications (the bell)
}

// NavItem is one entry of the main menu.
type NavItem struct {
	Href    string
	Label   string
	Current bool
}

// User is the signed-in person as the frame shows them.
type User struct {
	Name    string
	Company string
	// Guest: an owner representative or a partner person, who has no search, bell or /meg.
	Guest bool
}

// MeHref is the person's own page: /meg for members, the account page for guests.
func (u *User) MeHref() string {
	if u.Guest {
		return "/apent/konto"
	}
	return "/meg"
}

// Flash is a one-time message: Kind is success, info, warning or danger.
type Flash struct {
	Kind    string
	Message string
}

// FullTitle is the document title: the page's and the site's.
func (s Shell) FullTitle() string {
	if s.Title == "" {
		return "Klyngeportalen"
	}
	return s.Title + " – Klyngeportalen"
}

// UnreadCount is the bell's number: "99+" beyond 99 (the store counts no further).
func (s Shell) UnreadCount() string {
	if s.Unread > 99 {
		return "99+"
	}
	return strconv.Itoa(s.Unread)
}

// UnreadLabel is the bell's accessible text.
func (s Shell) UnreadLabel() string {
	switch s.Unread {
	case 0:
		return "Varsler, ingen uleste"
	case 1:
		return "Varsler, 1 ulest"
	}
	return "Varsler, " + s.UnreadCount() + " uleste"
}

func ariaCurrent(current bool) string {
	if current {
		return "page"
	}
	return "false"
}
