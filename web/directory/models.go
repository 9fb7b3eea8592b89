// Package directory holds the pages of member companies and people.
package directory

import (
	"net/url"
	"strconv"
	"strings"

	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/indicators"
	"klyngeportalen/internal/members"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
)

// CompanyPage is a company's profile with its people and groups.
type CompanyPage struct {
	Company    members.Company
	People     []members.Person
	MorePeople bool   // People is the first part of the list: link to the rest
	PeopleHTML string // CompanyPeople rendered (from a cache); "" renders it from People
	Groups     []members.Group
	CanAdmin   bool // the viewer may edit the profile and manage its users
	Contacts   []members.Person
	Figures    []indicators.Figure // the latest submitted report's values
	Posts      []forum.Hit         // recent forum posts by its people that the viewer may see
	Documents  []documents.Brief
	Events     []events.Brief // events it arranges
}

// PeoplePage is the people search with one page of results.
type PeoplePage struct {
	Query     string
	Company   string
	Group     string
	Tag       string // an area of expertise
	From      string // the letter the list starts at
	LetterURL func(letter string) string
	Companies []components.Option
	Groups    []components.Option
	People    []members.Person
	NextURL   string // the next page, or empty
	FirstURL  string // back to the first page when not on it
}

// PersonPage is a person's page: the profile and their recent forum posts the viewer may see.
type PersonPage struct {
	Person members.Person
	Posts  []forum.Hit
	Self   bool // the viewer's own page
}

// Letters are the jump list's letters, in Norwegian order.
var Letters = []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "Æ", "Ø", "Å"}

// TagURL lists the people with an area of expertise.
func TagURL(tag string) string { return "/personer?" + url.Values{"fag": {tag}}.Encode() }

// CompanyForm is the company profile form.
type CompanyForm struct {
	Company members.Company
	Input   members.CompanyInput
	Contact []components.Option
	Errors  components.Errors
}

// UsersPage is a company's user administration.
type UsersPage struct {
	SSO        map[int64]bool // people who sign in with the company's identity provider
	BreakGlass map[int64]bool // cluster admins who keep a password when the company is provider-only
	Company    members.Company
	Users      []members.Person
	ViewerID   int64
	// ViewerIsClusterAdmin: the viewer may give cluster admins break-glass passwords.
	ViewerIsClusterAdmin bool
	Roles                []components.Option // roles the viewer may grant
	Invite               InviteForm
	Outbox               bool // development: invitations can be read in the outbox
}

// InviteForm is the invitation form.
type InviteForm struct {
	Email, Name, Title, Role string
	Errors                   components.Errors
}

// Municipalities joins the owner municipalities for display.
func Municipalities(c members.Company) string {
	if len(c.Municipalities) == 0 {
		return "Ikke oppgitt"
	}
	return strings.Join(c.Municipalities, ", ")
}

// Inhabitants formats the number of inhabitants the Norwegian way (75 000).
func Inhabitants(c members.Company) string {
	if c.Inhabitants == nil {
		return ""
	}
	return Thousands(int64(*c.Inhabitants))
}

// Thousands writes n with a space between groups of three digits.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 4 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// PeopleCount says how many people, in words.
func PeopleCount(n int) string {
	if n == 1 {
		return "1 person"
	}
	return strconv.Itoa(n) + " personer"
}

func companyURL(c members.Company) string { return "/medlemmer/" + c.Slug }
func personURL(p members.Person) string   { return "/personer/" + strconv.FormatInt(p.ID, 10) }
func roleLabel(p members.Person) string   { return p.Role.Label() }

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// telHref keeps the digits and a leading + of a phone number, for a tel: link.
func telHref(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func userURL(p UsersPage, u members.Person) string {
	return "/medlemmer/" + p.Company.Slug + "/brukere/" + idString(u.ID)
}

// canManage: the viewer may change someone whose role they could grant.
func canManage(p UsersPage, u members.Person) bool {
	for _, o := range p.Roles {
		if o.Value == string(u.Role) {
			return true
		}
	}
	return false
}

func roleOptions(roles []components.Option, selected string) []components.Option {
	out := make([]components.Option, len(roles))
	for i, o := range roles {
		o.Selected = o.Value == selected
		out[i] = o
	}
	return out
}

// titleLine is a person's title and department.
func titleLine(p members.Person) string {
	if p.Title != "" && p.Department != "" {
		return p.Title + ", " + p.Department
	}
	return p.Title + p.Department
}

func currentLetter(on bool) string {
	if on {
		return "true"
	}
	return "false"
}

func logoDescribedBy(f CompanyForm) string {
	if f.Errors["logo"] != "" {
		return "logo-beskrivelse logo-feil"
	}
	return "logo-beskrivelse"
}

func logoInvalid(f CompanyForm) string {
	if f.Errors["logo"] != "" {
		return "true"
	}
	return "false"
}

// phoneOf is the number to call a person on: mobile, else work.
func phoneOf(p members.Person) string {
	if p.Mobile != "" {
		return p.Mobile
	}
	return p.Phone
}

func authorOf(h forum.Hit) string {
	if h.AuthorName == nil {
		return "Slettet bruker"
	}
	return *h.AuthorName
}

// eventMeta is an event's date, place and whether it is cancelled.
func eventMeta(e events.Brief) string {
	s := format.Date(e.StartsAt)
	if e.Place != "" {
		s += " · " + e.Place
	}
	switch e.Status {
	case "cancelled":
		s += " · Avlyst"
	case "draft":
		s += " · Utkast"
	}
	return s
}
