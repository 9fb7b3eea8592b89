package web

import (
	"context"
	"net/http"
	"strconv"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/strategy"
	webstrategy "klyngeportalen/web/strategy"
)

// strategyPage is /strategi: the strategy in force, each sub-goal with the year's activities
// by status and the figures that show whether the work serves it.
func (s *Server) strategyPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st, err := s.strategy.Current(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year := plan.Today(s.now()).Year()
	stats, err := s.strategyStats(ctx, st, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := webstrategy.Page{Strategy: st, Year: year, Stats: stats, CanEdit: strategy.CanEdit(auth.UserFrom(ctx)), Current: true}
	s.render(w, r, http.StatusOK, "Strategi", webstrategy.Show(p))
}

// strategyStats gathers the year's figures from the årshjul, the events, the consultations and
// the indicators (one query each); web/strategy composes them per focus area and sub-goal.
func (s *Server) strategyStats(ctx context.Context, st strategy.Strategy, year int) (map[string]webstrategy.GoalStats, error) {
	now := s.now()
	f := webstrategy.Figures{Year: year}
	var err error
	if f.Counts, err = s.plan.StatusCounts(ctx, year, plan.Today(now)); err != nil {
		return nil, err
	}
	if f.Activities, err = s.plan.GoalActivities(ctx, year, plan.Today(now)); err != nil {
		return nil, err
	}
	if f.Held, err = s.events.HeldInYear(ctx, year, now); err != nil {
		return nil, err
	}
	if f.Sent, err = s.consultations.SentInYear(ctx, year); err != nil {
		return nil, err
	}
	if f.Reported, err = s.indicators.SubmittedReports(ctx, year-1); err != nil {
		return nil, err
	}
	companies, err := s.members.Companies(ctx)
	if err != nil {
		return nil, err
	}
	f.Companies = len(companies)
	return webstrategy.Stats(st, f), nil
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
