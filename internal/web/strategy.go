package web

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/strategy"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
	webstrategy "klyngeportalen/web/strategy"
)

// The sub-goals that some of the portal's figures measure (MEMBERS.md): the common indicators
// serve "Koordinere og være en pådriver for felles løsninger".
const indicatorsTopic = "felles-losninger"

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

// strategyStats composes the year's figures per focus area and sub-goal from the årshjul,
// the events, the consultations and the indicators: one query each.
func (s *Server) strategyStats(ctx context.Context, st strategy.Strategy, year int) (map[string]webstrategy.GoalStats, error) {
	now := s.now()
	counts, err := s.plan.StatusCounts(ctx, year, plan.Today(now))
	if err != nil {
		return nil, err
	}
	acts, err := s.plan.GoalActivities(ctx, year, plan.Today(now))
	if err != nil {
		return nil, err
	}
	held, err := s.events.HeldInYear(ctx, year, now)
	if err != nil {
		return nil, err
	}
	sent, err := s.consultations.SentInYear(ctx, year)
	if err != nil {
		return nil, err
	}
	reported, err := s.indicators.SubmittedReports(ctx, year-1)
	if err != nil {
		return nil, err
	}
	companies, err := s.members.Companies(ctx)
	if err != nil {
		return nil, err
	}
	key := func(area int16, topic *int16) string {
		if topic == nil {
			return strategy.Goal{FocusAreaID: area}.Key()
		}
		return strategy.Goal{FocusAreaID: area, TopicID: topic}.Key()
	}
	out := map[string]webstrategy.GoalStats{}
	perGoal := map[string][]plan.GoalActivity{}
	for _, a := range acts {
		k := key(a.FocusAreaID, a.TopicID)
		perGoal[k] = append(perGoal[k], a)
	}
	perStatus := map[string]map[plan.Status]int{}
	for _, c := range counts {
		k := key(c.FocusAreaID, c.TopicID)
		if perStatus[k] == nil {
			perStatus[k] = map[plan.Status]int{}
		}
		perStatus[k][c.Status] += c.N
	}
	ys := strconv.Itoa(year)
	for _, a := range st.Areas {
		goals := append([]strategy.Goal{a.Goal}, a.SubGoals...)
		for _, g := range goals {
			gs := webstrategy.GoalStats{WheelURL: "/arshjul/" + ys + "?fokus=" + a.Slug, Activities: perGoal[g.Key()]}
			if g.TopicID != nil {
				gs.WheelURL = "/arshjul/" + ys + "?tema=" + g.Slug
			}
			for _, status := range plan.FilterStatuses {
				n := perStatus[g.Key()][status]
				if n == 0 {
					continue
				}
				gs.Counts = append(gs.Counts, webstrategy.Count{Status: status, N: n})
				gs.Total += n
				if status == plan.StatusDone {
					gs.Done += n
				}
				if status != plan.StatusCancelled && status != plan.StatusPostponed {
					gs.Counted += n
				}
			}
			if g.TopicID == nil && gs.Total > 0 {
				gs.Measures = append(gs.Measures, countOf(gs.Total, "aktivitet", "aktiviteter")+" i årshjulet "+ys+" uten et bestemt delmål.")
			}
			for _, h := range held {
				if key(h.FocusAreaID, h.TopicID) == g.Key() {
					gs.Measures = append(gs.Measures, countOf(h.Held, "arrangement", "arrangementer")+" holdt i "+ys+", "+countOf(h.Attendees, "deltaker", "deltakere")+". "+feedbackLine(h))
				}
			}
			if g.TopicID == nil {
				for _, c := range sent {
					if c.FocusAreaID == g.FocusAreaID {
						gs.Measures = append(gs.Measures, countOf(c.Sent, "høringssvar", "høringssvar")+" sendt i "+ys+".")
					}
				}
			}
			if g.Slug == indicatorsTopic && g.TopicID != nil {
				gs.Measures = append(gs.Measures, strconv.Itoa(reported)+" av "+strconv.Itoa(len(companies))+" selskap har rapportert nøkkeltall for "+strconv.Itoa(year-1)+".")
			}
			out[g.Key()] = gs
		}
	}
	return out, nil
}

