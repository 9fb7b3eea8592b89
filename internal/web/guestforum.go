package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	guestview "klyngeportalen/web/guests"
)

// The Eierforum and Partnerforum as owners and partners use them: the forum store's own
// functions under the one access rule, which opens to them only the forums opened to their kind.

func guestThreadURL(t forum.Thread) string {
	return "/apent/forum/" + t.ForumSlug + "/" + strconv.FormatInt(t.ID, 10)
}

func (s *Server) guestForum(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if ok {
		s.renderGuestForum(w, r, http.StatusOK, f, guestview.ForumPage{Key: formKey()})
	}
}

func (s *Server) renderGuestForum(w http.ResponseWriter, r *http.Request, status int, f forum.Forum, p guestview.ForumPage) {
	list, _, err := s.forum.Threads(r.Context(), auth.UserFrom(r.Context()), f.ID, nil, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Forum, p.Threads = f, list
	s.render(w, r, status, f.Name, guestview.GuestForum(p))
}

func (s *Server) guestStartThread(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := forum.NewThread{Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), Key: r.PostForm.Get("skjema")}
	id, err := s.forum.StartThread(r.Context(), auth.UserFrom(r.Context()), f.ID, in, s.cfg.BaseURL.String())
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		key := in.Key
		if len(key) != 32 {
			key = formKey()
		}
		s.renderGuestForum(w, r, http.StatusUnprocessableEntity, f, guestview.ForumPage{Title: in.Title, Body: in.Body, Key: key, Errors: components.Errors(errs)})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/apent/forum/"+f.Slug+"/"+strconv.FormatInt(id, 10), "success", "Tråden er publisert.")
}

// guestThreadOf loads the thread of the address, which must be in the forum of the address.
func (s *Server) guestThreadOf(w http.ResponseWriter, r *http.Request) (forum.Thread, bool) {
	id, ok := s.idParam(w, r, "thread")
	if !ok {
		return forum.Thread{}, false
	}
	t, err := s.forum.Thread(r.Context(), auth.UserFrom(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return t, false
	}
	if t.ForumSlug != chi.URLParam(r, "forum") {
		s.errorPage(w, r, http.StatusNotFound)
		return t, false
	}
	return t, true
}

func (s *Server) guestThread(w http.ResponseWriter, r *http.Request) {
	t, ok := s.guestThreadOf(w, r)
	if !ok {
		return
	}
	from := 1
	if v := r.URL.Query().Get("fra"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		from = forum.PageStart(n)
	}
	s.renderGuestThread(w, r, http.StatusOK, t, from, guestview.ThreadPage{Key: formKey()})
}

func (s *Server) renderGuestThread(w http.ResponseWriter, r *http.Request, status int, t forum.Thread, from int, p guestview.ThreadPage) {
	posts, err := s.forum.Posts(r.Context(), auth.UserFrom(r.Context()), t.ID, from)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Thread, p.Posts, p.From = t, posts, from
	s.render(w, r, status, t.Title, guestview.GuestThread(p))
}

func (s *Server) guestReply(w http.ResponseWriter, r *http.Request) {
	t, ok := s.guestThreadOf(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := forum.Reply{Body: r.PostForm.Get("body"), Key: r.PostForm.Get("skjema")}
	seq, err := s.forum.AddReplyTo(r.Context(), auth.UserFrom(r.Context()), t, in, s.cfg.BaseURL.String())
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		key := in.Key
		if len(key) != 32 {
			key = formKey()
		}
		s.renderGuestThread(w, r, http.StatusUnprocessableEntity, t, forum.PageStart(t.PostCount), guestview.ThreadPage{Body: in.Body, Key: key, Errors: components.Errors(errs)})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, guestThreadURL(t)+"?fra="+strconv.Itoa(forum.PageStart(seq))+"#innlegg-"+strconv.Itoa(seq), "success", "Svaret er publisert.")
}
