package web

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/strategy"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	webstrategy "klyngeportalen/web/strategy"
)

// The strategy's editing: revising the text in force and starting a new period, for cluster
// admins and the steering group. The pages that show it are strategy.go.

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
