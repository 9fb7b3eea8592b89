package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/indicators"
)

// maxCSVUpload bounds an imported CSV file.
const maxCSVUpload = 256 << 10

// maxCSVRead is the body limit of the import: a file up to 8 MB (a spreadsheet chosen by
// mistake, say) is read past, not kept, so that the report page comes back with a message.
const maxCSVRead = 8<<20 + 64<<10

// importReport reads a CSV file into the draft: all of it, or nothing and a report of every bad line.
func (s *Server) importReport(w http.ResponseWriter, r *http.Request) {
	c, year, ok := s.reportTarget(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	ff, ok := s.readFileForm(w, r, "fil", maxCSVUpload)
	if !ok {
		return
	}
	if ff.tooLarge {
		s.renderReport(w, r, http.StatusRequestEntityTooLarge, c, year, nil, nil, []indicators.LineError{{Line: 0,
			Message: fmt.Sprintf("Filen er større enn %d kB. En CSV-fil med nøkkeltall er mye mindre: kontroller at du har valgt riktig fil.", maxCSVUpload>>10)}})
		return
	}
	if ff.data == nil {
		s.renderReport(w, r, http.StatusUnprocessableEntity, c, year, nil, nil, []indicators.LineError{{Line: 0, Message: "Velg en CSV-fil å importere."}})
		return
	}
	data := ff.data
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
	msg := fmt.Sprintf("Påminnelse er sendt til %d %s.", n, plural(n, "selskap", "selskaper"))
	if n == 0 {
		msg = "Ingen påminnelser ble sendt: alle har sendt inn, eller de som mangler har ingen selskapsadministrator."
	}
	s.redirect(w, r, fmt.Sprintf("/nokkeltall/rapporter?ar=%d", year), "success", msg)
}
