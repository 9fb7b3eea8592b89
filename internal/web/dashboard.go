package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/guests"
	"klyngeportalen/internal/meetings"
	"klyngeportalen/internal/plan"
	"klyngeportalen/web/home"
)

// home is the dashboard, kept rendered per member in s.personal as long as its blocks of
// their own are kept (dashviewer.go, dashPageKey): one bounded query per block, each already
// limited to what the person may see (the area stores apply the access rules in SQL), all
// sent with who the viewer is when they are known from their last request: one round trip.
// The blocks that are the same for every viewer who sees alike (this month in the årshjul, the
// latest news) come from the cache while their data versions, read with the user, hold
// (dashcache.go).
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	// The versions are read with the user (loadUser), or else first here.
	v, err := s.versionsOf(ctx, "dashboard")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ver := dashVersion{Plan: v.n[0], News: v.n[1], Reference: v.reference()} // the shared blocks' (dashcache.go)
	// The viewer's own blocks: kept while their key holds (dashviewer.go), or read with who the
	// viewer is (keptpages.go), or else here.
	now := s.now()
	key := dashKey(v, u, now)
	if f, ok := s.personal.get(dashPageKey(key), now); ok { // the page as rendered with the blocks below
		s.render(w, r, http.StatusOK, "", templ.Raw(f.body))
		return
	}
	var b pgx.Batch
	kept, _ := s.dashboards.get(u.ID, key, now)
	dr, fromMemory := kept.(*dashReads)
	if !fromMemory {
		var early bool
		if dr, early = ownReads[dashReads](ctx, "dashboard"); !early {
			dr = &dashReads{}
			s.queueDashReads(&b, u, now, dr)
		}
	}
	d := &home.Dashboard{Name: firstName(u.Name), CompanyName: u.CompanyName, Now: now}
	_, d.Desk = deskRole(u)
	sh := s.queueShared(&b, u, ver, now, d)
	if b.Len() > 0 {
		if err := database.Send(ctx, s.pool, &b); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if !fromMemory {
		s.dashboards.put(u.ID, key, dr.now, dr)
	}
	own := dr.d // kept blocks are shared between requests: only read
	d.MyEvents, d.OpenEvents, d.Unread, d.MyActivities = own.MyEvents, own.OpenEvents, own.Unread, own.MyActivities
	d.Consultations, d.Overdue, d.Meetings = own.Consultations, own.Overdue, own.Meetings
	if err := s.finishShared(ctx, sh, d); err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := renderShared(ctx, home.Start(*d))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.personal.put(dashPageKey(key), fragment{body: body, expires: dr.now.Add(dashKeep)}) // as long as the blocks
	s.render(w, r, http.StatusOK, "", templ.Raw(body))
}

// dashPageKey is the key of a member's rendered dashboard kept in s.personal: the key of its
// blocks (dashKey), which holds all else it shows.
func dashPageKey(key string) string { return "home|" + key }

// dashReads is the dashboard's blocks of the viewer's own, read at now: one bounded query per
// block, each already limited to what the person may see.
type dashReads struct {
	now time.Time
	d   home.Dashboard
}

// queueDashReads adds the reads of dr's blocks for u at now to b.
func (s *Server) queueDashReads(b *pgx.Batch, u *auth.User, now time.Time, dr *dashReads) {
	dr.now = now
	d := &dr.d
	events.QueueUpcoming(b, events.ViewerOf(u), home.EventsShown, &d.MyEvents, &d.OpenEvents)
	forum.QueueUnreadThreads(b, u, home.UnreadShown, &d.Unread)
	plan.QueueMine(b, plan.ViewerOf(u), now, home.MyActivitiesShown, &d.MyActivities)
	consultations.QueueOpenDeadlines(b, u.CompanyID, home.ConsultationsShown, &d.Consultations)
	meetings.QueueOverdue(b, u, home.OverdueShown, &d.Overdue)
	meetings.QueueUpcoming(b, u, home.MeetingsShown, &d.Meetings)
}

// ownFrontReads are the front page's reads sent with who the viewer is (keptpages.go): a
// member's dashboard blocks of their own, or everything on an owner's or a partner's page.
func (s *Server) ownFrontReads(b *pgx.Batch, r ownRequest) any {
	if !r.viewer.IsGuest() && !r.viewer.IsMember() {
		return nil
	}
	now := s.now()
	if s.dashboards.kept(r.viewer.ID, now) {
		return &frontSkipped{}
	}
	if r.viewer.IsGuest() {
		g := &guestReads{now: now}
		guests.QueueFront(b, r.viewer, &g.front)
		return g
	}
	dr := &dashReads{}
	s.queueDashReads(b, r.viewer, now, dr)
	return dr
}

// frontSkipped stands for a front page's reads not sent with who the viewer is: the person's
// were kept (dashviewer.go).
type frontSkipped struct{}

// firstName is the first word of a name, for a greeting.
func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return name
}
