package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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

// maxCSVUpload bounds an imported CSV file.
const maxCSVUpload = 256 << 10

// canReport: company admins (for their own company) and cluster admins report indicator values.
func canReport(u *auth.User) bool {
	return u.IsClusterAdmin() || (u != nil && u.Role == auth.RoleCompanyAdmin)
}

// chosenYear is the year asked for with ?ar=, when it is one of years, or else the latest of years.
func chosenYear(r *http.Request, years []int) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("ar")); err == nil {
		for _, have := range years {
			if have == y {
				return y
			}
		}
	}
	if len(years) > 0 {
		return years[0]
	}
	return 0
}

func (s *Server) indicatorsCompare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	years, err := s.indicators.Years(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year := chosenYear(r, years)
	inds, err1 := s.indicators.Indicators(ctx)
	companies, err2 := s.indicators.Companies(ctx)
	fractions, err3 := s.indicators.Fractions(ctx)
	values, err4 := s.indicators.YearValues(ctx, year)
	picks, err5 := s.indicators.YearPicks(ctx, year)
	if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
		s.fail(w, r, err)
		return
	}
	p := view.BuildCompare(year, years, inds, companies, values, picks, fractions, u.CompanyID)
	p.CanReport, p.CanDefine = canReport(u), u.IsClusterAdmin()
	s.render(w, r, http.StatusOK, "Nøkkeltall", view.Compare(p))
}

