package web

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/forum"
	"klyngeportalen/web/components"
	forumview "klyngeportalen/web/forum"
)

// threadOf loads the thread of the {thread} id in the {forum} slug. A thread the viewer may
// not see is a 404; a thread moved to another forum is found there (GET) or not at all (POST).
func (s *Server) threadOf(w http.ResponseWriter, r *http.Request) (forum.Thread, bool) {
	t, ok := load(s, w, r, "thread", func(ctx context.Context, id int64) (forum.Thread, error) {
		return s.forum.Thread(ctx, auth.UserFrom(ctx), id)
	})
	return t, ok && s.inForum(w, r, t)
}

// inForum answers for a thread t asked for under another forum's slug, and reports whether it was not.
func (s *Server) inForum(w http.ResponseWriter, r *http.Request, t forum.Thread) bool {
	if t.ForumSlug == chi.URLParam(r, "forum") {
		return true
	}
	if r.Method == http.MethodGet && strings.Count(r.URL.Path, "/") == 3 {
		u := forumview.ThreadURL(t.ForumSlug, t.ID)
		if r.URL.RawQuery != "" {
			u += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, u, http.StatusMovedPermanently)
	} else {
		s.errorPage(w, r, http.StatusNotFound)
	}
	return false
}

// threadView is what a thread page reads for its viewer besides the block of posts.
type threadView struct {
	viewer    forum.BlockViewer
	materials documents.LinkedReads
}

// queueThreadView adds the reads of tv for the page of thread id from post number from to b.
func (s *Server) queueThreadView(b *pgx.Batch, u *auth.User, id int64, from int, tv *threadView) {
	s.forum.QueueBlockViewer(b, u, id, from, &tv.viewer)
	documents.QueueLinked(b, u, documents.ToThread, id, &tv.materials)
}

// threadReads is what a thread's page reads for its viewer in one batch: the thread as they
// see it (with their read state before this view) and what they have of its block of posts.
type threadReads struct {
	id     int64
	from   int
	t      forum.Thread
	found  bool
	view   threadView
	unread bool // an unread notification of a post in the block (read when the marking is not)
}

// queueThreadReads adds the reads of tr for the page of thread id from post number from to b.
func (s *Server) queueThreadReads(b *pgx.Batch, u *auth.User, id int64, from int, tr *threadReads) {
	tr.id, tr.from = id, from
	s.forum.QueueThread(b, u, id, &tr.t, &tr.found)
	s.queueThreadView(b, u, id, from, &tr.view)
}

// ownThreadReads are a thread page's reads sent with who the viewer is (keptpages.go): the page
// then marks the block read only when there is something to mark.
func (s *Server) ownThreadReads(b *pgx.Batch, r ownRequest) any {
	id := r.id("thread")
	from, ok := threadFrom(r.query.Get("fra"))
	if id == 0 || !ok {
		return nil
	}
	if s.views.kept(s.personal, threadPageView(r.param("forum"), id, from, r.viewer), s.now()) {
		return nil
	}
	tr := &threadReads{}
	s.queueThreadReads(b, r.viewer, id, from, tr)
	s.forum.QueueBlockUnread(b, r.viewer, id, from, &tr.unread)
	return tr
}

// threadFrom is the first post of the block a thread's ?fra=N asks for (1 without it); false
// for a number that is not one.
func threadFrom(v string) (int, bool) {
	if v == "" {
		return 1, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, false
	}
	return forum.PageStart(n), true
}

