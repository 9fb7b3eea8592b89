package web

import (
	"errors"
	"net/http"
	"strconv"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/admin"
)

// maxModeratorQuery bounds the name search for a moderator.
const maxModeratorQuery = 100

func (s *Server) moderatorsPage(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok {
		return
	}
	s.renderModerators(w, r, f, http.StatusOK, "")
}

// renderModerators shows forum f's moderators and the people matching the ?q= search;
// appointErr is why an appointment was refused (422).
func (s *Server) renderModerators(w http.ResponseWriter, r *http.Request, f forum.Forum, status int, appointErr string) {
	ctx := r.Context()
	page := admin.ModeratorsPage{Forum: f, Error: appointErr}
	errs := validate.Errors{}
	page.Query = errs.Text("q", r.URL.Query().Get("q"), 0, maxModeratorQuery, false)
	if !errs.OK() {
		page.QueryError = errs["q"]
		if status == http.StatusOK {
			status = http.StatusUnprocessableEntity
		}
	}
	var err error
	if page.Moderators, err = s.forum.Moderators(ctx, f.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if errs.OK() {
		if page.Candidates, page.More, err = s.forum.Candidates(ctx, auth.UserFrom(ctx), f.ID, page.Query); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "Moderatorer for "+f.Name, admin.Moderators(page))
}

func (s *Server) appointModerator(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	userID, perr := strconv.ParseInt(r.PostForm.Get("user_id"), 10, 64)
	var err error
	if perr != nil || userID <= 0 {
		err = validate.Errors{"user_id": "Velg en person å utnevne."}
	} else {
		err = s.forum.Appoint(r.Context(), auth.UserFrom(r.Context()), f.ID, userID)
	}
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderModerators(w, r, f, http.StatusUnprocessableEntity, errs["user_id"])
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, admin.ModeratorsURL(f.Slug), "success", "Moderatoren er utnevnt.")
}

func (s *Server) dismissModerator(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok {
		return
	}
	userID, ok := s.idParam(w, r, "user")
	if !ok {
		return
	}
	if err := s.forum.Dismiss(r.Context(), auth.UserFrom(r.Context()), f.ID, userID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, admin.ModeratorsURL(f.Slug), "success", "Moderatoren er fjernet.")
}
