package web

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	eventview "klyngeportalen/web/events"
	guestview "klyngeportalen/web/guests"
)

// The pages of owner representatives and partner people (issue 22): their front page and what
// is opened to their kind, under /apent. Every object is read through the one access rule, so
// what is not opened to them is 404, as if it were not there.

// requireGuest lets owner representatives and partner people through, and nobody else (members
// have their own pages; a kind the rule does not know sees nothing).
func (s *Server) requireGuest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := auth.UserFrom(r.Context())
		if u == nil {
			http.Redirect(w, r, "/logg-inn", http.StatusSeeOther)
			return
		}
		if !u.IsGuest() {
			s.errorPage(w, r, http.StatusNotFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// guestCounterpart matches the member pages that owners and partners have their own page of.
var guestCounterpart = regexp.MustCompile(`^/(arrangementer/[0-9]+(\.ics)?|nyheter/[0-9]+|dokumenter/[0-9]+/last-ned|forum/[a-z0-9-]+(/[0-9]+)?|prosjekter/[0-9]+)$`)

// guestPath is the owner's or partner's own address of the member page of a GET request.
func guestPath(u *auth.User, r *http.Request) (string, bool) {
	if !u.IsGuest() || r.Method != http.MethodGet {
		return "", false
	}
	if r.URL.Path == "/meg" {
		return "/apent/konto", true
	}
	if !guestCounterpart.MatchString(r.URL.Path) {
		return "", false
	}
	to := "/apent" + r.URL.Path
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	return to, true
}

// front is the front page: the owner's or partner's own, or the members' dashboard.
func (s *Server) front(w http.ResponseWriter, r *http.Request) {
	if u := auth.UserFrom(r.Context()); u.IsGuest() {
		s.guestHome(w, r)
		return
	}
	s.requireUser(http.HandlerFunc(s.home)).ServeHTTP(w, r)
}

func (s *Server) guestHome(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	p := guestview.FrontPage{Name: firstName(u.Name), Owner: u.IsOwner(), Origin: guestOrigin(u), Municipality: u.Municipality}
	// Kept while its key holds (dashviewer.go), or read with who the viewer is (keptpages.go),
	// or else here.
	ctx := r.Context()
	v, err := s.versionsOf(ctx, "dashboard")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now()
	key := dashKey(v, u, now)
	kept, _ := s.dashboards.get(u.ID, key, now)
	g, _ := kept.(*guestReads)
	if g == nil {
		var early bool
		if g, early = ownReads[guestReads](ctx, "dashboard"); !early {
			g = &guestReads{now: now}
			if g.front, err = s.guests.Front(ctx, u); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		s.dashboards.put(u.ID, key, g.now, g)
	}
	p.Front = g.front
	p.Figures = p.Front.Figures
	s.render(w, r, http.StatusOK, "Forside", guestview.Front(p))
}

// guestEvent shows an event opened to the viewer's kind.
func (s *Server) guestEvent(w http.ResponseWriter, r *http.Request) {
	if e, ok := s.event(w, r); ok {
		s.renderGuestEvent(w, r, http.StatusOK, e, eventview.EventPage{})
	}
}

func (s *Server) renderGuestEvent(w http.ResponseWriter, r *http.Request, status int, e events.Event, p eventview.EventPage) {
	ctx := r.Context()
	var err error
	if p.Details, err = s.events.Details(ctx, events.ViewerOf(auth.UserFrom(ctx)), e.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	now := time.Now()
	p.Values = p.Details.Mine
	if p.Posted != nil {
		p.Values = events.ValuesOf(p.Details.Questions, p.Posted)
	}
	p.Event = e
	p.Open, p.Why = e.RegistrationOpen(now)
	p.CanCancel = e.CanCancel(now)
	s.render(w, r, status, e.Title, eventview.GuestEvent(p))
}

// guestRegister signs the viewer up for the event (never anyone else: no colleagues here).
func (s *Server) guestRegister(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	answer := r.PostForm.Get("answer")
	res, err := s.events.RegisterWith(ctx, u, e.ID, u.ID, answer, events.Form(r.PostForm), s.cfg.BaseURL.String())
	var errs validate.Errors
	var refusal *events.Refusal
	switch {
	case errors.As(err, &errs):
		s.renderGuestEvent(w, r, http.StatusUnprocessableEntity, e, eventview.EventPage{Answer: answer, Posted: events.Form(r.PostForm), Errors: components.Errors(errs)})
		return
	case errors.As(err, &refusal):
		s.renderGuestEvent(w, r, http.StatusConflict, e, eventview.EventPage{Answer: answer, Posted: events.Form(r.PostForm), Refusal: refusal.Message})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	msg := "Du er påmeldt. Bekreftelsen er sendt på e-post."
	if res.Status != events.Confirmed {
		msg = "Arrangementet er fullt. Du står på venteliste som nr. " + strconv.Itoa(res.Position) + "."
	}
	s.redirect(w, r, eventview.GuestURL(e), "success", msg)
}

// guestConfirmCancel asks before the viewer's registration is cancelled.
func (s *Server) guestConfirmCancel(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	if e.MyStatus == nil {
		s.redirect(w, r, eventview.GuestURL(e), "info", "Du er ikke påmeldt dette arrangementet.")
		return
	}
	s.render(w, r, http.StatusOK, "Meld av", eventview.GuestCancel(eventview.CancelPage{Event: e, Status: *e.MyStatus}))
}

func (s *Server) guestCancel(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	err := s.events.Cancel(ctx, u, e.ID, u.ID, s.cfg.BaseURL.String())
	var refusal *events.Refusal
	switch {
	case errors.As(err, &refusal):
		s.renderGuestEvent(w, r, http.StatusConflict, e, eventview.EventPage{Refusal: refusal.Message})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, eventview.GuestURL(e), "success", "Du er meldt av.")
}

// guestNews shows a news item opened to the viewer's kind.
func (s *Server) guestNews(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	a, err := s.guests.NewsItem(r.Context(), auth.UserFrom(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, a.Title, guestview.Article(a))
}

// guestProject shows a project to a person of one of its partner organisations.
func (s *Server) guestProject(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	p, err := s.partners.PartnerProject(r.Context(), auth.UserFrom(r.Context()), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, p.Title, guestview.Project(p))
}

// guestAccount is the owner's or partner's own account page.
func (s *Server) guestAccount(w http.ResponseWriter, r *http.Request) {
	s.renderGuestAccount(w, r, http.StatusOK, nil)
}

func (s *Server) renderGuestAccount(w http.ResponseWriter, r *http.Request, status int, errs validate.Errors) {
	u := auth.UserFrom(r.Context())
	p := guestview.AccountPage{Name: u.Name, Email: u.Email, Origin: guestOrigin(u), Owner: u.IsOwner(), Errors: components.Errors(errs)}
	if u.IsOwner() {
		var err error
		if p.Newsletter, err = s.guests.Subscribed(r.Context(), u.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "Min konto", guestview.Account(p))
}

// setNewsletter turns an owner's monthly newsletter on or off.
func (s *Server) setNewsletter(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	if !u.IsOwner() {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	on := r.PostForm.Get("on") == "ja"
	if err := s.guests.SetSubscribed(r.Context(), u.ID, on); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "Du er meldt av nyhetsbrevet."
	if on {
		msg = "Du får nyhetsbrevet den første i hver måned."
	}
	s.redirect(w, r, "/apent/konto", "success", msg)
}
