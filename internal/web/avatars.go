package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/avatar"
	"klyngeportalen/internal/validate"
)

// uploadAvatar takes the viewer's new profile photo from /meg.
func (s *Server) uploadAvatar(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if isBodyTooLarge(err) {
			s.renderMePhoto(w, r, http.StatusRequestEntityTooLarge, nil, nil, nil, "Bildet er for stort. Det kan være høyst 8 MB.")
		} else {
			s.errorPage(w, r, http.StatusBadRequest)
		}
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, header, err := r.FormFile("bilde")
	if errors.Is(err, http.ErrMissingFile) || (err == nil && header.Size == 0 && header.Filename == "") {
		s.renderMePhoto(w, r, http.StatusUnprocessableEntity, nil, nil, nil, "Velg et bilde å laste opp.")
		return
	}
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, avatar.MaxBytes+1))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	small, large, err := avatar.Prepare(header.Filename, data)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderMePhoto(w, r, http.StatusUnprocessableEntity, nil, nil, nil, errs["bilde"])
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.avatars.Save(r.Context(), auth.UserFrom(r.Context()).ID, small, large); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/meg#profilbilde", "success", "Profilbildet er lagret.")
}

// removeAvatar deletes the viewer's profile photo: their initials show again.
func (s *Server) removeAvatar(w http.ResponseWriter, r *http.Request) {
	if err := s.avatars.Remove(r.Context(), auth.UserFrom(r.Context()).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/meg#profilbilde", "success", "Profilbildet er fjernet.")
}

// avatarPhoto serves a profile photo in one of the fixed sizes, to any signed-in member.
func (s *Server) avatarPhoto(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "user")
	if !ok {
		return
	}
	size, err := strconv.Atoi(chi.URLParam(r, "size"))
	if err != nil || (size != avatar.Small && size != avatar.Large) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	data, version, err := s.avatars.Photo(r.Context(), id, size)
	if errors.Is(err, avatar.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cache := "private, no-cache"
	if r.URL.Query().Get("v") == strconv.FormatInt(version, 10) {
		cache = "private, max-age=31536000, immutable"
	}
	sendFile(w, file{Type: "image/jpeg", Inline: true, Cache: cache}, data)
}
