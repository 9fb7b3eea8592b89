package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/indicators"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	view "klyngeportalen/web/indicators"
)

// reportsPage lists the viewer's company's reports and, for cluster admins, every company's status.
func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) {
	s.renderReports(w, r, http.StatusOK, view.StartForm{})
}

func (s *Server) renderReports(w http.ResponseWriter, r *http.Request, status int, start view.StartForm) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	if !canReport(u) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	now := time.Now()
	current := indicators.CurrentYear(now)
	if start.Year == "" {
		start.Year = strconv.Itoa(current - 1)
	}
	reports, err := s.indicators.CompanyReports(ctx, u, u.CompanyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := view.ReportsPage{Company: indicators.Company{ID: u.CompanyID, Slug: u.CompanySlug, Name: u.CompanyName}, Reports: reports, Start: start}
	if u.IsClusterAdmin() {
		p.Cluster = true
		p.Year = current - 1
		if y, err := strconv.Atoi(r.URL.Query().Get("ar")); err == nil && y >= indicators.FirstYear && y <= current {
			p.Year = y
		}
		for y := current; y >= current-9; y-- {
			p.Years = append(p.Years, components.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == p.Year})
		}
		if p.Statuses, err = s.indicators.Statuses(ctx, p.Year); err != nil {
			s.fail(w, r, err)
			return
		}
		for _, st := range p.Statuses {
			if st.Status == nil || *st.Status != indicators.StatusSubmitted {
				p.Missing++
			}
			p.Companies = append(p.Companies, components.Option{Value: st.Slug, Label: st.Name, Selected: st.Slug == start.Company || (start.Company == "" && st.ID == u.CompanyID)})
		}
	}
	s.render(w, r, status, "Rapporter nøkkeltall", view.Reports(p))
}

// startReport opens (creating when needed) the report of a company and year. The company is
// checked against the viewer: a company admin's forged company is refused like a missing one.
func (s *Server) startReport(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	start := view.StartForm{Year: strings.TrimSpace(r.PostForm.Get("ar-start")), Company: r.PostForm.Get("selskap")}
	c, err := s.indicators.Company(ctx, start.Company)
	if err != nil {
		s.fail(w, r, err) // not found: 404; a failed query is no 404
		return
	}
	if !u.CanAdminCompany(c.ID) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	errs := validate.Errors{}
	year, err := strconv.Atoi(start.Year)
	if err != nil {
		errs.Add("ar-start", "Skriv året med fire sifre, for eksempel 2025.")
	} else {
		indicators.CheckYear(errs, "ar-start", year, time.Now())
	}
	if !errs.OK() {
		start.Errors = components.Errors(errs)
		s.renderReports(w, r, http.StatusUnprocessableEntity, start)
		return
	}
	if err := s.indicators.StartReport(ctx, u, c.ID, year); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/nokkeltall/rapporter/%s/%d", c.Slug, year), http.StatusSeeOther)
}

// reportTarget finds the company and year of the address, for someone who may report for it; a
// year outside the years one can report for does not exist.
func (s *Server) reportTarget(w http.ResponseWriter, r *http.Request) (indicators.Company, int, bool) {
	c, err := s.indicators.Company(r.Context(), chi.URLParam(r, "company"))
	if err != nil {
		s.fail(w, r, err) // not found: 404; a failed query is no 404
		return c, 0, false
	}
	year, yerr := strconv.Atoi(chi.URLParam(r, "year"))
	if yerr != nil || year < indicators.FirstYear || year > indicators.CurrentYear(time.Now()) ||
		!auth.UserFrom(r.Context()).CanAdminCompany(c.ID) {
		s.errorPage(w, r, http.StatusNotFound)
		return c, 0, false
	}
	return c, year, true
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) {
	c, year, ok := s.reportTarget(w, r)
	if !ok {
		return
	}
	s.renderReport(w, r, http.StatusOK, c, year, nil, nil, nil)
}

// renderReport shows the report form; with in, the form as typed (after errors), else the stored values.
func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, c indicators.Company, year int,
	in *indicators.ReportInput, errs validate.Errors, importErrs []indicators.LineError) {
	ctx := r.Context()
	rep, err := s.indicators.Report(ctx, auth.UserFrom(ctx), c.ID, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inds, err1 := s.indicators.Indicators(ctx)
	fractions, err2 := s.indicators.Fractions(ctx)
	if err := errors.Join(err1, err2); err != nil {
		s.fail(w, r, err)
		return
	}
	f := view.ReportForm{Report: rep, Indicators: inds, Fractions: fractions, Errors: components.Errors(errs), ImportErrs: importErrs,
		CanReopen: auth.UserFrom(ctx).IsClusterAdmin()}
	if in != nil {
		f.Input = *in
	} else {
		f.Input = storedInput(rep, inds, fractions)
	}
	s.render(w, r, status, fmt.Sprintf("Nøkkeltall %d for %s", year, c.Name), view.Report(f))
}

// storedInput writes a report's stored values the way the form shows them.
func storedInput(rep indicators.Report, inds []indicators.Indicator, fractions []indicators.Fraction) indicators.ReportInput {
	in := indicators.ReportInput{Values: map[string]string{}, PickShares: map[string]string{}}
	for _, ind := range inds {
		if v, ok := rep.Values[ind.ID]; ok {
			in.Values[ind.Slug] = strings.ReplaceAll(strconv.FormatFloat(v, 'f', -1, 64), ".", ",")
		}
	}
	if rep.Pick != nil {
		in.PickDate = rep.Pick.SampledOn.Format("2006-01-02")
		in.PickKg = strings.ReplaceAll(strconv.FormatFloat(rep.Pick.SampleKg, 'f', -1, 64), ".", ",")
		for _, f := range fractions {
			in.PickShares[f.Slug] = strings.ReplaceAll(strconv.FormatFloat(rep.Pick.Shares[f.ID], 'f', -1, 64), ".", ",")
		}
	}
	return in
}

func (s *Server) saveReport(w http.ResponseWriter, r *http.Request) {
	c, year, ok := s.reportTarget(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	inds, err1 := s.indicators.Indicators(ctx)
	fractions, err2 := s.indicators.Fractions(ctx)
	if err := errors.Join(err1, err2); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	in := indicators.ReportInput{Values: map[string]string{}, PickShares: map[string]string{},
		PickDate: f.Get(indicators.FieldPickDate), PickKg: f.Get(indicators.FieldPickKg)}
	for _, ind := range inds {
		in.Values[ind.Slug] = f.Get(indicators.ValueField(ind.Slug))
	}
	for _, fr := range fractions {
		in.PickShares[fr.Slug] = f.Get(indicators.ShareField(fr.Slug))
	}
	values, pick, errs := indicators.CheckReport(in, inds, fractions, time.Now())
	submit := f.Get("handling") == "send"
	if submit && errs.OK() && len(values) == 0 {
		errs.Add(indicators.ValueField(inds[0].Slug), "Fyll inn minst én verdi før du sender inn.")
	}
	if !errs.OK() {
		s.renderReport(w, r, http.StatusUnprocessableEntity, c, year, &in, errs, nil)
		return
	}
	if err := s.indicators.SaveReport(ctx, auth.UserFrom(ctx), c.ID, year, values, pick, submit); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "Kladden er lagret."
	if submit {
		msg = fmt.Sprintf("Nøkkeltallene for %d er sendt inn. Takk!", year)
	}
	s.redirect(w, r, fmt.Sprintf("/nokkeltall/rapporter/%s/%d", c.Slug, year), "success", msg)
}
