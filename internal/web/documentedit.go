package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	docview "klyngeportalen/web/documents"
	"klyngeportalen/web/format"
)

// documentForm fills the choices of the document form for the viewer.
func (s *Server) documentForm(r *http.Request, form docview.Form) (docview.Form, error) {
	ctx := r.Context()
	viewer := auth.UserFrom(ctx)
	areas, err := s.plan.FocusAreas(ctx)
	if err != nil {
		return form, err
	}
	form.FocusAreas, form.Topics = docview.FocusOptions(areas, form.Input.FocusArea, form.Input.Topic)
	if viewer.IsClusterAdmin() {
		companies, err := s.members.Companies(ctx)
		if err != nil {
			return form, err
		}
		for _, c := range companies {
			id := strconv.FormatInt(c.ID, 10)
			form.Companies = append(form.Companies, components.Option{Value: id, Label: c.Name, Selected: id == form.Input.Company})
		}
	}
	groups, err := s.members.Groups(ctx)
	if err != nil {
		return form, err
	}
	form.Groups = []components.Option{{Value: "", Label: "Alle medlemmer av klyngen"}}
	for _, g := range groups {
		id := strconv.FormatInt(g.ID, 10)
		if viewer.CanSeeGroup(g.Slug) {
			form.Groups = append(form.Groups, components.Option{Value: id, Label: "Bare " + g.Name, Selected: id == form.Input.Group})
		}
	}
	form.OwnCompany = viewer.CompanyName
	current, _ := strconv.ParseInt(form.Input.Event, 10, 64)
	events, err := s.documents.EventChoices(ctx, viewer, current)
	if err != nil {
		return form, err
	}
	form.Events = []components.Option{{Value: "", Label: "Ikke knyttet til et arrangement"}}
	for _, e := range events {
		id := strconv.FormatInt(e.ID, 10)
		form.Events = append(form.Events, components.Option{Value: id, Label: e.Title + " (" + format.Date(e.When) + ")", Selected: id == form.Input.Event})
	}
	current, _ = strconv.ParseInt(form.Input.Consultation, 10, 64)
	consultations, err := s.documents.ConsultationChoices(ctx, current)
	if err != nil {
		return form, err
	}
	form.Consultations = []components.Option{{Value: "", Label: "Ikke knyttet til en høring"}}
	for _, k := range consultations {
		id := strconv.FormatInt(k.ID, 10)
		form.Consultations = append(form.Consultations, components.Option{Value: id, Label: k.Title, Selected: id == form.Input.Consultation})
	}
	current, _ = strconv.ParseInt(form.Input.Project, 10, 64)
	projects, err := s.documents.ProjectChoices(ctx, current)
	if err != nil {
		return form, err
	}
	form.Projects = []components.Option{{Value: "", Label: "Ikke knyttet til et prosjekt"}}
	for _, p := range projects {
		id := strconv.FormatInt(p.ID, 10)
		form.Projects = append(form.Projects, components.Option{Value: id, Label: p.Title, Selected: id == form.Input.Project})
	}
	return form, nil
}

func (s *Server) renderDocumentForm(w http.ResponseWriter, r *http.Request, status int, form docview.Form) {
	form, err := s.documentForm(r, form)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := "Last opp dokument"
	if form.Document != nil {
		title = "Rediger " + form.Document.Title
	}
	s.render(w, r, status, title, docview.Edit(form))
}

func (s *Server) newDocumentPage(w http.ResponseWriter, r *http.Request) {
	viewer := auth.UserFrom(r.Context())
	// "Last opp materiell" from an event, thread or consultation fills in the tie; the form's
	// choices and the check at save decide whether it is one the viewer may make.
	q := r.URL.Query()
	in := documents.Input{Company: strconv.FormatInt(viewer.CompanyID, 10)}
	for _, p := range []struct {
		name string
		to   *string
	}{{"arrangement", &in.Event}, {"trad", &in.Thread}, {"horing", &in.Consultation}, {"prosjekt", &in.Project}} {
		if v := q.Get(p.name); v != "" {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
				*p.to = strconv.FormatInt(n, 10)
			}
		}
	}
	s.renderDocumentForm(w, r, http.StatusOK, docview.Form{Input: in})
}