// feedbackLine says what the participants answered about the events held:
// "Tilbakemeldinger: snitt 4,3 av 5, faglig utbytte 4,1 av 5 (12 svar)." Averages of fewer
// than events.MinAnswersForAverage answers are not shown, so that no answer can be read off them.
func feedbackLine(h events.HeldCount) string {
	switch {
	case h.Answers == 0:
		return "Ingen tilbakemeldinger ennå."
	case h.Answers < events.MinAnswersForAverage || h.Overall == nil || h.Benefit == nil:
		return countOf(h.Answers, "tilbakemelding", "tilbakemeldinger") + ", for få til å vise snitt."
	}
	return "Tilbakemeldinger: snitt " + format.Number(*h.Overall, 1) + " av 5, faglig utbytte " + format.Number(*h.Benefit, 1) +
		" av 5 (" + strconv.Itoa(h.Answers) + " svar)."
}

// countOf is n with the word for one or many: "1 arrangement", "3 arrangementer".
func countOf(n int, one, many string) string { return strconv.Itoa(n) + " " + plural(n, one, many) }

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

// requireStrategyEditor refuses everyone but cluster admins and the steering group.
func (s *Server) requireStrategyEditor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strategy.CanEdit(auth.UserFrom(r.Context())) {
			s.errorPage(w, r, http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) editStrategyPage(w http.ResponseWriter, r *http.Request) {
	st, err := s.strategy.Current(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Revider strategien", webstrategy.Edit(webstrategy.EditForm{Base: st, Input: strategy.InputOf(st)}))
}

// goalField is a goal's field in the revision form: "mal-4-navn", "fokus-1-tekst".
var goalField = regexp.MustCompile(`^((?:fokus|mal)-[0-9]{1,4})-(navn|tekst)$`)

// maxGoalFields bounds how many goal fields a revision form may send.
const maxGoalFields = 200

func strategyInput(r *http.Request) (strategy.Input, bool) {
	f := r.PostForm
	in := strategy.Input{Purpose: f.Get("purpose"), Ambition: f.Get("ambition"), Note: f.Get("note"), Goals: map[string]strategy.GoalInput{}}
	n := 0
	for name := range f {
		m := goalField.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		if n++; n > maxGoalFields {
			return in, false
		}
		g := in.Goals[m[1]]
		if m[2] == "navn" {
			g.Name = f.Get(name)
		} else {
			g.Description = f.Get(name)
		}
		in.Goals[m[1]] = g
	}
	return in, true
}

func (s *Server) reviseStrategy(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	base, err := strconv.ParseInt(r.PostForm.Get("base"), 10, 64)
	in, ok := strategyInput(r)
	if err != nil || base <= 0 || !ok {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	_, err = s.strategy.Revise(ctx, auth.UserFrom(ctx), base, in)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		st, lerr := s.strategy.Revision(ctx, base)
		if lerr != nil {
			s.fail(w, r, lerr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "Revider strategien", webstrategy.Edit(webstrategy.EditForm{Base: st, Input: in, Errors: components.Errors(errs)}))
	case errors.Is(err, strategy.ErrConflict):
		// Someone saved a version since the form was made: the form again on the newest,
		// with what this person wrote, so that nothing is lost.
		st, lerr := s.strategy.Current(ctx)
		if lerr != nil {
			s.fail(w, r, lerr)
			return
		}
		errs := components.Errors{"note": "Noen andre har lagret versjon " + strconv.Itoa(st.Number) + " mens du skrev. Se over teksten og lagre igjen."}
		s.render(w, r, http.StatusConflict, "Revider strategien", webstrategy.Edit(webstrategy.EditForm{Base: st, Input: in, Errors: errs}))
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/strategi", "success", "Strategien er revidert. Den forrige versjonen kan fortsatt leses under Versjoner.")
	}
}

func (s *Server) newStrategyPeriod(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	from, err := strconv.ParseInt(r.PostForm.Get("from"), 10, 64)
	if err != nil || from <= 0 {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	in := strategy.PeriodInput{Name: r.PostForm.Get("name"), FirstYear: strings.TrimSpace(r.PostForm.Get("first_year")), LastYear: strings.TrimSpace(r.PostForm.Get("last_year"))}
	_, err = s.strategy.NewPeriod(ctx, auth.UserFrom(ctx), from, in)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		s.renderHistory(w, r, http.StatusUnprocessableEntity, webstrategy.PeriodForm{From: from, Input: in, Errors: components.Errors(errs)})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/strategi", "success", "Den nye perioden er startet med en kopi av strategien. Revider den når den er klar.")
	}
}