// threadPage is a thread's block of posts from ?fra=N: the thread and what its viewer has of
// it, read with who the viewer is (one round trip in all) or else in one batch with the
// marking of the block read; the block itself comes from the cache while nothing it shows
// changes (forumcache.go). Read with the viewer, the block is marked read afterwards, and only
// when the viewer has not read it all.
func (s *Server) threadPage(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), auth.UserFrom(r.Context())
	id, ok := s.idParam(w, r, "thread")
	if !ok {
		return
	}
	from, ok := threadFrom(r.URL.Query().Get("fra"))
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	slug := chi.URLParam(r, "forum")
	view := threadPageView(slug, id, from, u)
	key, kept := s.servePersonal(w, r, "thread", view, withFormKey)
	if kept || key == "" {
		return
	}
	var marked int
	tr, early := ownReads[threadReads](ctx, "thread")
	if !early || tr.id != id || tr.from != from {
		early, tr = false, &threadReads{}
		var b pgx.Batch
		s.queueThreadReads(&b, u, id, from, tr) // before the marking: the read state as it was
		s.forum.QueueMarkBlockRead(&b, u, id, slug, from, math.MaxInt32, &marked)
		if err := database.Send(ctx, s.pool, &b); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if !tr.found {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	if !s.inForum(w, r, tr.t) {
		return
	}
	if last := min(from+forum.PageSize-1, tr.t.PostCount); early && (tr.unread || tr.t.ReadSeq < last) {
		var b pgx.Batch
		s.forum.QueueMarkBlockRead(&b, u, id, slug, from, last, &marked)
		if err := database.Send(ctx, s.pool, &b); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if marked > 0 {
		bellChanged(ctx)
	}
	page := forumview.ThreadPage{Reply: forumview.PostForm{Key: formKeyMark}}
	if tr.unread || marked > 0 || tr.t.ReadSeq < min(from+forum.PageSize-1, tr.t.PostCount) {
		// Marked read: the viewer's versions have moved on from key, and the next view reads
		// the page again (with who the viewer is), so it is not kept.
		s.views.forget(view)
		page.Reply.Key, view, key = formKey(), "", ""
	}
	s.showThread(w, r, http.StatusOK, tr.t, from, page, tr.view, view, key)
}

// A thread's page is kept rendered per viewer in s.personal (keptviews.go) while its versions
// hold: the thread's own (its posts, reactions and files), the forums' (its title, state and
// place, the moderators, the forums to move it to), the viewer's dashboard_version (how far they
// have read, how they watch, their draft: migrations 00390, 00450, 00460), their bell's (a
// notification of a post on the page is marked read with the page), the documents' and the
// reference version. A view that marks posts read changes the viewer's versions, so its page is
// not kept: the next view, which marks nothing, reads the page with who the viewer is and keeps it. Every view gets a fresh form
// key for its reply (withFormKey): a kept page must never hand two views the same key, or a
// second reply would be taken for a repeat of the first.

// threadKeep bounds how long a thread's page is kept.
const threadKeep = 10 * time.Minute

// formKeyMark stands for the reply form's key in a kept thread page. PostgreSQL's text never
// holds a NUL, nor do the templates, so only the mark writes one.
const formKeyMark = "\x00skjema\x00"

// withFormKey is a kept thread page with a fresh form key for its reply, written in pieces
// around the marks rather than copied whole first (a page is up to 100 kB).
func withFormKey(body string) templ.Component {
	key := formKey()
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		rest := body
		for {
			i := strings.Index(rest, formKeyMark)
			if i < 0 {
				_, err := io.WriteString(w, rest)
				return err
			}
			if _, err := io.WriteString(w, rest[:i]); err != nil {
				return err
			}
			if _, err := io.WriteString(w, key); err != nil {
				return err
			}
			rest = rest[i+len(formKeyMark):]
		}
	})
}

// threadPageView is the view of the page of thread id in the forum with slug from post number
// from for u: its key without the versions.
func threadPageView(slug string, id int64, from int, u *auth.User) string {
	return fmt.Sprintf("thread|%s|%d|%d|%d", slug, id, from, u.ID)
}

// threadArgs are the thread page's versions' arguments: the thread of the path.
func threadArgs(param func(string) string) database.Named {
	id, _ := strconv.ParseInt(param("thread"), 10, 64)
	return database.Named{"thread": id}
}

