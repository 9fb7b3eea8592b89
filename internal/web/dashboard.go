package web

import (
	"net/http"
	"strings"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/web/home"
)

// home is the dashboard: one bounded query per block, each already limited to what the
// person may see (the area stores apply the access rules in SQL).
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	now := time.Now()
	d := home.Dashboard{Name: firstName(u.Name), CompanyName: u.CompanyName, Now: now}
	var err error
	if d.MyEvents, d.OpenEvents, err = s.events.Upcoming(ctx, events.ViewerOf(u), home.EventsShown); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Unread, err = s.forum.UnreadThreads(ctx, u, home.UnreadShown); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Activities, err = s.plan.ThisMonth(ctx, now, home.ActivitiesShown); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Consultations, err = s.consultations.OpenDeadlines(ctx, u.CompanyID, home.ConsultationsShown); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.News, _, err = s.consultations.LatestNews(ctx, nil, home.NewsShown); err != nil {
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
