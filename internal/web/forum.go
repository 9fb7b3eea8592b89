package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	forumview "klyngeportalen/web/forum"
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

// A thread cursor is written as "<pinned 0|1>-<unix microseconds>-<id>".
func formatThreadCursor(c forum.ThreadCursor) string {
	p := "0"
	if c.Pinned {
		p = "1"
	}
	return fmt.Sprintf("%s-%d-%d", p, c.At.UnixMicro(), c.ID)
}

func parseThreadCursor(v string) (forum.ThreadCursor, bool) {
	parts := strings.Split(v, "-")
	if len(v) > 60 || len(parts) != 3 || (parts[0] != "0" && parts[0] != "1") {
		return forum.ThreadCursor{}, false
	}
	at, err1 := strconv.ParseInt(parts[1], 10, 64)
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return forum.ThreadCursor{}, false
	}
	return forum.ThreadCursor{Pinned: parts[0] == "1", At: time.UnixMicro(at), ID: id}, true
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
		Forum: f, Form: forumview.PostForm{Action: forumview.ForumURL(f.Slug) + "/ny", Key: formKey()},
	}))
}

func (s *Server) createThread(w http.ResponseWriter, r *http.Request) {
	f, ok := s.forumOf(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := forum.NewThread{Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), Key: r.PostForm.Get("skjema")}
	id, err := s.forum.StartThread(r.Context(), auth.UserFrom(r.Context()), f.ID, in, s.cfg.BaseURL.String())
	var errs validate.Errors
	if errors.As(err, &errs) {
		form := forumview.PostForm{Action: forumview.ForumURL(f.Slug) + "/ny", Title: in.Title, Body: in.Body, Key: in.Key, Errors: components.Errors(errs)}
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

// threadOf loads the thread of the {thread} id in the {forum} slug. A thread the viewer may
// not see is a 404; a thread moved to another forum is found there (GET) or not at all (POST).
func (s *Server) threadOf(w http.ResponseWriter, r *http.Request) (forum.Thread, bool) {
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
		if r.Method == http.MethodGet && strings.Count(r.URL.Path, "/") == 3 {
			u := forumview.ThreadURL(t.ForumSlug, t.ID)
			if r.URL.RawQuery != "" {
				u += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, u, http.StatusMovedPermanently)
		} else {
			s.errorPage(w, r, http.StatusNotFound)
		}
		return t, false
	}
	return t, true
}

func (s *Server) threadPage(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
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
	s.renderThread(w, r, http.StatusOK, t, from, forumview.ThreadPage{Reply: forumview.PostForm{Key: formKey()}})
}

// renderThread shows the block of posts from number from, with the forms as in page.
func (s *Server) renderThread(w http.ResponseWriter, r *http.Request, status int, t forum.Thread, from int, page forumview.ThreadPage) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	posts, err := s.forum.Posts(ctx, u, t.ID, from)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Thread, page.Posts, page.ViewerID, page.ReadSeq = t, posts, u.ID, t.ReadSeq
	page.Reply.Action = forumview.ThreadURL(t.ForumSlug, t.ID) + "/svar"
	base := forumview.ThreadURL(t.ForumSlug, t.ID)
	if from > 1 {
		page.PrevURL = fmt.Sprintf("%s?fra=%d", base, max(1, from-forum.PageSize))
	}
	if last := from + forum.PageSize - 1; last < t.PostCount {
		page.NextURL = fmt.Sprintf("%s?fra=%d", base, last+1)
	}
	if t.CanModerate {
		forums, err := s.forum.Forums(ctx, u)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, f := range forums {
			if f.ID != t.ForumID && f.CanModerate {
				page.Forums = append(page.Forums, components.Option{Value: f.Slug, Label: f.Name})
			}
		}
	}
	if len(posts) > 0 && status == http.StatusOK {
		marked, err := s.forum.MarkRead(ctx, u, t.ID, posts)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if marked > 0 {
			bellChanged(ctx)
		}
	}
	if page.Materials, err = s.linkedDocuments(ctx, u, documents.ToThread, t.ID, "Dokumenter", "trad", "Last opp dokument til tråden"); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, t.Title, forumview.Thread(page))
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
	form := forumview.PostForm{Action: forumview.ThreadURL(t.ForumSlug, t.ID) + "/svar", Key: formKey()}
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

func (s *Server) reply(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := forum.Reply{Body: r.PostForm.Get("body"), Key: r.PostForm.Get("skjema")}
	seq, err := s.forum.AddReply(r.Context(), auth.UserFrom(r.Context()), t.ID, in, s.cfg.BaseURL.String())
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderThread(w, r, http.StatusUnprocessableEntity, t, forum.PageStart(t.PostCount), forumview.ThreadPage{Reply: forumview.PostForm{
			Body: in.Body, Key: formKey(), Errors: components.Errors(errs),
		}})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, forumview.PostURL(t.ForumSlug, t.ID, seq), "success", "Svaret er publisert.")
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
		Form: forumview.PostForm{Action: fmt.Sprintf("%s/innlegg/%d/rediger", forumview.ThreadURL(t.ForumSlug, t.ID), seq), Body: body, Errors: components.Errors(errs)},
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

// searchPageSize is how many hits one page of the forum search shows.
const searchPageSize = 20

func (s *Server) forumSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	errs := validate.Errors{}
	page := forumview.SearchPage{Query: errs.Text("q", q.Get("q"), 0, 200, false)}
	if !errs.OK() {
		page.Query, page.Error = "", errs["q"]
		s.render(w, r, http.StatusUnprocessableEntity, "Søk i forumene", forumview.Search(page))
		return
	}
	if v := q.Get("side"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > forum.MaxSearchPages {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		page.Page = n - 1
	}
	if page.Query != "" {
		hits, more, err := s.forum.Search(r.Context(), auth.UserFrom(r.Context()), page.Query, page.Page, searchPageSize)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		page.Hits = hits
		link := func(n int) string {
			return "/forum/sok?" + url.Values{"q": {page.Query}, "side": {strconv.Itoa(n)}}.Encode()
		}
		if more {
			page.NextURL = link(page.Page + 2)
		}
		if page.Page > 0 {
			page.PrevURL = link(page.Page)
		}
	}
	s.render(w, r, http.StatusOK, "Søk i forumene", forumview.Search(page))
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) {
	var before int64
	if v := r.URL.Query().Get("for"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		before = n
	}
	items, more, err := s.forum.Notifications(r.Context(), auth.UserFrom(r.Context()), before, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := forumview.NotificationsPage{Items: items}
	if more {
		page.NextURL = "/varsler?for=" + strconv.FormatInt(items[len(items)-1].ID, 10)
	}
	s.render(w, r, http.StatusOK, "Varsler", forumview.Notifications(page))
}

func (s *Server) readNotifications(w http.ResponseWriter, r *http.Request) {
	if err := s.forum.MarkNotificationsRead(r.Context(), auth.UserFrom(r.Context())); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/varsler", "success", "Alle varsler er markert som lest.")
}

func (s *Server) setMailChoice(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	choice := r.PostForm.Get("epost")
	if !forum.ValidMail(choice) {
		s.renderMe(w, r, http.StatusUnprocessableEntity, nil, nil, nil)
		return
	}
	if err := s.forum.SetMailChoice(r.Context(), auth.UserFrom(r.Context()), choice); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/meg", "success", "Valget for e-postvarsler er lagret.")
}