func inputFrom(f url.Values) documents.Input {
	return documents.Input{Title: f.Get("title"), Description: f.Get("description"), FocusArea: f.Get("focus_area"),
		Topic: f.Get("topic"), Tags: f.Get("tags"), Company: f.Get("company"), Group: f.Get("group"), Note: f.Get("note"),
		Event: f.Get("event"), Thread: f.Get("thread"), Consultation: f.Get("consultation"), Project: f.Get("project"), OpenTo: f["open_to"]}
}

func (s *Server) editDocumentPage(w http.ResponseWriter, r *http.Request) {
	d, ok := s.editableDocument(w, r)
	if !ok {
		return
	}
	in := documents.Input{Title: d.Title, Description: d.Description, Tags: strings.Join(d.Tags, ", "), Company: strconv.FormatInt(d.CompanyID, 10), OpenTo: d.OpenTo}
	if d.FocusAreaID != nil {
		in.FocusArea = strconv.Itoa(int(*d.FocusAreaID))
	}
	if d.TopicID != nil {
		in.Topic = strconv.Itoa(int(*d.TopicID))
	}
	if d.GroupID != nil {
		in.Group = strconv.FormatInt(*d.GroupID, 10)
	}
	if d.EventID != nil {
		in.Event = strconv.FormatInt(*d.EventID, 10)
	}
	if d.ThreadID != nil {
		in.Thread = "/forum/" + *d.ForumSlug + "/" + strconv.FormatInt(*d.ThreadID, 10)
	}
	if d.ConsultationID != nil {
		in.Consultation = strconv.FormatInt(*d.ConsultationID, 10)
	}
	if d.ProjectID != nil {
		in.Project = strconv.FormatInt(*d.ProjectID, 10)
	}
	s.renderDocumentForm(w, r, http.StatusOK, docview.Form{Document: &d, Input: in})
}

// editableDocument loads the document of the address and checks that the viewer may change it.
func (s *Server) editableDocument(w http.ResponseWriter, r *http.Request) (documents.Document, bool) {
	d, ok := s.documentParam(w, r)
	if ok && !d.CanEdit(auth.UserFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden)
		return d, false
	}
	return d, ok
}

func (s *Server) updateDocument(w http.ResponseWriter, r *http.Request) {
	d, ok := s.editableDocument(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := inputFrom(r.PostForm)
	err := s.documents.Update(r.Context(), auth.UserFrom(r.Context()), d.ID, in)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderDocumentForm(w, r, http.StatusUnprocessableEntity, docview.Form{Document: &d, Input: in, Errors: components.Errors(errs)})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/dokumenter/"+strconv.FormatInt(d.ID, 10), "success", "Endringene er lagret.")
}

func (s *Server) deleteDocument(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.parseForm(w, r) {
		return
	}
	title, err := s.documents.Delete(r.Context(), auth.UserFrom(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/dokumenter", "success", "«"+title+"» er slettet. En klyngeadministrator kan gjenopprette det i "+strconv.Itoa(documents.RestoreDays)+" dager.")
}

func (s *Server) deletedDocuments(w http.ResponseWriter, r *http.Request) {
	docs, err := s.documents.Deleted(r.Context(), auth.UserFrom(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Slettede dokumenter", docview.Deleted(docs))
}

func (s *Server) restoreDocument(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.parseForm(w, r) {
		return
	}
	title, err := s.documents.Restore(r.Context(), auth.UserFrom(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/dokumenter/"+strconv.FormatInt(id, 10), "success", "«"+title+"» er gjenopprettet.")
}
