package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/news"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	newsview "klyngeportalen/web/news"
)

// maxNewsRead is the body limit of the news form: an image up to four times the limit is read
// past (not kept), so that the form comes back with what was typed and a message.
const maxNewsRead = 4*news.MaxImageBytes + 256<<10

// newsPage is the number of news items on one page.
const newsPage = 12

func (s *Server) newsList(w http.ResponseWriter, r *http.Request) {
	after := parseNewsCursor(r.URL.Query().Get("etter"))
	items, more, err := s.news.LatestNews(r.Context(), after, newsPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := newsview.ListPage{Items: items, CanPublish: news.CanPublishNews(auth.UserFrom(r.Context()))}
	if more {
		last := items[len(items)-1]
		p.NextURL = "/nyheter?etter=" + keyset.Format(last.PublishedAt, last.ID)
	}
	if after != nil {
		p.FirstURL = "/nyheter"
	}
	s.render(w, r, http.StatusOK, "Nyheter", newsview.List(p))
}

// parseNewsCursor reads the last item's time of publishing and id; anything else means the first page.
func parseNewsCursor(s string) *news.NewsCursor {
	k := keyset.Parse(s, 2)
	c := news.NewsCursor{PublishedAt: k.Time(), ID: k.ID()}
	if !k.OK() {
		return nil
	}
	return &c
}

func (s *Server) newsItem(w http.ResponseWriter, r *http.Request) {
	n, ok := load(s, w, r, "id", s.news.NewsItem)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, n.Title, newsview.Item(n, news.CanEditNews(auth.UserFrom(r.Context()), n)))
}

func (s *Server) deleteNews(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	if err := s.news.DeleteNews(r.Context(), auth.UserFrom(r.Context()), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/nyheter", "success", "Nyheten er slettet.")
}

// newsImage serves a stored, re-encoded image with the type sniffed from it, never as anything else.
func (s *Server) newsImage(w http.ResponseWriter, r *http.Request) {
	img, ok := load(s, w, r, "id", s.news.NewsImage)
	if !ok {
		return
	}
	sendFile(w, file{Type: http.DetectContentType(img.Data), Inline: true}, img.Data)
}

func (s *Server) newNewsPage(w http.ResponseWriter, r *http.Request) {
	if !news.CanPublishNews(auth.UserFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden)
		return
	}
	s.render(w, r, http.StatusOK, "Publiser en nyhet", newsview.Edit(newsview.Form{Kind: news.KindNews}))
}

func (s *Server) publishNews(w http.ResponseWriter, r *http.Request) {
	viewer := auth.UserFrom(r.Context())
	if !news.CanPublishNews(viewer) {
		s.errorPage(w, r, http.StatusForbidden)
		return
	}
	form, in, ok := s.parseNewsForm(w, r, newsview.Form{}, false)
	if !ok {
		return
	}
	id, err := s.news.PublishNews(r.Context(), viewer, in)
	if s.newsFormFailed(w, r, form, err) {
		return
	}
	s.redirect(w, r, "/nyheter/"+strconv.FormatInt(id, 10), "success", "Nyheten er publisert.")
}

// editableNews loads the news item of the address if the viewer may edit it.
func (s *Server) editableNews(w http.ResponseWriter, r *http.Request) (news.News, bool) {
	n, ok := load(s, w, r, "id", s.news.NewsItem)
	if !ok {
		return n, false
	}
	if !news.CanEditNews(auth.UserFrom(r.Context()), n) {
		s.errorPage(w, r, http.StatusForbidden)
		return n, false
	}
	return n, true
}

func (s *Server) editNewsPage(w http.ResponseWriter, r *http.Request) {
	n, ok := s.editableNews(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "Rediger nyheten", newsview.Edit(newsview.Form{
		ID: n.ID, Kind: n.Kind, Title: n.Title, Ingress: n.Ingress, Body: n.BodyMD, ImageAlt: n.ImageAlt, HasImage: n.HasImage, OpenTo: n.OpenTo,
	}))
}

