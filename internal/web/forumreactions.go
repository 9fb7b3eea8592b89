package web

import (
	"net/http"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
	forumview "klyngeportalen/web/forum"
)

// react sets or takes back the viewer's "Takk" or "Lik" on a post; doing it twice changes nothing.
func (s *Server) react(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok {
		return
	}
	seq, ok := s.postSeq(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	kind, on := r.PostForm.Get("type"), r.PostForm.Get("pa")
	if !forum.ValidReaction(kind) || (on != "ja" && on != "nei") {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	if err := s.forum.React(r.Context(), auth.UserFrom(r.Context()), t.ID, seq, kind, on == "ja"); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, forumview.PostURL(t.ForumSlug, t.ID, seq), http.StatusSeeOther)
}

// markSolution marks a reply as the answer of a question thread (or, with fjern=ja, unmarks it).
func (s *Server) markSolution(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok {
		return
	}
	seq, ok := s.postSeq(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	mark, message := seq, "Svaret er merket som løsning."
	if r.PostForm.Get("fjern") == "ja" {
		mark, message = 0, "Svaret er ikke lenger merket som løsning."
	}
	if err := s.forum.MarkSolution(r.Context(), auth.UserFrom(r.Context()), t.ID, mark); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, forumview.PostURL(t.ForumSlug, t.ID, seq), "success", message)
}

// setQuestion marks the thread as a question, or not, for its asker or a moderator.
func (s *Server) setQuestion(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	v := r.PostForm.Get("sporsmal")
	if v != "ja" && v != "nei" {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	if err := s.forum.SetQuestion(r.Context(), auth.UserFrom(r.Context()), t.ID, v == "ja"); err != nil {
		s.fail(w, r, err)
		return
	}
	message := "Tråden er merket som spørsmål. Merk svaret som hjalp som løsning."
	if v == "nei" {
		message = "Tråden er ikke lenger merket som spørsmål."
	}
	s.redirect(w, r, forumview.ThreadURL(t.ForumSlug, t.ID), "success", message)
}
