package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/tz"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	docview "klyngeportalen/web/documents"
	"klyngeportalen/web/format"
)

// thisYear is the current year in Norway.
func thisYear() int { return time.Now().In(tz.Oslo).Year() }

// documentsPageSize is how many documents one page of the list shows.
const documentsPageSize = 25

func (s *Server) documentList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	errs := validate.Errors{}
	f := documents.Filter{
		Query:     errs.Text("q", q.Get("q"), 0, 200, false),
		FocusArea: errs.Text("fokus", q.Get("fokus"), 0, 60, false),
		Topic:     errs.Text("tema", q.Get("tema"), 0, 60, false),
		Tag:       errs.Text("tagg", q.Get("tagg"), 0, 40, false),
		Company:   errs.Text("selskap", q.Get("selskap"), 0, 60, false),
		Kind:      errs.Text("type", q.Get("type"), 0, 20, false),
		Source:    q.Get("kilde"),
		Sort:      q.Get("sortering"),
		Limit:     documentsPageSize,
	}
	if _, ok := documents.Sources[f.Source]; !ok && f.Source != "" {
		errs.Add("kilde", "ugyldig valg")
	}
	if e := q.Get("arrangement"); e != "" {
		n, err := strconv.ParseInt(e, 10, 64)
		if err != nil || n <= 0 {
			errs.Add("arrangement", "ugyldig arrangement")
		}
		f.Event = n
	}
	if y := q.Get("ar"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			errs.Add("ar", "ugyldig år")
		}
		f.Year = n
	}
	if _, ok := documents.Sorts[f.Sort]; !ok {
		f.Sort = ""
	}
	if f.Sort == "" || (f.Sort == "relevans" && f.Query == "") {
		f.Sort = "nyeste"
		if f.Query != "" {
			f.Sort = "relevans"
		}
	}
	if after := q.Get("etter"); after != "" {
		id, key, ok := strings.Cut(after, "-")
		n, err := strconv.ParseInt(id, 10, 64)
		key = errs.Text("etter", key, 1, 200, false)
		if !ok || err != nil || n <= 0 || !documents.ValidCursor(f.Sort, key) {
			errs.Add("etter", "ugyldig posisjon")
		}
		f.After = &documents.Cursor{ID: n, Key: key}
	}
	if !errs.OK() {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	viewer := auth.UserFrom(ctx)
	docs, more, err := s.documents.List(ctx, viewer, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	areas, err := s.plan.FocusAreas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	companies, err := s.members.Companies(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := docview.ListPage{Filter: f, Documents: docs, CanRestore: viewer.IsClusterAdmin()}
	if f.Event != 0 {
		// The event's title comes from its materials, which the viewer may only see with the event.
		if len(docs) > 0 && docs[0].EventTitle != nil {
			page.EventTitle = *docs[0].EventTitle
		} else if ev, err := s.events.Event(ctx, events.ViewerOf(viewer), f.Event); err == nil {
			page.EventTitle = ev.Title
		}
	}
	page.Sources = []components.Option{{Value: "", Label: "Alle dokumenter"}}
	for _, so := range documents.SourceOrder {
		page.Sources = append(page.Sources, components.Option{Value: so, Label: documents.SourceLabel(so), Selected: so == f.Source})
	}
	page.FocusAreas = []components.Option{{Value: "", Label: "Alle satsingsområder"}}
	page.Topics = []components.Option{{Value: "", Label: "Alle temaer"}}
	for _, a := range areas {
		page.FocusAreas = append(page.FocusAreas, components.Option{Value: a.Slug, Label: a.Name, Selected: a.Slug == f.FocusArea})
		for _, t := range a.Topics {
			page.Topics = append(page.Topics, components.Option{Value: t.Slug, Label: t.Name, Selected: t.Slug == f.Topic})
		}
	}
	page.Companies = []components.Option{{Value: "", Label: "Alle selskaper"}}
	for _, c := range companies {
		page.Companies = append(page.Companies, components.Option{Value: c.Slug, Label: c.Name, Selected: c.Slug == f.Company})
	}
	page.Kinds = []components.Option{{Value: "", Label: "Alle typer"}}
	for _, k := range documents.Kinds {
		page.Kinds = append(page.Kinds, components.Option{Value: k.Value, Label: k.Label, Selected: k.Value == f.Kind})
	}
	page.Years = []components.Option{{Value: "", Label: "Alle år"}}
	for y := thisYear(); y >= 2023; y-- {
		page.Years = append(page.Years, components.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == f.Year})
	}
	for _, so := range documents.SortOrder {
		if so == "relevans" && f.Query == "" {
			continue
		}
		page.Sorts = append(page.Sorts, components.Option{Value: so, Label: documents.SortLabel(so), Selected: so == f.Sort})
	}
	base := url.Values{}
	for k, v := range map[string]string{"q": f.Query, "fokus": f.FocusArea, "tema": f.Topic, "tagg": f.Tag, "selskap": f.Company, "type": f.Kind, "kilde": f.Source, "sortering": f.Sort} {
		if v != "" {
			base.Set(k, v)
		}
	}
	if f.Year != 0 {
		base.Set("ar", strconv.Itoa(f.Year))
	}
	if f.Event != 0 {
		base.Set("arrangement", strconv.FormatInt(f.Event, 10))
	}
	if more {
		last := docs[len(docs)-1]
		next := url.Values{}
		for k, v := range base {
			next[k] = v
		}
		next.Set("etter", strconv.FormatInt(last.ID, 10)+"-"+last.SortKey)
		page.NextURL = "/dokumenter?" + next.Encode()
	}
	if f.After != nil {
		page.FirstURL = "/dokumenter?" + base.Encode()
	}
	s.render(w, r, http.StatusOK, "Dokumenter", docview.List(page))
}

// documentParam loads the document of the {id} in the address that the viewer may see (404 otherwise).
func (s *Server) documentParam(w http.ResponseWriter, r *http.Request) (documents.Document, bool) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return documents.Document{}, false
	}
	d, err := s.documents.Document(r.Context(), auth.UserFrom(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return d, false
	}
	return d, true
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) {
	d, ok := s.documentParam(w, r)
	if !ok {
		return
	}
	s.renderDocument(w, r, http.StatusOK, d, docview.VersionForm{})
}

func (s *Server) renderDocument(w http.ResponseWriter, r *http.Request, status int, d documents.Document, vf docview.VersionForm) {
	viewer := auth.UserFrom(r.Context())
	versions, err := s.documents.Versions(r.Context(), viewer, d.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, d.Title, docview.Show(docview.DocumentPage{Document: d, Versions: versions, CanEdit: d.CanEdit(viewer), Version: vf}))
}

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
	}{{"arrangement", &in.Event}, {"trad", &in.Thread}, {"horing", &in.Consultation}} {
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
		Event: f.Get("event"), Thread: f.Get("thread"), Consultation: f.Get("consultation"), OpenTo: f["open_to"]}
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
