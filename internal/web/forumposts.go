package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	forumview "klyngeportalen/web/forum"
)

var moderationDone = map[string]string{
	forum.ActionPin: "Tråden er festet.", forum.ActionUnpin: "Tråden er løsnet.", forum.ActionLock: "Tråden er låst.",
	forum.ActionUnlock: "Tråden er låst opp.", forum.ActionMove: "Tråden er flyttet.",
}

func (s *Server) moderateThread(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	action, to := r.PostForm.Get("handling"), r.PostForm.Get("til")
	if _, known := moderationDone[action]; !known || len(to) > 60 {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	err := s.forum.Moderate(r.Context(), auth.UserFrom(r.Context()), t.ID, action, to)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.redirect(w, r, forumview.ThreadURL(t.ForumSlug, t.ID), "warning", errs["til"])
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slug := t.ForumSlug
	if action == forum.ActionMove {
		slug = to
	}
	s.redirect(w, r, forumview.ThreadURL(slug, t.ID), "success", moderationDone[action])
}

// postSeq reads the {seq} of a post from the route.
func (s *Server) postSeq(w http.ResponseWriter, r *http.Request) (int, bool) {
	n, err := strconv.Atoi(chi.URLParam(r, "seq"))
	if err != nil || n < 1 {
		s.errorPage(w, r, http.StatusNotFound)
		return 0, false
	}
	return n, true
}

func (s *Server) editPostPage(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok {
		return
	}
	seq, ok := s.postSeq(w, r)
	if !ok {
		return
	}
	u := auth.UserFrom(r.Context())
	p, err := s.forum.Post(r.Context(), u, t.ID, seq)
	if err == nil && p.Removed() {
		err = forum.ErrNotFound
	}
	if err == nil && (p.AuthorID == nil || *p.AuthorID != u.ID) {
		err = forum.ErrForbidden
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderEdit(w, r, http.StatusOK, t, seq, p.BodyMarkdown, nil)
}

func (s *Server) renderEdit(w http.ResponseWriter, r *http.Request, status int, t forum.Thread, seq int, body string, errs validate.Errors) {
	s.render(w, r, status, "Rediger innlegg", forumview.Edit(forumview.EditPage{
		Thread: t, Seq: seq, Heading: fmt.Sprintf("Rediger innlegg %d", seq), Submit: "Lagre endringen",
		Form: forumview.PostForm{Action: fmt.Sprintf("%s/innlegg/%d/rediger", forumview.ThreadURL(t.ForumSlug, t.ID), seq), Body: body, Errors: components.Errors(errs), MentionURL: mentionURL(t.ForumSlug)},
	}))
}

func (s *Server) editPost(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok {
		return
	}
	seq, ok := s.postSeq(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	body := r.PostForm.Get("body")
	err := s.forum.EditPost(r.Context(), auth.UserFrom(r.Context()), t.ID, seq, body)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderEdit(w, r, http.StatusUnprocessableEntity, t, seq, body, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, forumview.PostURL(t.ForumSlug, t.ID, seq), "success", "Innlegget er endret.")
}

func (s *Server) deletePost(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok {
		return
	}
	seq, ok := s.postSeq(w, r)
	if !ok {
		return
	}
	if err := s.forum.DeletePost(r.Context(), auth.UserFrom(r.Context()), t.ID, seq); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, forumview.PostURL(t.ForumSlug, t.ID, seq), "success", "Innlegget er slettet.")
}

func (s *Server) hidePost(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok {
		return
	}
	seq, ok := s.postSeq(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	err := s.forum.HidePost(r.Context(), auth.UserFrom(r.Context()), t.ID, seq, r.PostForm.Get("reason"))
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderThread(w, r, http.StatusUnprocessableEntity, t, forum.PageStart(seq), forumview.ThreadPage{
			Reply: forumview.PostForm{Key: formKey()}, HideSeq: seq, HideErr: errs["reason"],
		})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, forumview.PostURL(t.ForumSlug, t.ID, seq), "success", "Innlegget er skjult.")
}
