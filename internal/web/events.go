package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/tz"
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
		p := eventview.NewListPage(past, list, more, f, q.Get("omrade"), month, areas, r.URL.Path)
		p.Admin = viewer.IsClusterAdmin()
		title := "Arrangementer"
		if past {
			title = "Tidligere arrangementer"
		}
		s.render(w, r, http.StatusOK, title, eventview.List(p))
	}
}

// parseEventCursor reads the cursor written by eventview.NewListPage.
func parseEventCursor(s string) (events.Cursor, bool) {
	k := keyset.Parse(s, 2)
	c := events.Cursor{StartsAt: k.Time(), ID: k.ID()}
	return c, k.OK()
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
