package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/partners"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	view "klyngeportalen/web/partners"
)

// partnerList is the register of partner organisations, grouped by kind.
func (s *Server) partnerList(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	// The same for every viewer who sees alike; kept while the register is unchanged.
	s.renderKept(w, r, "partners", "list|"+visibilityKey(u), "Samarbeidspartnere", func(ctx context.Context) (templ.Component, time.Time, error) {
		orgs, err := s.partners.Organisations(ctx, u)
		if err != nil {
			return nil, time.Time{}, err
		}
		p := view.ListPage{CanEdit: u.IsClusterAdmin()}
		for _, k := range partners.Kinds {
			g := view.Group{Label: k.Label}
			for _, o := range orgs {
				if o.Kind == k.Value {
					g.Orgs = append(g.Orgs, o)
				}
			}
			if len(g.Orgs) > 0 {
				p.Groups = append(p.Groups, g)
			}
		}
		return view.List(p), time.Time{}, nil
	})
}

func (s *Server) partnerPage(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	o, ps, err := s.partners.Organisation(r.Context(), u, chi.URLParam(r, "org"))
	if errors.Is(err, partners.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, o.Name, view.Org(view.OrgPage{Org: o, Projects: ps, CanEdit: u.IsClusterAdmin()}))
}

func projectStatusOptions(selected string, any bool) []components.Option {
	var opts []components.Option
	if any {
		opts = append(opts, components.Option{Value: "", Label: "Alle", Selected: selected == ""})
	}
	for _, st := range partners.Statuses {
		opts = append(opts, components.Option{Value: st.Value, Label: st.Label, Selected: st.Value == selected})
	}
	return opts
}

func (s *Server) projectList(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	status := r.URL.Query().Get("status")
	if partners.StatusLabel(status) == status {
		status = "" // unknown: all
	}
	ps, err := s.partners.Projects(r.Context(), u, status)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Prosjekter", view.Projects(view.ProjectsPage{Projects: ps, Status: status, Statuses: projectStatusOptions(status, true), CanEdit: u.IsClusterAdmin()}))
}

func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	p, ok := load(s, w, r, "id", func(ctx context.Context, id int64) (partners.Project, error) {
		return s.partners.Project(ctx, u, id)
	})
	if !ok {
		return
	}
	page := view.ProjectPage{Project: p, CanEdit: u.IsClusterAdmin()}
	ctx := r.Context()
	if p.ThreadID != nil {
		t, err := s.partners.Thread(ctx, u, *p.ThreadID)
		switch {
		case err == nil:
			page.Thread = &t
		case !errors.Is(err, partners.ErrNotFound):
			s.fail(w, r, err)
			return
		}
	}
	var err error
	if page.Documents, err = s.linkedDocuments(ctx, u, documents.ToProject, p.ID, "Dokumenter", "prosjekt", "Last opp dokument til prosjektet"); err != nil {
		s.fail(w, r, err)
		return
	}
	if page.Activities, err = s.plan.LinkedToProject(ctx, p.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, p.Title, view.Project(page))
}

// partnerForm shows the form of a new (no {org}) or existing organisation.
func (s *Server) partnerForm(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "org")
	f := view.OrgForm{Slug: slug}
	if slug != "" {
		o, _, err := s.partners.Organisation(r.Context(), auth.UserFrom(r.Context()), slug)
		if errors.Is(err, partners.ErrNotFound) {
			s.errorPage(w, r, http.StatusNotFound)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		f.Input = partners.OrganisationInput{Name: o.Name, Kind: o.Kind, Website: o.Website, Description: o.Description,
			Collaboration: o.Collaboration, ContactName: o.ContactName, ContactEmail: o.ContactEmail}
	}
	s.renderPartnerForm(w, r, http.StatusOK, f)
}

func (s *Server) renderPartnerForm(w http.ResponseWriter, r *http.Request, status int, f view.OrgForm) {
	f.Kinds = []components.Option{{Value: "", Label: "Velg"}}
	for _, k := range partners.Kinds {
		f.Kinds = append(f.Kinds, components.Option{Value: k.Value, Label: k.Label, Selected: k.Value == f.Input.Kind})
	}
	s.render(w, r, status, "Partner", view.OrgEdit(f))
}

