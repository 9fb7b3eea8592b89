package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/consultations"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/indicators"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/strategy"
	webstrategy "klyngeportalen/web/strategy"
)

// strategyPage is /strategi: the strategy in force, each sub-goal with the year's activities
// by status and the figures that show whether the work serves it. Its body comes from the
// cache while the versions read with the user hold (strategycache.go); else every read (the
// strategy, and the year's figures from the årshjul, the events, the consultations and the
// indicators) goes in one round trip, and web/strategy composes the figures per focus area and
// sub-goal.
func (s *Server) strategyPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	now := s.now()
	today := plan.Today(now)
	year := today.Year()
	canEdit := strategy.CanEdit(u)
	ver, err := s.strategyVersionOf(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	key := strategyKey(ver, today, canEdit, u)
	if f, ok := s.pages.get(key, now); ok {
		s.render(w, r, http.StatusOK, "Strategi", templ.Raw(f.body))
		return
	}
	var st strategy.Strategy
	var nextEnd *time.Time
	f := webstrategy.Figures{Year: year}
	var b pgx.Batch
	strategy.QueueCurrent(&b, &st)
	plan.QueueStatusCounts(&b, year, today, &f.Counts)
	plan.QueueGoalActivities(&b, year, today, &f.Activities)
	events.QueueHeldInYear(&b, year, now, &f.Held)
	events.QueueNextHeldEnd(&b, year, now, &nextEnd)
	consultations.QueueSentInYear(&b, year, &f.Sent)
	indicators.QueueSubmittedReports(&b, year-1, &f.Reported, &f.Companies)
	if err := database.Send(ctx, s.pool, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	p := webstrategy.Page{Strategy: st, Year: year, Stats: webstrategy.Stats(st, f), CanEdit: canEdit, Current: true}
	body, err := renderShared(ctx, webstrategy.Show(p))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.pages.put(key, fragment{body: body, expires: strategyExpiry(now, nextEnd)})
	s.render(w, r, http.StatusOK, "Strategi", templ.Raw(body))
}

// strategyRevision is an earlier (or the current) version of the strategy, as it was worded.
func (s *Server) strategyRevision(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	ctx := r.Context()
	st, err := s.strategy.Revision(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cur, err := s.strategy.Current(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := webstrategy.Page{Strategy: st, Current: cur.ID == st.ID}
	s.render(w, r, http.StatusOK, "Strategi, versjon "+strconv.Itoa(st.Number), webstrategy.Show(p))
}

func (s *Server) strategyHistory(w http.ResponseWriter, r *http.Request) {
	s.renderHistory(w, r, http.StatusOK, webstrategy.PeriodForm{})
}

func (s *Server) renderHistory(w http.ResponseWriter, r *http.Request, status int, f webstrategy.PeriodForm) {
	ctx := r.Context()
	periods, err := s.strategy.History(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var current int64
	if len(periods) > 0 && len(periods[0].Revisions) > 0 {
		current = periods[0].Revisions[0].ID
	}
	if f.From == 0 {
		f.From = current
	}
	p := webstrategy.HistoryPage{Periods: periods, CanEdit: strategy.CanEdit(auth.UserFrom(ctx)), Current: current, NewForm: f}
	s.render(w, r, status, "Versjoner av strategien", webstrategy.History(p))
}
