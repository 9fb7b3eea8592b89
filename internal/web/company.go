package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/indicators"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/directory"
)

// What a company's page shows of its contacts and of each kind of activity.
const (
	companyContactsShown = 6
	companyActivityShown = 5
)

// companyPeopleShown is how many people a company's page lists before linking to the search.
const companyPeopleShown = 30

func (s *Server) companies(w http.ResponseWriter, r *http.Request) {
	list, err := s.members.Companies(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Medlemmer", directory.Companies(list))
}

// company loads the company of the {company} slug, answering 404 itself when there is none.
func (s *Server) company(w http.ResponseWriter, r *http.Request) (members.Company, bool) {
	c, err := s.members.Company(r.Context(), chi.URLParam(r, "company"))
	if err != nil {
		s.fail(w, r, err)
		return c, false
	}
	return c, true
}

// companyPage is a company's page, kept rendered for every viewer who sees it alike (their
// visibility, and whether they administer the company) while nothing it shows changes: its
// versions (the people's, the searchable things' for its posts and documents, the events', the
// indicators' and the reference version, for the company itself, its groups and names) come with
// who the viewer is. So, while the page is not kept, do its groups, contacts, key figures and
// what it has done lately (ownCompanyReads): one round trip, or two on the first view after a
// change.
func (s *Server) companyPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.company(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	v, err := s.versionsOf(ctx, "company")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now()
	view := companyView(c.ID, u)
	key := v.key() + "|" + view
	if f, ok := s.pages.get(key, now); ok {
		s.render(w, r, http.StatusOK, f.title, templ.Raw(f.body))
		return
	}
	cr, early := ownReads[companyReads](ctx, "company")
	if !early || cr.page.Company.ID != c.ID || cr.reference != v.reference() {
		cr = &companyReads{}
		var b pgx.Batch
		queueCompanyReads(&b, u, c, cr)
		if err := database.Send(ctx, s.pool, &b); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	page := cr.page
	page.Company, page.CanAdmin = c, u.CanAdminCompany(c.ID)
	// The list of its people is the same for every viewer: rendered once while no one in it changes.
	peopleKey := fmt.Sprintf("company-people|%d|%d|%d", v.n[0], v.reference(), c.ID)
	frag, ok := s.pages.get(peopleKey, now)
	if !ok {
		// The first people by name; a large company's whole staff is one click away in the search.
		people, more, err := s.members.SearchPeople(ctx, members.PeopleFilter{Company: c.Slug, Limit: companyPeopleShown})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		body, err := renderShared(ctx, directory.CompanyPeople(directory.CompanyPage{Company: c, People: people, MorePeople: more}))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		frag = fragment{body: body}
		s.pages.put(peopleKey, frag)
	}
	page.PeopleHTML = frag.body
	body, err := renderShared(ctx, directory.Company(page))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.pages.put(key, fragment{title: c.Name, body: body})
	s.views.put(view, key)
	s.render(w, r, http.StatusOK, c.Name, templ.Raw(body))
}

// companyView is company id's page as u sees it: its key without the versions.
func companyView(id int64, u *auth.User) string {
	return fmt.Sprintf("company|%d|%s|%t", id, visibilityKey(u), u.CanAdminCompany(id))
}

// companyReads are a company page's reads of its own: the company they were made for (as kept
// at reference version reference) and what they found.
type companyReads struct {
	reference int64
	page      directory.CompanyPage
}

// ownCompanyReads are the company page's reads sent with who the viewer is (keptpages.go), for
// the company of the address as last kept in memory, unless its page is kept for the viewer; the
// page uses them only if the reference version read with them is the one that company was kept at.
func (s *Server) ownCompanyReads(b *pgx.Batch, r ownRequest) any {
	c, ref, ok := s.members.LastCompany(r.param("company"))
	if !ok || s.views.kept(s.pages, companyView(c.ID, r.viewer), s.now()) {
		return nil
	}
	cr := &companyReads{reference: ref}
	queueCompanyReads(b, r.viewer, c, cr)
	return cr
}

// queueCompanyReads adds to b the reads of company c's page for viewer u: its groups, contacts,
// key figures, and its recent posts, documents and events that u may see.
func queueCompanyReads(b *pgx.Batch, u *auth.User, c members.Company, cr *companyReads) {
	p := &cr.page
	p.Company = c
	members.QueueCompanyGroups(b, c.ID, &p.Groups)
	members.QueueContacts(b, c, companyContactsShown, &p.Contacts)
	indicators.QueueLatestFigures(b, c.ID, &p.Figures)
	forum.QueueRecentPostsOfCompany(b, u, c.ID, companyActivityShown, &p.Posts)
	documents.QueueRecentOfCompany(b, u, c.ID, companyActivityShown, &p.Documents)
	events.QueueArrangedBy(b, events.ViewerOf(u), c.ID, companyActivityShown, &p.Events)
}

// adminCompany loads the company and checks that the viewer administers it (403 otherwise).
func (s *Server) adminCompany(w http.ResponseWriter, r *http.Request) (members.Company, bool) {
	c, ok := s.company(w, r)
	if ok && !auth.UserFrom(r.Context()).CanAdminCompany(c.ID) {
		s.errorPage(w, r, http.StatusForbidden)
		return c, false
	}
	return c, ok
}

func (s *Server) editCompanyPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok {
		return
	}
	in := companyInput(c)
	s.renderCompanyForm(w, r, http.StatusOK, c, in, nil)
}

// companyInput is the company's profile as the form shows it.
func companyInput(c members.Company) members.CompanyInput {
	in := members.CompanyInput{
		Name: c.Name, ShortName: c.ShortName, OrgNumber: c.OrgNumber, Municipalities: strings.Join(c.Municipalities, ", "),
		Address: c.Address, PostalAddress: c.PostalAddress, Phone: c.Phone, Website: c.Website, Description: c.Description,
	}
	if c.Inhabitants != nil {
		in.Inhabitants = strconv.Itoa(int(*c.Inhabitants))
	}
	if c.ContactUserID != nil {
		in.ContactUserID = strconv.FormatInt(*c.ContactUserID, 10)
	}
	return in
}

func (s *Server) renderCompanyForm(w http.ResponseWriter, r *http.Request, status int, c members.Company, in members.CompanyInput, errs validate.Errors) {
	people, err := s.members.PeopleOf(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	contact := []components.Option{{Value: "", Label: "Ingen valgt", Selected: in.ContactUserID == ""}}
	for _, p := range people {
		id := strconv.FormatInt(p.ID, 10)
		contact = append(contact, components.Option{Value: id, Label: p.Name, Selected: id == in.ContactUserID})
	}
	s.render(w, r, status, "Rediger "+c.Name, directory.EditCompany(directory.CompanyForm{
		Company: c, Input: in, Contact: contact, Errors: components.Errors(errs),
	}))
}

func (s *Server) updateCompany(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	in := members.CompanyInput{
		Name: f.Get("name"), ShortName: f.Get("short_name"), OrgNumber: f.Get("org_number"), Municipalities: f.Get("municipalities"),
		Inhabitants: f.Get("inhabitants"), Address: f.Get("address"), PostalAddress: f.Get("postal_address"), Phone: f.Get("phone"),
		Website: f.Get("website"), Description: f.Get("description"),
		ContactUserID: f.Get("contact_user_id"),
	}
	err := s.members.UpdateCompany(r.Context(), auth.UserFrom(r.Context()), c.ID, in)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderCompanyForm(w, r, http.StatusUnprocessableEntity, c, in, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/medlemmer/"+c.Slug, "success", "Profilen er lagret.")
}
