package web

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"klyngeportalen/internal/auth"
	"klyngeportalen/web/layout"
)

// render writes body inside the page frame with status. It renders into a buffer first, so
// a component that fails sends the error page instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, title string, body templ.Component) {
	buf := s.buffers.get()
	defer s.buffers.put(buf)
	sh := s.shell(r, title)
	if status < 400 { // a message of a post is for the page it leads to, not an error
		sh.Flash = s.takeFlash(w, r)
	}
	if err := layout.Page(sh, body).Render(r.Context(), buf); err != nil {
		if status >= 500 { // already rendering an error: answer plainly rather than loop
			http.Error(w, "Noe gikk galt hos oss. Prøv igjen om litt.", http.StatusInternalServerError)
			return
		}
		s.fail(w, r, err) // a client that went away is not an error of ours
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if h.Get("Cache-Control") == "" { // a page may have set its own (it never says less than no-store)
		h.Set("Cache-Control", "no-store")
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len())) // one write, not chunks
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// redirect answers a form post with 303 See Other and leaves a flash message for the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, kind, message string) {
	if message != "" {
		s.setFlash(w, kind, message)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// shell gathers what the frame shows around the page.
func (s *Server) shell(r *http.Request, title string) layout.Shell {
	sh := layout.Shell{
		Title:   title,
		CSS:     s.assets.stylesheets(),
		Scripts: s.assets.scripts(),
		Icon:    s.assets.urls["favicon.svg"],
	}
	if u := auth.UserFrom(r.Context()); u != nil {
		sh.User = &layout.User{Name: u.Name, Company: u.CompanyName}
		switch {
		case u.IsGuest(): // owners and partners: their front page and account, no search or bell
			sh.User.Guest = true
			sh.User.Company = guestOrigin(u)
			sh.Nav = guestNavigation(r.URL.Path)
		case !u.IsMember(): // a kind the rule does not know: nothing
			sh.User = &layout.User{Name: u.Name, Guest: true}
		default:
			sh.Nav = withMeetings(navigation(r.URL.Path, u.IsClusterAdmin()), r.URL.Path, u)
		}
		if n, ok := bellFrom(r.Context()); ok || !u.IsMember() {
			sh.Unread = n
		} else if n, err := s.bellCounted(r.Context(), u); err == nil { // the bell is not worth failing a page for
			sh.Unread = n
		}
	}
	return sh
}
