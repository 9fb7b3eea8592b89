package web

import (
	"net/http"
	"strings"
	"time"

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

// home is the dashboard: one bounded query per block, each already limited to what the
// person may see (the area stores apply the access rules in SQL), all sent with who the viewer
// is when they are known from their last request: one round trip in all.
// The blocks that are the same for every viewer who sees alike (this month in the årshjul, the
// latest news) come from the cache while their data versions, read with the user, hold
// (dashcache.go).
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	// The viewer's own blocks are read with who the viewer is (keptpages.go), or else here.
	var b pgx.Batch
	dr, early := ownReads[dashReads](ctx, "dashboard")
	if !early {
		dr = &dashReads{}
		s.queueDashReads(&b, u, s.now(), dr)
	}
	d := &dr.d
	d.Name, d.CompanyName, d.Now = firstName(u.Name), u.CompanyName, dr.now
	_, d.Desk = deskRole(u)
	// The versions of the shared blocks are read with the user (loadUser), or else first here.
	ver, err := s.dashVersionOf(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sh := s.queueShared(&b, u, ver, dr.now, d)
	if b.Len() > 0 {
		if err := database.Send(ctx, s.pool, &b); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := s.finishShared(ctx, sh, d); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "", home.Start(*d))
}

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
	if r.viewer.IsGuest() {
		f := &guests.Front{}
		guests.QueueFront(b, r.viewer, f)
		return f
	}
	if !r.viewer.IsMember() {
		return nil
	}
	dr := &dashReads{}
	s.queueDashReads(b, r.viewer, s.now(), dr)
	return dr
}

// firstName is the first word of a name, for a greeting.
func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return name
}