func (s *Server) updateNews(w http.ResponseWriter, r *http.Request) {
	n, ok := s.editableNews(w, r)
	if !ok {
		return
	}
	form, in, ok := s.parseNewsForm(w, r, newsview.Form{ID: n.ID, HasImage: n.HasImage}, n.HasImage)
	if !ok {
		return
	}
	err := s.news.UpdateNews(r.Context(), auth.UserFrom(r.Context()), n.ID, in)
	if s.newsFormFailed(w, r, form, err) {
		return
	}
	s.redirect(w, r, "/nyheter/"+strconv.FormatInt(n.ID, 10), "success", "Nyheten er endret.")
}

// parseNewsForm reads the multipart news form into form (which carries ID and HasImage) and
// the store's input. Invalid fields, the image's included, answer 422 with the form here; an
// image over the limit answers 413 with the form and what was typed in it.
func (s *Server) parseNewsForm(w http.ResponseWriter, r *http.Request, form newsview.Form, hadImage bool) (newsview.Form, news.NewsForm, bool) {
	var in news.NewsForm
	ff, ok := s.readFileForm(w, r, "image", news.MaxImageBytes)
	if !ok {
		return form, in, false
	}
	f := ff.fields
	form.Kind, form.Title, form.Ingress, form.Body, form.ImageAlt = f.Get("kind"), f.Get("title"), f.Get("ingress"), f.Get("body"), f.Get("image_alt")
	form.RemoveImage = f.Get("remove_image") == "ja"
	form.OpenTo = f["open_to"]
	in = news.NewsForm{Kind: form.Kind, Title: form.Title, Ingress: form.Ingress, Body: form.Body, ImageAlt: form.ImageAlt, RemoveImage: form.RemoveImage, OpenTo: form.OpenTo}
	errs := validate.Errors{}
	if ff.data != nil {
		img, err := news.PrepareImage(ff.filename, ff.data)
		if err != nil && !errors.As(err, &errs) {
			s.fail(w, r, err)
			return form, in, false
		}
		if err == nil {
			in.Image = &img
		}
	}
	news.CheckNews(errs, in, hadImage)
	if ff.tooLarge {
		errs["image"] = fmt.Sprintf("Bildet er større enn %d MB. Velg et mindre bilde: av sikkerhetsgrunner husker ikke nettleseren filen.", news.MaxImageBytes>>20)
		form.Errors = components.Errors(errs)
		s.renderNewsForm(w, r, http.StatusRequestEntityTooLarge, form)
		return form, in, false
	}
	if !errs.OK() {
		s.newsFormFailed(w, r, form, errs)
		return form, in, false
	}
	return form, in, true
}

// newsFormFailed answers a failed save of the news form and reports whether it did.
func (s *Server) newsFormFailed(w http.ResponseWriter, r *http.Request, form newsview.Form, err error) bool {
	var errs validate.Errors
	switch {
	case err == nil:
		return false
	case errors.As(err, &errs):
		form.Errors = components.Errors(errs)
		s.renderNewsForm(w, r, http.StatusUnprocessableEntity, form)
	default:
		s.fail(w, r, err)
	}
	return true
}

// renderNewsForm shows the news form again with status.
func (s *Server) renderNewsForm(w http.ResponseWriter, r *http.Request, status int, form newsview.Form) {
	title := "Publiser en nyhet"
	if form.ID != 0 {
		title = "Rediger nyheten"
	}
	s.render(w, r, status, title, newsview.Edit(form))
}

// uploadedImage reads and prepares the form's image, or returns nil when none was chosen.
func uploadedImage(r *http.Request) (*news.Image, error) {
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
	data, err := io.ReadAll(io.LimitReader(file, news.MaxImageBytes+1))
	if err != nil {
		return nil, err
	}
	img, err := news.PrepareImage(header.Filename, data)
	if err != nil {
		return nil, err
	}
	return &img, nil
}
