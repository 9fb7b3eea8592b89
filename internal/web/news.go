package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	newsview "klyngeportalen/web/news"
)

// newsPage is the number of news items on one page.
const newsPage = 12

func (s *Server) newsList(w http.ResponseWriter, r *http.Request) {
	after := parseNewsCursor(r.URL.Query().Get("etter"))
	items, more, err := s.consultations.LatestNews(r.Context(), after, newsPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := newsview.ListPage{Items: items, CanPublish: consultations.CanPublishNews(auth.UserFrom(r.Context()))}
	if more {
		last := items[len(items)-1]
		p.NextURL = "/nyheter?etter=" + strconv.FormatInt(last.PublishedAt.UnixMicro(), 10) + "_" + strconv.FormatInt(last.ID, 10)
	}
	if after != nil {
		p.FirstURL = "/nyheter"
	}
	s.render(w, r, http.StatusOK, "Nyheter", newsview.List(p))
}

// parseNewsCursor reads "<unix microseconds>_<id>"; anything else means the first page.
func parseNewsCursor(s string) *consultations.NewsCursor {
	at, id, ok := strings.Cut(s, "_")
	if !ok {
		return nil
	}
	us, err := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err != nil || err2 != nil || n <= 0 || us <= 0 {
		return nil
	}
	return &consultations.NewsCursor{PublishedAt: time.UnixMicro(us), ID: n}
}

func (s *Server) newsItem(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	n, err := s.consultations.NewsItem(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, n.Title, newsview.Item(n, consultations.CanDeleteNews(auth.UserFrom(r.Context()), n)))
}

func (s *Server) deleteNews(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	if err := s.consultations.DeleteNews(r.Context(), auth.UserFrom(r.Context()), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/nyheter", "success", "Nyheten er slettet.")
}

// newsImage serves a stored, re-encoded image with the type sniffed from it, never as anything else.
func (s *Server) newsImage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	img, err := s.consultations.NewsImage(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", http.DetectContentType(img.Data))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", "inline")
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("Content-Length", strconv.Itoa(len(img.Data)))
	_, _ = w.Write(img.Data)
}

func (s *Server) newNewsPage(w http.ResponseWriter, r *http.Request) {
	if !consultations.CanPublishNews(auth.UserFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden)
		return
	}
	s.render(w, r, http.StatusOK, "Publiser en nyhet", newsview.New(newsview.Form{Kind: consultations.KindNews}))
}

func (s *Server) publishNews(w http.ResponseWriter, r *http.Request) {
	viewer := auth.UserFrom(r.Context())
	if !consultations.CanPublishNews(viewer) {
		s.errorPage(w, r, http.StatusForbidden)
		return
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if isBodyTooLarge(err) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge)
		} else {
			s.errorPage(w, r, http.StatusBadRequest)
		}
		return
	}
	defer r.MultipartForm.RemoveAll()
	if len(r.MultipartForm.Value) > 20 || len(r.MultipartForm.File) > 1 {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	f := r.PostForm
	form := newsview.Form{Kind: f.Get("kind"), Title: f.Get("title"), Ingress: f.Get("ingress"), Body: f.Get("body"), ImageAlt: f.Get("image_alt")}
	in := consultations.NewsForm{Kind: form.Kind, Title: form.Title, Ingress: form.Ingress, Body: form.Body, ImageAlt: form.ImageAlt}
	errs := validate.Errors{}
	img, err := uploadedImage(r)
	if errors.As(err, &errs) {
		// keep errs: the image's message is shown beside the field with the others
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	in.Image = img
	consultations.CheckNews(errs, in)
	if !errs.OK() {
		form.Errors = components.Errors(errs)
		s.render(w, r, http.StatusUnprocessableEntity, "Publiser en nyhet", newsview.New(form))
		return
	}
	id, err := s.consultations.PublishNews(r.Context(), viewer, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/nyheter/"+strconv.FormatInt(id, 10), "success", "Nyheten er publisert.")
}

// uploadedImage reads and prepares the form's image, or returns nil when none was chosen.
func uploadedImage(r *http.Request) (*consultations.Image, error) {
	file, header, err := r.FormFile("image")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	}
	if err != nil {
		return nil, validate.Errors{"image": "Filen kunne ikke leses. Prøv igjen."}
	}
	defer file.Close()
	if header.Filename == "" && header.Size == 0 {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(file, consultations.MaxImageBytes+1))
	if err != nil {
		return nil, err
	}
	img, err := consultations.PrepareImage(header.Filename, data)
	if err != nil {
		return nil, err
	}
	return &img, nil
}
