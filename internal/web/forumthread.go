package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"klyngeportalen/internal/auth"
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
	if !ok {
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
	page.Reply.Label, page.Reply.MentionURL = "Ditt svar", mentionURL(t.ForumSlug)
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
	if page.NextURL != "" {
		page.ReplyURL = fmt.Sprintf("%s?fra=%d#svar", base, forum.PageStart(t.PostCount))
	} else {
		page.ReplyURL = "#svar"
	}
	wantDraft := page.NextURL == "" && !t.Locked && page.Reply.Body == "" && page.Reply.Errors == nil
	extras, err := s.forum.Extras(ctx, u, t, from, from == 1, wantDraft)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Attachments, page.Reactions, page.Solution = extras.Attachments, extras.Reactions, extras.Solution
	if extras.Draft != nil {
		page.Reply.Body, page.DraftSaved = extras.Draft.Body, &extras.Draft.UpdatedAt
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
