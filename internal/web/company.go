package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

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

func (s *Server) companyPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.company(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	page := directory.CompanyPage{Company: c, CanAdmin: u.CanAdminCompany(c.ID)}
	// Groups, contacts, key figures and what the company has done lately, with the versions of
	// the list of its people (the same for every viewer, rendered once while no one in it
	// changes): one round trip.
	var b pgx.Batch
	var ver pageVersion
	queuePageVersion(&b, &ver)
	members.QueueCompanyGroups(&b, c.ID, &page.Groups)
	members.QueueContacts(&b, c, companyContactsShown, &page.Contacts)
	indicators.QueueLatestFigures(&b, c.ID, &page.Figures)
	forum.QueueRecentPostsOfCompany(&b, u, c.ID, companyActivityShown, &page.Posts)
	documents.QueueRecentOfCompany(&b, u, c.ID, companyActivityShown, &page.Documents)
	events.QueueArrangedBy(&b, events.ViewerOf(u), c.ID, companyActivityShown, &page.Events)
	if err := database.Send(ctx, s.pool, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	key := fmt.Sprintf("company-people|%d|%d|%d", ver.People, ver.Reference, c.ID)
	frag, ok := s.pages.get(key, s.now())
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
		s.pages.put(key, frag)
	}
	page.PeopleHTML = frag.body
	s.render(w, r, http.StatusOK, c.Name, directory.Company(page))
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
