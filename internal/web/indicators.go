package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/indicators"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	view "klyngeportalen/web/indicators"
)

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

// indicatorsCompare is the comparison of the members' indicators of a year. It is kept rendered
// (keptpages.go) for every viewer of the same company and rights while no indicator, report,
// value or plukkanalyse changes.
func (s *Server) indicatorsCompare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	years, err := s.indicators.Years(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year := chosenYear(r, years)
	canReport, canDefine := canReport(u), u.IsClusterAdmin()
	key := fmt.Sprintf("compare|%d|%d|%t|%t", year, u.CompanyID, canReport, canDefine)
	s.renderKept(w, r, "indicators", key, "Nøkkeltall", func(ctx context.Context) (templ.Component, time.Time, error) {
		inds, err1 := s.indicators.Indicators(ctx)
		companies, err2 := s.indicators.Companies(ctx)
		fractions, err3 := s.indicators.Fractions(ctx)
		values, err4 := s.indicators.YearValues(ctx, year)
		picks, err5 := s.indicators.YearPicks(ctx, year)
		if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
			return nil, time.Time{}, err
		}
		p := view.BuildCompare(year, years, inds, companies, values, picks, fractions, u.CompanyID)
		p.CanReport, p.CanDefine = canReport, canDefine
		return view.Compare(p), time.Time{}, nil
	})
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
	type key struct{ company, indicator int64 }
	byKey := map[key]indicators.Value{}
	for _, v := range values {
		byKey[key{v.CompanyID, v.IndicatorID}] = v
	}
	rows := [][]string{{"år", "selskap", "indikator", "navn", "enhet", "verdi", "demodata"}}
	for _, c := range companies {
		for _, ind := range inds {
			v, ok := byKey[key{c.ID, ind.ID}]
			if !ok {
				continue
			}
			demo := "nei"
			if v.Demo {
				demo = "ja"
			}
			rows = append(rows, []string{strconv.Itoa(year), c.Name, ind.Slug, ind.Name, ind.Unit, indicators.CSVNumber(v.Value, int(ind.Decimals)), demo})
		}
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // so that spreadsheets read UTF-8
	if err := indicators.WriteCSV(&buf, rows); err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, file{Type: "text/csv; charset=utf-8", Name: fmt.Sprintf("nokkeltall-%d.csv", year)}, buf.Bytes())
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
