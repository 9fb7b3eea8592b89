package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/plan"
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
		title := "Arrangementer"
		if past {
			title = "Tidligere arrangementer"
		}
		// The list is rendered once for every viewer who sees alike, while no event has changed;
		// the viewer's own status at each event is filled in per request.
		// The versions, and the viewer's registrations at the coming events, are read with the
		// user (keptpages.go).
		kept := "events"
		if past {
			kept = "past events"
		}
		v, err := s.versionsOf(ctx, kept)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ver := pageVersion{Events: v.n[0], Reference: v.reference()}
		var mine []events.Mine
		if own, ok := v.own.(*[]events.Mine); ok {
			mine = *own
		} else if !past {
			var b pgx.Batch
			events.QueueMineComing(&b, viewer.ID, &mine)
			if err := database.Send(ctx, s.pool, &b); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		now := s.now()
		key := eventListKey(r.URL.Path, f, month, q.Get("etter"), viewer, ver)
		frag, ok := s.pages.get(key, now)
		if !ok {
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
			p.Admin, p.Shared = viewer.IsClusterAdmin(), true
			body, err := renderShared(ctx, eventview.List(p))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			frag = fragment{title: title, body: body, expires: listExpiry(list, now)}
			s.pages.put(key, frag)
		}
		if past {
			var err error
			if mine, err = s.events.MineAt(ctx, viewer.ID, slotIDs(frag.body)); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		body, err := withMine(ctx, frag.body, mineByEvent(mine), eventview.MyStatusLine)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, title, body)
	}
}

// eventListKey is what a rendered event list depends on: the versions, the address and its
// filters and position, and the viewer's visibility (drafts, groups' events, the admin's button).
func eventListKey(path string, f events.Filter, month, after string, u *auth.User, ver pageVersion) string {
	return fmt.Sprintf("events|%d|%d|%q|%q|%d|%q|%q|%s", ver.Events, ver.Reference, path, f.Kind, f.FocusArea, month, after, visibilityKey(u))
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

// eventPage serves an event: the event, if the viewer may see it, and all the page shows of
// it, kept rendered for the viewer (eventview.go) or read in one round trip with the session's.
func (s *Server) eventPage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "event")
	if !ok {
		return
	}
	key, kept := s.servePersonal(w, r, "event", eventView(id, auth.UserFrom(r.Context())), nil)
	if !kept && key != "" {
		s.showEvent(w, r, http.StatusOK, id, nil, eventview.EventPage{}, key)
	}
}

// eventReads is what an event's page reads for its viewer in one batch.
type eventReads struct {
	id    int64
	ver   pageVersion
	reads events.PageReads
	plan  []plan.PlanLink
	docs  documents.LinkedReads
}

// queueEventReads adds the reads of er for the page of event id to b (the event itself too
// when withEvent).
func (s *Server) queueEventReads(b *pgx.Batch, viewer *auth.User, id int64, withEvent bool, er *eventReads) {
	er.id = id
	queuePageVersion(b, &er.ver) // first: the attendees read after it are never older than it
	events.QueuePage(b, events.ViewerOf(viewer), id, withEvent, false, &er.reads)
	plan.QueueLinkedToEvent(b, id, &er.plan)
	documents.QueueLinked(b, viewer, documents.ToEvent, id, &er.docs)
}

// ownEventReads are an event page's reads sent with who the viewer is (keptpages.go), unless the
// viewer's page of the event is kept.
func (s *Server) ownEventReads(b *pgx.Batch, r ownRequest) any {
	id := r.id("event")
	if id == 0 {
		return nil
	}
	if s.views.kept(s.personal, eventView(id, r.viewer), s.now()) {
		return nil
	}
	er := &eventReads{}
	s.queueEventReads(b, r.viewer, id, true, er)
	return er
}

// renderEvent shows event e; p carries the form's answer, errors or a refusal.
func (s *Server) renderEvent(w http.ResponseWriter, r *http.Request, status int, e events.Event, p eventview.EventPage) {
	s.showEvent(w, r, status, e.ID, &e, p, "")
}

// showEvent shows the event of id (e when it is already loaded; otherwise it is read with the
// rest, and 404 when the viewer may not see it) with p's form state: one batch of reads, and
// the attendees when they are not in the cache. A page without form state is kept under keep
// (eventview.go) unless it is "".
func (s *Server) showEvent(w http.ResponseWriter, r *http.Request, status int, id int64, loaded *events.Event, p eventview.EventPage, keep string) {
	ctx := r.Context()
	viewer := auth.UserFrom(ctx)
	er, early := ownReads[eventReads](ctx, "event")
	if !early || er.id != id || loaded != nil {
		er = &eventReads{}
		var b pgx.Batch
		s.queueEventReads(&b, viewer, id, loaded == nil, er)
		if err := database.Send(ctx, s.pool, &b); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	ver, docs := er.ver, er.docs
	p.Plan = er.plan
	e, details, err := er.reads.Finish()
	if err != nil { // events.ErrNotFound: 404
		s.fail(w, r, err)
		return
	}
	if loaded != nil {
		e = *loaded
	}
	// The attendees are the same for every viewer who may see the event: read once while no
	// registration, person or company changes (see attendeesKey).
	key := attendeesKey(ver, id)
	list, ok := s.attendees.get(key)
	if !ok {
		if list, err = s.events.Attendees(ctx, id); err != nil {
			s.fail(w, r, err)
			return
		}
		s.attendees.put(key, list)
	}
	p.Details = details
	materials, more, err := docs.Finish()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Materials = linkedList(viewer, documents.ToEvent, id, materials, more, "Materiell", "arrangement", "Last opp materiell")
	now := s.now()
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
	if keep == "" {
		s.render(w, r, status, e.Title, eventview.Event(p))
		return
	}
	s.keepPersonal(w, r, eventView(id, viewer), keep, e.Title, eventview.Event(p), eventExpiry(e, now), nil)
}
