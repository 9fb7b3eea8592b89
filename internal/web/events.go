package web

import (
	"context"
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
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/tz"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	eventview "klyngeportalen/web/events"
)

// eventsPageSize is how many events one page of the list shows.
const eventsPageSize = 30

var osloTZ = tz.Oslo

// eventList serves /arrangementer (coming) and /arrangementer/tidligere (past).
func (s *Server) eventList(past bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		ctx := r.Context()
		viewer := auth.UserFrom(ctx)
		f := events.Filter{Past: past, Kind: q.Get("type"), Limit: eventsPageSize}
		if f.Kind != "" && events.KindLabel(f.Kind) == f.Kind {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		if a := q.Get("omrade"); a != "" {
			n, err := strconv.ParseInt(a, 10, 16)
			if err != nil || n < 1 {
				s.errorPage(w, r, http.StatusBadRequest)
				return
			}
			f.FocusArea = int16(n)
		}
		month := q.Get("maned")
		if month != "" {
			m, err := time.ParseInLocation("2006-01", month, osloTZ)
			if err != nil || len(month) != 7 {
				s.errorPage(w, r, http.StatusBadRequest)
				return
			}
			f.Month = m
		}
		if after := q.Get("etter"); after != "" {
			c, ok := parseEventCursor(after)
			if !ok {
				s.errorPage(w, r, http.StatusBadRequest)
				return
			}
			f.After = &c
		}
		list, more, err := s.events.List(ctx, events.ViewerOf(viewer), f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		areas, err := s.plan.FocusAreas(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p := eventview.ListPage{Past: past, Events: list, Month: month, Admin: viewer.IsClusterAdmin(),
			Filtered: f.Kind != "" || f.FocusArea != 0 || month != ""}
		p.Kinds = []components.Option{{Value: "", Label: "Alle typer"}}
		for _, k := range events.Kinds {
			p.Kinds = append(p.Kinds, components.Option{Value: k.Value, Label: k.Label, Selected: k.Value == f.Kind})
		}
		p.Areas = []components.Option{{Value: "", Label: "Alle satsingsområder"}}
		for _, a := range areas {
			p.Areas = append(p.Areas, components.Option{Value: strconv.Itoa(int(a.ID)), Label: a.Name, Selected: a.ID == f.FocusArea})
		}
		if more {
			last := list[len(list)-1]
			next := url.Values{}
			for k, v := range map[string]string{"type": f.Kind, "omrade": q.Get("omrade"), "maned": month} {
				if v != "" {
					next.Set(k, v)
				}
			}
			next.Set("etter", fmt.Sprintf("%d_%d", last.StartsAt.UnixMicro(), last.ID))
			p.NextURL = r.URL.Path + "?" + next.Encode()
		}
		title := "Arrangementer"
		if past {
			title = "Tidligere arrangementer"
		}
		s.render(w, r, http.StatusOK, title, eventview.List(p))
	}
}

func parseEventCursor(s string) (events.Cursor, bool) {
	at, id, ok := strings.Cut(s, "_")
	micro, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || n <= 0 {
		return events.Cursor{}, false
	}
	return events.Cursor{StartsAt: time.UnixMicro(micro), ID: n}, true
}

// event loads the event of the {event} id that the viewer may see; 404 otherwise.
func (s *Server) event(w http.ResponseWriter, r *http.Request) (events.Event, bool) {
	return load(s, w, r, "event", func(ctx context.Context, id int64) (events.Event, error) {
		return s.events.Event(ctx, events.ViewerOf(auth.UserFrom(ctx)), id)
	})
}

func (s *Server) eventPage(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if ok {
		s.renderEvent(w, r, http.StatusOK, e, eventview.EventPage{})
	}
}

// renderEvent shows event e; p carries the form's answer, errors or a refusal.
func (s *Server) renderEvent(w http.ResponseWriter, r *http.Request, status int, e events.Event, p eventview.EventPage) {
	ctx := r.Context()
	viewer := auth.UserFrom(ctx)
	list, err := s.events.Attendees(ctx, e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Plan, err = s.plan.LinkedToEvent(ctx, e.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Details, err = s.events.Details(ctx, events.ViewerOf(viewer), e.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	now := time.Now()
	p.Values = p.Details.Mine
	if p.Posted != nil {
		p.Values = events.ValuesOf(p.Details.Questions, p.Posted)
	} else if e.MyStatus != nil {
		p.Answer = p.Details.MyAnswer
	}
	p.CanChange = e.MyStatus != nil && e.CanChangeAnswers(now)
	p.Feedback = e.FeedbackOpen(now) && e.MyStatus != nil && *e.MyStatus == events.Confirmed && !p.Details.FeedbackGiven
	p.Event = e
	p.Admin = viewer.IsClusterAdmin()
	p.Open, p.Why = e.RegistrationOpen(now)
	p.CanCancel = e.CanCancel(now)
	for _, a := range list {
		if a.Status == events.Confirmed {
			p.Confirmed = append(p.Confirmed, a)
		}
		if a.CompanyID == viewer.CompanyID {
			p.MyCompany = append(p.MyCompany, a)
		}
	}
	p.CompanyAdm = canSignUpColleagues(viewer, e)
	if p.Materials, err = s.linkedDocuments(ctx, viewer, documents.ToEvent, e.ID, "Materiell", "arrangement", "Last opp materiell"); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, e.Title, eventview.Event(p))
}

// registrationTarget is the person of the form's "user" field, or the viewer when it is empty.
func registrationTarget(r *http.Request) (int64, bool) {
	v := r.PostForm.Get("user")
	if v == "" {
		return auth.UserFrom(r.Context()).ID, true
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) registerEvent(w http.ResponseWriter, r *http.Request) {
	s.changeRegistration(w, r, true)
}

func (s *Server) cancelRegistration(w http.ResponseWriter, r *http.Request) {
	s.changeRegistration(w, r, false)
}

// changeRegistration registers or cancels the person of the form for the event of the address.
// Only the person's id is read from the form; the store decides whether the viewer may act for them.
func (s *Server) changeRegistration(w http.ResponseWriter, r *http.Request, register bool) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	target, ok := registrationTarget(r)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	viewer := auth.UserFrom(ctx)
	base := s.cfg.BaseURL.String()
	answer := r.PostForm.Get("answer")
	var res events.Result
	var err error
	if register {
		res, err = s.events.RegisterWith(ctx, viewer, e.ID, target, answer, events.Form(r.PostForm), base)
	} else {
		err = s.events.Cancel(ctx, viewer, e.ID, target, base)
	}
	var errs validate.Errors
	var refusal *events.Refusal
	switch {
	case errors.As(err, &errs):
		s.renderEvent(w, r, http.StatusUnprocessableEntity, e, eventview.EventPage{Answer: answer, Posted: events.Form(r.PostForm), Errors: components.Errors(errs)})
		return
	case errors.As(err, &refusal):
		s.renderEvent(w, r, http.StatusConflict, e, eventview.EventPage{Answer: answer, Posted: events.Form(r.PostForm), Refusal: refusal.Message})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	who := "Du"
	if target != viewer.ID {
		who = "Kollegaen din"
	}
	msg := who + " er meldt av."
	switch {
	case register && res.Status == events.Confirmed:
		msg = who + " er påmeldt. Bekreftelsen er sendt på e-post."
	case register:
		msg = fmt.Sprintf("Arrangementet er fullt. %s står på venteliste som nr. %d.", who, res.Position)
	}
	to := eventview.URL(e)
	if register && target != viewer.ID && r.PostForm.Get("fra") == "kolleger" {
		to += "/kolleger" // back to the list, to sign up the next one
	}
	s.redirect(w, r, to, "success", msg)
}

// canSignUpColleagues: a company admin signs colleagues up for a published event that is not over.
func canSignUpColleagues(viewer *auth.User, e events.Event) bool {
	return viewer.Role == auth.RoleCompanyAdmin && e.Status != events.StatusDraft && !e.Past(time.Now())
}

// colleaguesPage lists the company admin's colleagues with their status at the event, with a
// form to sign up one more (a company can have hundreds: they are not on the event page).
func (s *Server) colleaguesPage(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	viewer := auth.UserFrom(r.Context())
	if !canSignUpColleagues(viewer, e) {
		s.errorPage(w, r, http.StatusForbidden)
		return
	}
	list, err := s.events.Colleagues(r.Context(), e.ID, viewer.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := eventview.ColleaguesPage{Event: e, Colleagues: list}
	p.Open, p.Why = e.RegistrationOpen(time.Now())
	s.render(w, r, http.StatusOK, "Meld på kolleger – "+e.Title, eventview.Colleagues(p))
}

// eventICS serves one event as an iCalendar file.
func (s *Server) eventICS(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	programme, err := s.events.Sessions(r.Context(), events.ViewerOf(auth.UserFrom(r.Context())), e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e.Agenda = events.Agenda(programme)
	s.writeCalendar(w, e.Title, []events.Event{e}, fmt.Sprintf("arrangement-%d.ics", e.ID))
}

func (s *Server) writeCalendar(w http.ResponseWriter, name string, list []events.Event, filename string) {
	sendFile(w, file{Type: "text/calendar; charset=utf-8", Name: filename}, events.Calendar(name, s.cfg.BaseURL.String(), list))
}

// calendarFeed serves /kalender/{token}.ics (my events) or /kalender/{token}/alle.ics.
func (s *Server) calendarFeed(all bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := chi.URLParam(r, "token")
		feed, name := s.events.PersonalFeed, "Mine arrangementer – Avfallsklynge Nord"
		if all {
			feed, name = s.events.ClusterFeed, "Arrangementer – Avfallsklynge Nord"
		}
		list, err := feed(r.Context(), token)
		if errors.Is(err, events.ErrNotFound) {
			http.Error(w, "Kalenderlenken virker ikke lenger.", http.StatusNotFound)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.writeCalendar(w, name, list, "")
	}
}

// sessCalendarToken keeps a new feed token for the one page view that shows it.
const sessCalendarToken = "calendar_token"

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	has, err := s.events.HasCalendarToken(ctx, auth.UserFrom(ctx).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := eventview.CalendarPage{HasToken: has}
	if t := s.sessions.PopString(ctx, sessCalendarToken); t != "" && has {
		base := s.cfg.BaseURL.String()
		p.PersonalURL = base + "/kalender/" + t + ".ics"
		p.ClusterURL = base + "/kalender/" + t + "/alle.ics"
		ok, err := s.meetings.HasMeetings(ctx, auth.UserFrom(ctx))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if ok {
			p.MeetingsURL = base + "/kalender/" + t + "/moter.ics"
		}
	}
	now := time.Now().In(osloTZ)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, osloTZ)
	if v := r.URL.Query().Get("maned"); v != "" {
		m, err := time.ParseInLocation("2006-01", v, osloTZ)
		if err != nil || len(v) != 7 || m.Year() < 2000 || m.Year() > 2100 {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		month = m
	}
	viewer := events.ViewerOf(auth.UserFrom(ctx))
	list, err := s.events.Month(ctx, viewer, month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	today, err := s.events.Today(ctx, viewer, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := eventview.BuildMonth(month, now, list)
	page.Today, page.Subscription = today, p
	s.render(w, r, http.StatusOK, "Kalender", eventview.Month(page))
}

func (s *Server) newCalendarToken(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t, err := s.events.NewCalendarToken(ctx, auth.UserFrom(ctx).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessCalendarToken, t)
	s.redirect(w, r, "/arrangementer/kalender", "success", "Den nye abonnementslenken er laget. En eventuell gammel lenke virker ikke lenger.")
}

func (s *Server) revokeCalendarToken(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := s.events.RevokeCalendarToken(ctx, auth.UserFrom(ctx).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/arrangementer/kalender", "success", "Abonnementslenken er slettet og virker ikke lenger.")
}
