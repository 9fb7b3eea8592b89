package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	hview "klyngeportalen/web/consultations"
)

func (s *Server) consultationList(w http.ResponseWriter, r *http.Request) {
	list, err := s.consultations.Current(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	recent, _, err := s.consultations.Archive(r.Context(), "", nil, 3)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Høringer", hview.List(hview.ListPage{Current: list, Recent: recent, CanCreate: auth.UserFrom(r.Context()).IsClusterAdmin()}))
}

// archivePage is the number of consultations on one page of the archive.
const archivePage = 20

func (s *Server) consultationArchive(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	e := validate.Errors{}
	query := e.Text("q", q.Get("q"), 0, 200, false)
	if !e.OK() {
		query = ""
	}
	after := parseArchiveCursor(q.Get("etter"))
	items, more, err := s.consultations.Archive(r.Context(), query, after, archivePage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := hview.ArchivePage{Query: query, Items: items}
	base := url.Values{}
	if query != "" {
		base.Set("q", query)
	}
	if more {
		last := items[len(items)-1]
		next := url.Values{}
		for k, v := range base {
			next[k] = v
		}
		next.Set("etter", keyset.Format(last.AuthorityDeadline.Format(time.DateOnly), last.ID))
		p.NextURL = "/horinger/arkiv?" + next.Encode()
	}
	if after != nil {
		p.FirstURL = "/horinger/arkiv"
		if len(base) > 0 {
			p.FirstURL += "?" + base.Encode()
		}
	}
	s.render(w, r, http.StatusOK, "Høringsarkiv", hview.Archive(p))
}

// parseArchiveCursor reads the last consultation's deadline and id; anything else means the first page.
func parseArchiveCursor(s string) *consultations.ArchiveCursor {
	k := keyset.Parse(s, 2)
	c := consultations.ArchiveCursor{Deadline: k.Date(), ID: k.ID()}
	if !k.OK() {
		return nil
	}
	return &c
}

func (s *Server) consultationPage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	s.renderConsultation(w, r, http.StatusOK, id, nil, hview.TextForm{})
}

// renderConsultation shows consultation id; input, when given, is the viewer's unsaved input.
func (s *Server) renderConsultation(w http.ResponseWriter, r *http.Request, status int, id int64, input *hview.TextForm, comment hview.TextForm) {
	ctx := r.Context()
	viewer := auth.UserFrom(ctx)
	c, err := s.consultations.Consultation(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	parts, err := s.consultations.Parts(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	comments, err := s.consultations.Comments(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := hview.Page{
		C: c, Parts: parts, Comments: comments, Now: time.Now(), CompanyID: viewer.CompanyID, CompanyName: viewer.CompanyName,
		CanEdit: viewer.IsClusterAdmin(), CanTakeStand: consultations.CanTakeStand(viewer), Comment: comment,
	}
	if input != nil {
		p.Input = *input
		if status == http.StatusConflict {
			p.Refused = "Innspillet ble ikke lagret: høringen tar ikke lenger imot innspill."
		}
	} else if own := p.Own(); own.InputMD != nil {
		p.Input.Value = *own.InputMD
	}
	if p.Documents, err = s.linkedDocuments(ctx, viewer, documents.ToConsultation, c.ID, "Dokumenter", "horing", "Last opp dokument til høringen"); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, c.Title, hview.Show(p))
}

func (s *Server) saveInput(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.parseForm(w, r) {
		return
	}
	body := r.PostForm.Get("input")
	// The company is the signed-in person's own, never one named in the form.
	err := s.consultations.SaveInput(r.Context(), auth.UserFrom(r.Context()), id, body)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		s.renderConsultation(w, r, http.StatusUnprocessableEntity, id, &hview.TextForm{Value: body, Error: errs["input"]}, hview.TextForm{})
	case errors.Is(err, consultations.ErrClosed):
		s.renderConsultation(w, r, http.StatusConflict, id, &hview.TextForm{Value: body}, hview.TextForm{})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/horinger/"+strconv.FormatInt(id, 10)+"#vart-innspill", "success", "Innspillet fra "+auth.UserFrom(r.Context()).CompanyName+" er lagret.")
	}
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.parseForm(w, r) {
		return
	}
	body := r.PostForm.Get("comment")
	err := s.consultations.AddComment(r.Context(), auth.UserFrom(r.Context()), id, body)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		s.renderConsultation(w, r, http.StatusUnprocessableEntity, id, nil, hview.TextForm{Value: body, Error: errs["comment"]})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/horinger/"+strconv.FormatInt(id, 10)+"#kommentarer", "success", "Kommentaren er lagt til.")
	}
}

func (s *Server) setStance(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.parseForm(w, r) {
		return
	}
	var behind bool
	switch r.PostForm.Get("stand") {
	case "ja":
		behind = true
	case "nei":
	default:
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	viewer := auth.UserFrom(r.Context())
	if err := s.consultations.SetStance(r.Context(), viewer, id, behind); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := viewer.CompanyName + " stiller seg bak utkastet."
	if !behind {
		msg = viewer.CompanyName + " stiller seg ikke bak utkastet."
	}
	s.redirect(w, r, "/horinger/"+strconv.FormatInt(id, 10)+"#standpunkt", "success", msg)
}

func (s *Server) newConsultationPage(w http.ResponseWriter, r *http.Request) {
	s.renderConsultationForm(w, r, http.StatusOK, 0, consultations.Form{Status: string(consultations.StatusOpen), FocusArea: "2"}, nil)
}

func (s *Server) editConsultationPage(w http.ResponseWriter, r *http.Request) {
	c, ok := load(s, w, r, "id", s.consultations.Consultation)
	if !ok {
		return
	}
	s.renderConsultationForm(w, r, http.StatusOK, c.ID, consultations.FormOf(c), nil)
}

func (s *Server) renderConsultationForm(w http.ResponseWriter, r *http.Request, status int, id int64, f consultations.Form, errs validate.Errors) {
	areas, err := s.plan.FocusAreas(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var options []components.Option
	for _, a := range areas {
		v := strconv.Itoa(int(a.ID))
		options = append(options, components.Option{Value: v, Label: a.Name, Selected: v == f.FocusArea})
	}
	title := "Registrer en høring"
	if id != 0 {
		title = "Rediger høringen"
	}
	s.render(w, r, status, title, hview.Edit(hview.FormPage{ID: id, Form: f, Errors: components.Errors(errs), FocusAreas: options}))
}

func consultationForm(r *http.Request) consultations.Form {
	f := r.PostForm
	return consultations.Form{
		Title: f.Get("title"), Authority: f.Get("authority"), Link: f.Get("link"), AuthorityDeadline: f.Get("authority_deadline"),
		InputDeadline: f.Get("input_deadline"), FocusArea: f.Get("focus_area"), Status: f.Get("status"),
		Summary: f.Get("summary"), Draft: f.Get("draft"), Final: f.Get("final"), SentOn: f.Get("sent_on"),
	}
}

func (s *Server) createConsultation(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := consultationForm(r)
	id, err := s.consultations.Create(r.Context(), auth.UserFrom(r.Context()), f)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderConsultationForm(w, r, http.StatusUnprocessableEntity, 0, f, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/horinger/"+strconv.FormatInt(id, 10), "success", "Høringen er registrert.")
}

func (s *Server) updateConsultation(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.parseForm(w, r) {
		return
	}
	f := consultationForm(r)
	err := s.consultations.Update(r.Context(), auth.UserFrom(r.Context()), id, f)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderConsultationForm(w, r, http.StatusUnprocessableEntity, id, f, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/horinger/"+strconv.FormatInt(id, 10), "success", "Høringen er lagret.")
}
