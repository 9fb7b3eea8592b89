package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	forumview "klyngeportalen/web/forum"

	"github.com/go-chi/chi/v5"
)

// threadsPerPage is how many threads one page of a forum lists.
const threadsPerPage = 50

func (s *Server) forumIndex(w http.ResponseWriter, r *http.Request) {
	list, err := s.forum.Forums(r.Context(), auth.UserFrom(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Forum", forumview.Index(forumview.IndexPage{Forums: list}))
}

// forumOf loads the forum of the {forum} slug; one the viewer may not see is a 404.
func (s *Server) forumOf(w http.ResponseWriter, r *http.Request) (forum.Forum, bool) {
	slug := chi.URLParam(r, "forum")
	if len(slug) > 60 {
		s.errorPage(w, r, http.StatusNotFound)
		return forum.Forum{}, false
	}
	f, err := s.forum.Forum(r.Context(), auth.UserFrom(r.Context()), slug)
	if err != nil {
		s.fail(w, r, err)
		return f, false
	}
	return f, true
}

func (s *Server) forumPage(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok {
		return
	}
	var after *forum.ThreadCursor
	if v := r.URL.Query().Get("etter"); v != "" {
		c, ok := parseThreadCursor(v)
		if !ok {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		after = &c
	}
	threads, more, err := s.forum.Threads(r.Context(), auth.UserFrom(r.Context()), f.ID, after, threadsPerPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	moderators, err := s.forum.Moderators(r.Context(), f.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := forumview.ForumPage{Forum: f, Threads: threads, ManageModerators: auth.UserFrom(r.Context()).IsClusterAdmin()}
	for _, m := range moderators {
		if m.Effective {
			page.Moderators = append(page.Moderators, m)
		}
	}
	if more {
		last := threads[len(threads)-1]
		page.NextURL = forumview.ForumURL(f.Slug) + "?etter=" + formatThreadCursor(forum.ThreadCursor{Pinned: last.Pinned, At: last.LastPostAt, ID: last.ID})
	}
	if after != nil {
		page.FirstURL = forumview.ForumURL(f.Slug)
	}
	s.render(w, r, http.StatusOK, f.Name, forumview.Forum(page))
}

// A thread cursor is the last thread's pinning, time of its last post and id.
func formatThreadCursor(c forum.ThreadCursor) string { return keyset.Format(c.Pinned, c.At, c.ID) }

func parseThreadCursor(v string) (forum.ThreadCursor, bool) {
	k := keyset.Parse(v, 3)
	c := forum.ThreadCursor{Pinned: k.Bool(), At: k.Time(), ID: k.ID()}
	return c, k.OK()
}

// formKey is a fresh one-time key for a post form: submitting the same form twice posts once.
func formKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) newThreadPage(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "Ny tråd i "+f.Name, forumview.NewThread(forumview.NewThreadPage{
		Forum: f, Form: forumview.PostForm{Action: forumview.ForumURL(f.Slug) + "/ny", Key: formKey(), MentionURL: mentionURL(f.Slug)},
	}))
}

func (s *Server) createThread(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := forum.NewThread{Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), Key: r.PostForm.Get("skjema"), Question: r.PostForm.Get("sporsmal") == "ja"}
	id, err := s.forum.StartThread(r.Context(), auth.UserFrom(r.Context()), f.ID, in, s.cfg.BaseURL.String())
	var errs validate.Errors
	if errors.As(err, &errs) {
		form := forumview.PostForm{Action: forumview.ForumURL(f.Slug) + "/ny", Title: in.Title, Body: in.Body, Key: in.Key, Question: in.Question, Errors: components.Errors(errs), MentionURL: mentionURL(f.Slug)}
		if len(in.Key) != 32 {
			form.Key = formKey()
		}
		s.render(w, r, http.StatusUnprocessableEntity, "Ny tråd i "+f.Name, forumview.NewThread(forumview.NewThreadPage{Forum: f, Form: form}))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, forumview.ThreadURL(f.Slug, id), "success", "Tråden er publisert.")
}

func (s *Server) markForumRead(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok {
		return
	}
	if err := s.forum.MarkForumRead(r.Context(), auth.UserFrom(r.Context()), f.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, forumview.ForumURL(f.Slug), "success", "Alle trådene i forumet er markert som lest.")
}

func (s *Server) watchForum(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	if err := s.forum.WatchForum(r.Context(), auth.UserFrom(r.Context()), f.ID, r.PostForm.Get("nivaa")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, forumview.ForumURL(f.Slug), "success", "Varslene for forumet er lagret.")
}
