package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"klyngeportalen/internal/plan"
	webplan "klyngeportalen/web/plan"
)

// wheelSVG is the wheel as a standalone SVG file, its arcs linking to the portal.
func (s *Server) wheelSVG(w http.ResponseWriter, r *http.Request) {
	q, ok := s.parseWheel(w, r)
	if !ok {
		return
	}
	c, err := s.wheelData(r, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	if err := webplan.Drawing(wheel(q, c, s.now(), s.cfg.BaseURL.String())).Render(r.Context(), &buf); err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, file{Type: "image/svg+xml; charset=utf-8", Name: fmt.Sprintf("arshjul-%d.svg", q.year)}, buf.Bytes())
}

// wheelICS is the year's activities as an iCalendar file.
func (s *Server) wheelICS(w http.ResponseWriter, r *http.Request) {
	q, ok := s.parseWheel(w, r)
	if !ok {
		return
	}
	c, err := s.wheelData(r, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := plan.WriteICS(&buf, c.acts, c.events, s.cfg.BaseURL.Hostname(), time.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, file{Type: "text/calendar; charset=utf-8", Name: fmt.Sprintf("arshjul-%d.ics", q.year)}, buf.Bytes())
}

// wheelCSV is the year's activities as a table.
func (s *Server) wheelCSV(w http.ResponseWriter, r *http.Request) {
	q, ok := s.parseWheel(w, r)
	if !ok {
		return
	}
	c, err := s.wheelData(r, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := plan.WriteCSV(&buf, c.acts, c.events); err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, file{Type: "text/csv; charset=utf-8", Name: fmt.Sprintf("arshjul-%d.csv", q.year)}, buf.Bytes())
}

// wheelPicture is the wheel as a PNG for presentations, or as a PDF on A4 (?papir=a3: A3),
// landscape, for print: drawn with the same layout as the page's wheel.
func (s *Server) wheelPicture(pdf bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, ok := s.parseWheel(w, r)
		if !ok {
			return
		}
		paper, name := webplan.A4, "a4"
		switch r.URL.Query().Get("papir") {
		case "", "a4":
		case "a3":
			paper, name = webplan.A3, "a3"
		default:
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		c, err := s.wheelData(r, q)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		wh := wheel(q, c, s.now(), s.cfg.BaseURL.String())
		var buf bytes.Buffer
		if pdf {
			err = webplan.WritePDF(&buf, wh, paper)
		} else {
			err = webplan.WritePNG(&buf, wh)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if pdf {
			sendFile(w, file{Type: "application/pdf", Name: fmt.Sprintf("arshjul-%d-%s.pdf", q.year, name)}, buf.Bytes())
			return
		}
		sendFile(w, file{Type: "image/png", Name: fmt.Sprintf("arshjul-%d.png", q.year)}, buf.Bytes())
	}
}