func (s *Server) savePartner(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	p := r.PostForm
	f := view.OrgForm{Slug: chi.URLParam(r, "org"), Input: partners.OrganisationInput{Name: p.Get("name"), Kind: p.Get("kind"), Website: p.Get("website"),
		Description: p.Get("description"), Collaboration: p.Get("collaboration"), ContactName: p.Get("contact_name"), ContactEmail: p.Get("contact_email")}}
	slug, err := s.partners.SaveOrganisation(r.Context(), auth.UserFrom(r.Context()), f.Slug, f.Input)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		f.Errors = components.Errors(errs)
		s.renderPartnerForm(w, r, http.StatusUnprocessableEntity, f)
	case errors.Is(err, partners.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/partnere/"+slug, "success", "Partneren er lagret.")
	}
}

// projectForm shows the form of a new (no {id}) or existing project.
func (s *Server) projectForm(w http.ResponseWriter, r *http.Request) {
	f := view.ProjectForm{Input: partners.ProjectInput{Status: "planlagt"}}
	if chi.URLParam(r, "id") != "" {
		p, ok := load(s, w, r, "id", func(ctx context.Context, id int64) (partners.Project, error) {
			return s.partners.Project(ctx, auth.UserFrom(ctx), id)
		})
		if !ok {
			return
		}
		f.ID = p.ID
		f.Input = partners.ProjectInput{Title: p.Title, Description: p.Description, Status: p.Status, FundingSource: p.FundingSource}
		if p.FundingAmount != nil {
			f.Input.FundingAmount = strconv.FormatInt(*p.FundingAmount, 10)
		}
		if p.StartsOn != nil {
			f.Input.StartsOn = p.StartsOn.Format("2006-01-02")
		}
		if p.EndsOn != nil {
			f.Input.EndsOn = p.EndsOn.Format("2006-01-02")
		}
		for _, o := range p.Partners {
			f.Input.Partners = append(f.Input.Partners, strconv.FormatInt(o.ID, 10))
		}
		for _, c := range p.Companies {
			f.Input.Companies = append(f.Input.Companies, strconv.FormatInt(c.ID, 10))
		}
		if p.ThreadID != nil {
			f.Input.Thread = strconv.FormatInt(*p.ThreadID, 10)
		}
	}
	s.renderProjectForm(w, r, http.StatusOK, f)
}

func (s *Server) renderProjectForm(w http.ResponseWriter, r *http.Request, status int, f view.ProjectForm) {
	ctx := r.Context()
	orgs, err := s.partners.Organisations(ctx, auth.UserFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	companies, err := s.members.Companies(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Statuses = projectStatusOptions(f.Input.Status, false)
	for _, o := range orgs {
		f.Partners = append(f.Partners, view.Choice{ID: o.ID, Label: o.Name, Checked: slices.Contains(f.Input.Partners, strconv.FormatInt(o.ID, 10))})
	}
	for _, c := range companies {
		f.Companies = append(f.Companies, view.Choice{ID: c.ID, Label: c.Name, Checked: slices.Contains(f.Input.Companies, strconv.FormatInt(c.ID, 10))})
	}
	s.render(w, r, status, "Prosjekt", view.ProjectEdit(f))
}

func (s *Server) saveProject(w http.ResponseWriter, r *http.Request) {
	var id int64
	if chi.URLParam(r, "id") != "" {
		var ok bool
		if id, ok = s.idParam(w, r, "id"); !ok {
			return
		}
	}
	if !s.parseForm(w, r) {
		return
	}
	p := r.PostForm
	f := view.ProjectForm{ID: id, Input: partners.ProjectInput{Title: p.Get("title"), Description: p.Get("description"), Status: p.Get("status"),
		FundingSource: p.Get("funding_source"), FundingAmount: p.Get("funding_amount"), StartsOn: p.Get("starts_on"), EndsOn: p.Get("ends_on"),
		Partners: p["partners"], Companies: p["companies"], Thread: p.Get("thread")}}
	saved, err := s.partners.SaveProject(r.Context(), auth.UserFrom(r.Context()), id, f.Input)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		f.Errors = components.Errors(errs)
		s.renderProjectForm(w, r, http.StatusUnprocessableEntity, f)
	case errors.Is(err, partners.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/prosjekter/"+strconv.FormatInt(saved, 10), "success", "Prosjektet er lagret.")
	}
}
