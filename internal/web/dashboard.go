package web

import (
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/meetings"
	"klyngeportalen/internal/plan"
	"klyngeportalen/web/home"
)

// home is the dashboard: one bounded query per block, each already limited to what the
// person may see (the area stores apply the access rules in SQL), all sent in one round trip.
// The blocks that are the same for every viewer who sees alike (this month in the årshjul, the
// latest news) come from the cache while their data versions, read with the user, hold
// (dashcache.go).
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	now := s.now()
	d := home.Dashboard{Name: firstName(u.Name), CompanyName: u.CompanyName, Now: now}
	_, d.Desk = deskRole(u)
	var b pgx.Batch
	// The versions of the shared blocks are read with the user (loadUser), or else first here.
	ver, err := s.dashVersionOf(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sh := s.queueShared(&b, u, ver, now, &d)
	events.QueueUpcoming(&b, events.ViewerOf(u), home.EventsShown, &d.MyEvents, &d.OpenEvents)
	forum.QueueUnreadThreads(&b, u, home.UnreadShown, &d.Unread)
	plan.QueueMine(&b, plan.ViewerOf(u), now, home.MyActivitiesShown, &d.MyActivities)
	consultations.QueueOpenDeadlines(&b, u.CompanyID, home.ConsultationsShown, &d.Consultations)
	meetings.QueueOverdue(&b, u, home.OverdueShown, &d.Overdue)
	meetings.QueueUpcoming(&b, u, home.MeetingsShown, &d.Meetings)
	if err := database.Send(ctx, s.pool, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.finishShared(ctx, sh, &d); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "", home.Start(d))
}

// firstName is the first word of a name, for a greeting.
func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return name
}
