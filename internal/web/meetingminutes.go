package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/meetings"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	mview "klyngeportalen/web/meetings"
)

func (s *Server) minutesPage(w http.ResponseWriter, r *http.Request) {
	m, ok := s.managedMeeting(w, r)
	if !ok {
		return
	}
	cases, _, _, err := s.meetings.Agenda(r.Context(), auth.UserFrom(r.Context()), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := mview.MinutesPage{M: m, Cases: cases}
	status := http.StatusOK
	if m.Locked() {
		p.Refused, status = meetings.LockedMessage, http.StatusConflict
	}
	s.render(w, r, status, "Referat: "+m.Title, mview.Minutes(p))
}

func (s *Server) saveMinutes(w http.ResponseWriter, r *http.Request) {
	m, ok := s.managedMeeting(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := auth.UserFrom(r.Context())
	cases, _, _, err := s.meetings.Agenda(r.Context(), u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Only the meeting's own cases are read from the form.
	values := map[int64][2]string{}
	var entries []meetings.MinutesEntry
	for _, c := range cases {
		id := strconv.FormatInt(c.ID, 10)
		e := meetings.MinutesEntry{CaseID: c.ID, Discussion: r.PostForm.Get("discussion-" + id), Decision: r.PostForm.Get("decision-" + id)}
		values[c.ID] = [2]string{e.Discussion, e.Decision}
		entries = append(entries, e)
	}
	err = s.meetings.SaveMinutes(r.Context(), u, m, entries)
	var errs validate.Errors
	switch {
	case errors.Is(err, meetings.ErrLocked):
		s.render(w, r, http.StatusConflict, "Referat: "+m.Title, mview.Minutes(mview.MinutesPage{M: m, Cases: cases, Values: values, Refused: meetings.LockedMessage}))
	case errors.As(err, &errs):
		s.render(w, r, http.StatusUnprocessableEntity, "Referat: "+m.Title, mview.Minutes(mview.MinutesPage{M: m, Cases: cases, Values: values, Errors: components.Errors(errs)}))
	case err != nil:
		s.meetingFail(w, r, err)
	default:
		s.redirect(w, r, mview.MeetingPath(m.ID)+"#saksliste", "success", "Referatet er lagret. Protokollen må godkjennes av møtelederen og én deltaker.")
	}
}

func (s *Server) approveMinutes(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meeting(w, r)
	if !ok {
		return
	}
	locked, err := s.meetings.Approve(r.Context(), auth.UserFrom(r.Context()), m)
	if err != nil {
		s.meetingFail(w, r, err)
		return
	}
	msg := "Du har godkjent protokollen."
	if locked {
		msg = "Protokollen er godkjent og låst."
	}
	s.redirect(w, r, mview.MeetingPath(m.ID)+"#godkjenning", "success", msg)
}

func (s *Server) protocolPage(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meeting(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	p := mview.ProtocolPage{M: m}
	var err error
	if p.Cases, _, _, err = s.meetings.Agenda(ctx, auth.UserFrom(ctx), m); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(p.Cases) == 0 { // before the agenda is published there is no protocol to show
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	if p.Attendees, err = s.meetings.Attendees(ctx, m); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Approvals, err = s.meetings.Approvals(ctx, m); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Protokoll: "+m.GroupName, mview.Protocol(p))
}

func (s *Server) decisionRegister(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	q := r.URL.Query()
	errs := validate.Errors{}
	f := meetings.DecisionFilter{Query: errs.Text("q", q.Get("q"), 0, 200, false), Group: q.Get("gruppe")}
	if !errs.OK() {
		f.Query = ""
	}
	if len(f.Group) > 60 {
		f.Group = ""
	}
	if y, err := strconv.Atoi(q.Get("ar")); err == nil && y >= 2000 && y <= 2200 {
		f.Year = y
	}
	if n, err := strconv.Atoi(q.Get("fokus")); err == nil && n > 0 && n < 1000 {
		f.FocusArea = int16(n)
	}
	f.After = parseDecisionCursor(q.Get("etter"))
	// The same for every viewer who sees alike (groups, cluster admin); kept while no meeting,
	// case or reference name has changed.
	key := fmt.Sprintf("register|%q|%q|%d|%d|%s", f.Query, f.Group, f.Year, f.FocusArea, visibilityKey(u))
	if f.After != nil {
		key += "|" + keyset.Format(f.After.At, f.After.Number, f.After.ID)
	}
	s.renderKept(w, r, "decisions", key, "Vedtaksregister", func(ctx context.Context) (templ.Component, time.Time, error) {
		reg, err := s.meetings.Register(ctx, u, f)
		if err != nil {
			return nil, time.Time{}, err
		}
		return mview.Decisions(decisionsPage(f, reg)), time.Time{}, nil
	})
}

// decisionsPage is the decision register's page of reg for filter f, with its links.
func decisionsPage(f meetings.DecisionFilter, reg meetings.Register) mview.DecisionsPage {
	p := mview.DecisionsPage{Filter: f, Decisions: reg.Decisions}
	base := url.Values{} // the filter, kept on the next page
	if f.Query != "" {
		base.Set("q", f.Query)
	}
	if f.Group != "" {
		base.Set("gruppe", f.Group)
	}
	if f.Year != 0 {
		base.Set("ar", strconv.Itoa(f.Year))
	}
	if f.FocusArea != 0 {
		base.Set("fokus", strconv.Itoa(int(f.FocusArea)))
	}
	if reg.More {
		next := url.Values{}
		for k, v := range base {
			next[k] = v
		}
		last := reg.Decisions[len(reg.Decisions)-1].Cursor()
		next.Set("etter", keyset.Format(last.At, last.Number, last.ID))
		p.NextURL = "/vedtak?" + next.Encode()
	}
	if f.After != nil {
		p.FirstURL = "/vedtak"
		if len(base) > 0 {
			p.FirstURL += "?" + base.Encode()
		}
	}
	p.Groups = options("Alle grupper", reg.Groups, f.Group)
	p.Years = options("Alle år", reg.Years, strconv.Itoa(f.Year))
	p.Focus = options("Alle fokusområder", reg.Focus, strconv.Itoa(int(f.FocusArea)))
	return p
}

// parseDecisionCursor reads the position after the last decision of a register page (its
// meeting's start, number and case id); anything else means the first page.
func parseDecisionCursor(s string) *meetings.DecisionCursor {
	if s == "" {
		return nil
	}
	k := keyset.Parse(s, 3)
	c := meetings.DecisionCursor{At: k.Time(), Number: k.Int(1, 1_000_000), ID: k.ID()}
	if !k.OK() {
		return nil
	}
	return &c
}

// options turns choices into a select's options after an "all" option, with current selected.
func options(all string, list []meetings.Option, current string) []components.Option {
	out := []components.Option{{Value: "", Label: all}}
	for _, o := range list {
		out = append(out, components.Option{Value: o.Value, Label: o.Label, Selected: o.Value == current})
	}
	return out
}

func (s *Server) decisionPage(w http.ResponseWriter, r *http.Request) {
	d, ok := load(s, w, r, "case", func(ctx context.Context, id int64) (meetings.Decision, error) {
		return s.meetings.Decision(ctx, auth.UserFrom(ctx), id)
	})
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, d.Label()+" "+d.Title, mview.Decision(mview.DecisionPage{D: d}))
}
