package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
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

// forumReads is what a forum's page reads for its viewer in one batch: the forum as they see
// it and, for the first page, their read state of its threads.
type forumReads struct {
	slug  string
	f     forum.Forum
	found bool
	reads map[int64]int
}

// queueForumReads adds the reads of fr for the forum with slug to b (with the read state of
// the first page's threads when first).
func (s *Server) queueForumReads(b *pgx.Batch, u *auth.User, slug string, first bool, fr *forumReads) {
	fr.slug, fr.reads = slug, map[int64]int{}
	s.forum.QueueForum(b, u, slug, &fr.f, &fr.found)
	if first {
		s.forum.QueueFirstPageReads(b, u, slug, threadsPerPage, fr.reads)
	}
}

// ownForumReads are a forum's first page's reads sent with who the viewer is (keptpages.go);
// none for the forum's own pages that share the path's shape (/forum/sok and the like).
func (s *Server) ownForumReads(b *pgx.Batch, r ownRequest) any {
	slug := r.param("forum")
	if len(slug) > 60 || r.query.Get("etter") != "" || isForumView(slug) {
		return nil
	}
	if s.views.kept(s.personal, forumView(slug, r.viewer), s.now()) {
		return nil
	}
	fr := &forumReads{}
	s.queueForumReads(b, r.viewer, slug, true, fr)
	return fr
}

// isForumView reports whether /forum/slug is one of the paths under /forum/ that are not a forum.
func isForumView(slug string) bool {
	switch slug {
	case "sok", "siste", "uleste", "mine":
		return true
	}
	return false
}

// forumPage is a forum with a page of its threads. The first page is kept rendered per viewer
// in s.personal while the forums' versions, the viewer's dashboard_version (how far they have
// read, how they watch) and the reference version hold: a view with nothing changed reads
// nothing but the versions. The first view after a change reads the forum and the viewer's read
// state (with who the viewer is, or in a second round trip) and fills the first page kept
// rendered for everyone who sees the forum alike (forumcache.go).
func (s *Server) forumPage(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), auth.UserFrom(r.Context())
	slug := chi.URLParam(r, "forum")
	if len(slug) > 60 {
		s.errorPage(w, r, http.StatusNotFound)
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
	var view, key string
	if after == nil { // the first page is kept for the viewer
		view = forumView(slug, u)
		var kept bool
		if key, kept = s.servePersonal(w, r, "forum", view, nil); kept || key == "" {
			return
		}
	}
	fr, early := ownReads[forumReads](ctx, "forum")
	if !early || fr.slug != slug || after != nil {
		fr = &forumReads{}
		var b pgx.Batch
		s.queueForumReads(&b, u, slug, after == nil, fr)
		if err := database.Send(ctx, s.pool, &b); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	f, reads := fr.f, fr.reads
	if !fr.found {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	v := forumview.Viewer{ID: u.ID, Forum: f, Admin: u.IsClusterAdmin(), Reads: reads}
	fill := func(sl forumview.Slot) templ.Component { return forumview.ForumSlot(sl, v) }
	shared, cache := forumPageKey(ctx, f, u)
	cache = cache && after == nil
	if cache {
		if frag, ok := s.forums.get(shared, s.now()); ok {
			if p, ok := frag.parts.(*slotted); ok && readsCover(p, reads) {
				s.serveForum(w, r, view, key, f.Name, p.filled(v.ForumVariant, fill))
				return
			}
		}
	}
	page := forumview.ForumPage{Forum: f, Slot: recordSlot}
	var more bool
	var moderators []forum.Moderator
	var b pgx.Batch
	s.forum.QueueThreads(&b, u, f.ID, after, threadsPerPage, &page.Threads, &more)
	s.forum.QueueModerators(&b, f.ID, &moderators)
	if err := database.Send(ctx, s.pool, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, m := range moderators {
		if m.Effective {
			page.Moderators = append(page.Moderators, m)
		}
	}
	if more {
		last := page.Threads[len(page.Threads)-1]
		page.NextURL = forumview.ForumURL(f.Slug) + "?etter=" + formatThreadCursor(forum.ThreadCursor{Pinned: last.Pinned, At: last.LastPostAt, ID: last.ID})
	}
	if after != nil {
		page.FirstURL = forumview.ForumURL(f.Slug)
	}
	p, body, err := renderSlotted(ctx, forumview.Forum(page), forumVariants(f.Slug))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if cache {
		s.forums.put(shared, fragment{title: f.Name, body: body, parts: p})
	}
	for _, t := range page.Threads { // as read with the threads
		reads[t.ID] = t.ReadSeq
	}
	s.serveForum(w, r, view, key, f.Name, p.filled(v.ForumVariant, fill))
}

// forumKeep bounds how long a forum's first page is kept for a viewer: its count of unread
// threads counts those active in the last 90 days.
const forumKeep = 10 * time.Minute

// forumView is the view of the first page of the forum with slug for u: its key without the versions.
func forumView(slug string, u *auth.User) string {
	return "forum|" + slug + "|" + strconv.FormatInt(u.ID, 10)
}

// serveForum serves a forum's page filled for the viewer, kept for them as view under key
// (servePersonal) when it is the first page (key is not "").
func (s *Server) serveForum(w http.ResponseWriter, r *http.Request, view, key, title string, body templ.Component) {
	if key == "" {
		s.render(w, r, http.StatusOK, title, body)
		return
	}
	s.keepPersonal(w, r, view, key, title, body, s.now().Add(forumKeep), nil)
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