func (s *Server) indicatorsExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	years, err := s.indicators.Years(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year := chosenYear(r, years)
	inds, err1 := s.indicators.Indicators(ctx)
	companies, err2 := s.indicators.Companies(ctx)
	values, err3 := s.indicators.YearValues(ctx, year)
	if err := errors.Join(err1, err2, err3); err != nil {
		s.fail(w, r, err)
		return
	}
	byInd := map[int64]indicators.Indicator{}
	for _, ind := range inds {
		byInd[ind.ID] = ind
	}
	byCompany := map[int64]indicators.Company{}
	for _, c := range companies {
		byCompany[c.ID] = c
	}
	rows := [][]string{{"år", "selskap", "indikator", "navn", "enhet", "verdi", "demodata"}}
	for _, c := range companies {
		for _, ind := range inds {
			for _, v := range values {
				if v.CompanyID == c.ID && v.IndicatorID == ind.ID {
					demo := "nei"
					if v.Demo {
						demo = "ja"
					}
					rows = append(rows, []string{strconv.Itoa(year), byCompany[c.ID].Name, ind.Slug, ind.Name, ind.Unit,
						indicators.CSVNumber(v.Value, int(ind.Decimals)), demo})
				}
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // so that spreadsheets read UTF-8
	if err := indicators.WriteCSV(&buf, rows); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="nokkeltall-%d.csv"`, year))
	w.Header().Set("Cache-Control", "private, no-cache")
	_, _ = buf.WriteTo(w)
}

func (s *Server) indicatorDefinitions(w http.ResponseWriter, r *http.Request) {
	inds, err := s.indicators.Indicators(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Indikatorer", view.Definitions(view.DefinitionsPage{Indicators: inds, CanDefine: auth.UserFrom(r.Context()).IsClusterAdmin()}))
}

func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	ind, err := s.indicators.Indicator(ctx, chi.URLParam(r, "indicator"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	series, err1 := s.indicators.Series(ctx, ind.ID)
	companies, err2 := s.indicators.Companies(ctx)
	if err := errors.Join(err1, err2); err != nil {
		s.fail(w, r, err)
		return
	}
	var years []int
	seen := map[int]bool{}
	for i := len(series) - 1; i >= 0; i-- {
		if y := series[i].Year; !seen[y] {
			seen[y] = true
			years = append(years, y)
		}
	}
	year := chosenYear(r, years)
	if len(companies) == 0 {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	company := companies[0]
	want := r.URL.Query().Get("selskap")
	var options []components.Option
	for _, c := range companies {
		if (want == "" && c.ID == u.CompanyID) || c.Slug == want {
			company = c
		}
	}
	for _, c := range companies {
		options = append(options, components.Option{Value: c.Slug, Label: c.Name, Selected: c.ID == company.ID})
	}
	p := view.BuildIndicator(ind, year, years, companies, series, company)
	p.Companies = options
	s.render(w, r, http.StatusOK, ind.Name, view.Indicator(p))
}

func (s *Server) newIndicatorPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "Ny indikator", view.EditIndicator(view.IndicatorForm{Input: indicators.IndicatorInput{Decimals: "0"}}))
}

func (s *Server) editIndicatorPage(w http.ResponseWriter, r *http.Request) {
	ind, err := s.indicators.Indicator(r.Context(), chi.URLParam(r, "indicator"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Rediger "+ind.Name, view.EditIndicator(view.IndicatorForm{Slug: ind.Slug, Input: ind.Input()}))
}

func (s *Server) saveIndicator(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	in := indicators.IndicatorInput{Name: f.Get("name"), Unit: f.Get("unit"), Description: f.Get("description"),
		Direction: f.Get("direction"), Category: f.Get("category"), Decimals: f.Get("decimals")}
	slug := chi.URLParam(r, "indicator")
	ind, err := s.indicators.SaveIndicator(r.Context(), auth.UserFrom(r.Context()), slug, in)
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.render(w, r, http.StatusUnprocessableEntity, "Indikator", view.EditIndicator(view.IndicatorForm{Slug: slug, Input: in, Errors: components.Errors(errs)}))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/nokkeltall/indikatorer", "success", "Indikatoren «"+ind.Name+"» er lagret.")
}

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
	if err != nil || !u.CanAdminCompany(c.ID) {
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
	year, yerr := strconv.Atoi(chi.URLParam(r, "year"))
	if err != nil || yerr != nil || year < indicators.FirstYear || year > indicators.CurrentYear(time.Now()) ||
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

// importReport reads a CSV file into the draft: all of it, or nothing and a report of every bad line.
func (s *Server) importReport(w http.ResponseWriter, r *http.Request) {
	c, year, ok := s.reportTarget(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, maxCSVUpload+64<<10)
	file, _, err := r.FormFile("fil")
	if err != nil {
		if isBodyTooLarge(err) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge)
			return
		}
		s.renderReport(w, r, http.StatusUnprocessableEntity, c, year, nil, nil, []indicators.LineError{{Line: 0, Message: "Velg en CSV-fil å importere."}})
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxCSVUpload+1))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(data) > maxCSVUpload {
		s.renderReport(w, r, http.StatusUnprocessableEntity, c, year, nil, nil, []indicators.LineError{{Line: 0, Message: "Filen er større enn 256 kB."}})
		return
	}
	inds, err := s.indicators.Indicators(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	values, lineErrs := indicators.ParseCSV(data, inds)
	if len(lineErrs) > 0 {
		s.renderReport(w, r, http.StatusUnprocessableEntity, c, year, nil, nil, lineErrs)
		return
	}
	if err := s.indicators.ImportValues(ctx, auth.UserFrom(ctx), c.ID, year, values); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/nokkeltall/rapporter/%s/%d", c.Slug, year), "success",
		fmt.Sprintf("%d verdier er importert. Se over og send inn når alt stemmer.", len(values)))
}

// reopenReport makes a submitted report a draft again (cluster admins).
func (s *Server) reopenReport(w http.ResponseWriter, r *http.Request) {
	c, year, ok := s.reportTarget(w, r)
	if !ok {
		return
	}
	if err := s.indicators.Reopen(r.Context(), auth.UserFrom(r.Context()), c.ID, year); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, fmt.Sprintf("/nokkeltall/rapporter/%s/%d", c.Slug, year), "success",
		fmt.Sprintf("Rapporten for %d er åpnet igjen. %s kan rette den og sende den inn på nytt.", year, c.Name))
}

// remind mails the company admins of one company (selskap) or of every company that has not submitted.
func (s *Server) remind(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	year, err := strconv.Atoi(r.PostForm.Get("ar"))
	if err != nil || year < indicators.FirstYear || year > indicators.CurrentYear(time.Now()) {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	var ids []int64
	if slug := r.PostForm.Get("selskap"); slug != "" {
		c, err := s.indicators.Company(ctx, slug)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ids = []int64{c.ID}
	}
	n, err := s.indicators.Remind(ctx, auth.UserFrom(ctx), year, ids, s.cfg.BaseURL.String())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := fmt.Sprintf("Påminnelse er sendt til %d selskap.", n)
	if n == 0 {
		msg = "Ingen påminnelser ble sendt: alle har sendt inn, eller de som mangler har ingen selskapsadministrator."
	}
	s.redirect(w, r, fmt.Sprintf("/nokkeltall/rapporter?ar=%d", year), "success", msg)
}