// renderThread shows the block of posts from number from, with the forms as in page (a form's
// answer with its errors: nothing is marked read).
func (s *Server) renderThread(w http.ResponseWriter, r *http.Request, status int, t forum.Thread, from int, page forumview.ThreadPage) {
	var tv threadView
	var b pgx.Batch
	s.queueThreadView(&b, auth.UserFrom(r.Context()), t.ID, from, &tv)
	if err := database.Send(r.Context(), s.pool, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	s.showThread(w, r, status, t, from, page, tv, "", "")
}

// showThread renders the page of thread t from post number from for its viewer, with tv; it
// keeps it for them as view under keep (threadPage) unless keep is "".
func (s *Server) showThread(w http.ResponseWriter, r *http.Request, status int, t forum.Thread, from int, page forumview.ThreadPage, tv threadView, view, keep string) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	key, cache := threadBlockKey(ctx, t, from, u)
	var p *slotted
	if cache {
		if frag, ok := s.forums.get(key, s.now()); ok {
			p, _ = frag.parts.(*slotted)
		}
	}
	hit := p != nil
	var block forumview.PostBlock
	var forums []forum.Forum
	var b pgx.Batch
	if !hit {
		s.forum.QueueBlock(&b, u, t, from, &block.Block)
	}
	if t.CanModerate {
		s.forum.QueueForums(&b, u, &forums)
	}
	if b.Len() > 0 {
		if err := database.Send(ctx, s.pool, &b); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if !hit {
		block.Thread, block.Slot = t, recordSlot
		var body string
		var err error
		if p, body, err = renderSlotted(ctx, forumview.Posts(block), postVariants(t)); err != nil {
			s.fail(w, r, err)
			return
		}
		if cache {
			s.forums.put(key, fragment{title: t.Title, body: body, parts: p})
		}
	}
	v := forumview.Viewer{ID: u.ID, Thread: t, Admin: u.IsClusterAdmin(), Mine: tv.viewer.Mine, HideSeq: page.HideSeq, HideErr: page.HideErr}
	page.Block = p.filled(v.Variant, func(sl forumview.Slot) templ.Component { return forumview.PostSlot(sl, v) })
	page.Thread, page.ViewerID = t, u.ID
	page.Reply.Action = forumview.ThreadURL(t.ForumSlug, t.ID) + "/svar"
	page.Reply.Label, page.Reply.MentionURL = "Ditt svar", mentionURL(t.ForumSlug)
	base := forumview.ThreadURL(t.ForumSlug, t.ID)
	if from > 1 {
		page.PrevURL = fmt.Sprintf("%s?fra=%d", base, max(1, from-forum.PageSize))
	}
	if last := from + forum.PageSize - 1; last < t.PostCount {
		page.NextURL = fmt.Sprintf("%s?fra=%d", base, last+1)
	}
	for _, f := range forums {
		if f.ID != t.ForumID && f.CanModerate {
			page.Forums = append(page.Forums, components.Option{Value: f.Slug, Label: f.Name})
		}
	}
	if page.NextURL != "" {
		page.ReplyURL = fmt.Sprintf("%s?fra=%d#svar", base, forum.PageStart(t.PostCount))
	} else {
		page.ReplyURL = "#svar"
	}
	wantDraft := page.NextURL == "" && !t.Locked && page.Reply.Body == "" && page.Reply.Errors == nil
	if d := tv.viewer.Draft; wantDraft && d != nil {
		page.Reply.Body, page.DraftSaved = d.Body, &d.UpdatedAt
	}
	docs, more, err := tv.materials.Finish()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Materials = linkedList(u, documents.ToThread, t.ID, docs, more, "Dokumenter", "trad", "Last opp dokument til tråden")
	if keep == "" {
		s.render(w, r, status, t.Title, forumview.Thread(page))
		return
	}
	s.keepPersonal(w, r, view, keep, t.Title, forumview.Thread(page), s.now().Add(threadKeep), withFormKey)
}

// replyPage is the reply form on its own page, with a quote of post ?sitat=N when asked for.
func (s *Server) replyPage(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok {
		return
	}
	if t.Locked {
		s.redirect(w, r, forumview.ThreadURL(t.ForumSlug, t.ID), "warning", "Tråden er låst og tar ikke imot svar.")
		return
	}
	form := forumview.PostForm{Action: forumview.ThreadURL(t.ForumSlug, t.ID) + "/svar", Key: formKey(), MentionURL: mentionURL(t.ForumSlug)}
	seq := 0
	if v := r.URL.Query().Get("sitat"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.errorPage(w, r, http.StatusNotFound)
			return
		}
		p, err := s.forum.Post(r.Context(), auth.UserFrom(r.Context()), t.ID, n)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !p.Removed() {
			form.Body = quote(orName(p.AuthorName), p.BodyMarkdown)
		}
		seq = n
	}
	s.render(w, r, http.StatusOK, "Svar i "+t.Title, forumview.Edit(forumview.EditPage{
		Thread: t, Seq: seq, Form: form, Heading: "Svar i «" + t.Title + "»", Submit: "Publiser svaret",
	}))
}

func orName(n *string) string {
	if n == nil {
		return "Tidligere medlem"
	}
	return *n
}

// quote makes a Markdown quote of body, said by name.
func quote(name, body string) string {
	var b strings.Builder
	b.WriteString("> **" + name + "** skrev:\n>\n")
	for line := range strings.SplitSeq(body, "\n") {
		b.WriteString("> " + line + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

func (s *Server) watchThread(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	if err := s.forum.WatchThread(r.Context(), auth.UserFrom(r.Context()), t.ID, r.PostForm.Get("nivaa")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, forumview.ThreadURL(t.ForumSlug, t.ID), "success", "Varslene for tråden er lagret.")
}
