package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/meetings"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/errorpage"
	mview "klyngeportalen/web/meetings"
)

// managedMeeting loads the meeting of the address for one who may manage it (403 for other
// members of the group, 404 for those who may not see it).
func (s *Server) managedMeeting(w http.ResponseWriter, r *http.Request) (meetings.Meeting, bool) {
	m, ok := s.meeting(w, r)
	if ok && !meetings.CanManage(auth.UserFrom(r.Context()), m) {
		s.errorPage(w, r, http.StatusForbidden)
		return m, false
	}
	return m, ok
}

// meetingCase loads the managed meeting and the case of the address.
func (s *Server) meetingCase(w http.ResponseWriter, r *http.Request) (meetings.Meeting, meetings.Case, bool) {
	m, ok := s.managedMeeting(w, r)
	if !ok {
		return m, meetings.Case{}, false
	}
	c, ok := load(s, w, r, "case", func(ctx context.Context, id int64) (meetings.Case, error) {
		return s.meetings.Case(ctx, auth.UserFrom(ctx), m, id)
	})
	return m, c, ok
}

func caseInput(r *http.Request) meetings.CaseInput {
	f := r.PostForm
	return meetings.CaseInput{Kind: f.Get("kind"), Title: f.Get("title"), Responsible: f.Get("responsible"),
		FocusArea: f.Get("focus_area"), Background: f.Get("background"), Proposal: f.Get("proposal")}
}

func inputOfCase(c meetings.Case) meetings.CaseInput {
	in := meetings.CaseInput{Kind: c.Kind, Title: c.Title, Background: c.BackgroundMD, Proposal: c.ProposalMD}
	if c.ResponsibleID != nil {
		in.Responsible = strconv.FormatInt(*c.ResponsibleID, 10)
	}
	if c.FocusAreaID != nil {
		in.FocusArea = strconv.Itoa(int(*c.FocusAreaID))
	}
	return in
}

// renderCase shows the case form with its choices, papers and actions.
func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, status int, p mview.CasePage) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	for _, k := range meetings.Kinds {
		p.Kinds = append(p.Kinds, components.Option{Value: k.Value, Label: k.Label, Selected: p.In.Kind == k.Value})
	}
	people, err := s.meetings.People(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.People = []components.Option{{Value: "", Label: "Ingen valgt"}}
	p.Responsible = []components.Option{{Value: "", Label: "Velg ansvarlig"}}
	for _, pe := range people {
		if pe.GroupID != p.M.GroupID {
			continue
		}
		v := strconv.FormatInt(pe.ID, 10)
		p.People = append(p.People, components.Option{Value: v, Label: pe.Name + ", " + pe.CompanyName, Selected: p.In.Responsible == v})
		p.Responsible = append(p.Responsible, components.Option{Value: "u" + v, Label: pe.Name + ", " + pe.CompanyName, Selected: p.Action.Responsible == "u"+v})
	}
	_, _, focus, err := s.meetings.DecisionOptions(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.FocusAreas = []components.Option{{Value: "", Label: "Ingen"}}
	for _, f := range focus {
		p.FocusAreas = append(p.FocusAreas, components.Option{Value: f.Value, Label: f.Label, Selected: p.In.FocusArea == f.Value})
	}
	title := "Ny sak"
	if p.Case.ID != 0 {
		title = p.Case.Label() + " " + p.Case.Title
		companies, err := s.meetings.Companies(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, c := range companies {
			p.Responsible = append(p.Responsible, components.Option{Value: c.Value, Label: c.Label + " (selskapet)", Selected: p.Action.Responsible == c.Value})
		}
		_, papers, actions, err := s.meetings.Agenda(ctx, u, p.M)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		attached := map[int64]bool{}
		for _, pa := range papers {
			if pa.CaseID == p.Case.ID {
				p.Papers = append(p.Papers, pa)
				attached[pa.DocumentID] = true
			}
		}
		for _, a := range actions {
			if a.CaseID == p.Case.ID {
				p.Actions = append(p.Actions, a)
			}
		}
		choices, err := s.meetings.PaperChoices(ctx, p.M)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, c := range choices {
			if !attached[c.DocumentID] {
				p.Choices = append(p.Choices, components.Option{Value: strconv.FormatInt(c.DocumentID, 10), Label: c.Title})
			}
		}
	}
	s.render(w, r, status, title, mview.CaseForm(p))
}

func (s *Server) newCasePage(w http.ResponseWriter, r *http.Request) {
	if m, ok := s.managedMeeting(w, r); ok {
		s.renderCase(w, r, http.StatusOK, mview.CasePage{M: m, In: meetings.CaseInput{Kind: "vedtak"}})
	}
}

func (s *Server) createCase(w http.ResponseWriter, r *http.Request) {
	m, ok := s.managedMeeting(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := caseInput(r)
	c, err := s.meetings.AddCase(r.Context(), auth.UserFrom(r.Context()), m, in)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		s.renderCase(w, r, http.StatusUnprocessableEntity, mview.CasePage{M: m, In: in, Errors: components.Errors(errs)})
	case err != nil:
		s.meetingFail(w, r, err)
	default:
		s.redirect(w, r, mview.MeetingPath(m.ID)+"#sak-"+strconv.FormatInt(c.ID, 10), "success", c.Label()+" er satt opp.")
	}
}

func (s *Server) editCasePage(w http.ResponseWriter, r *http.Request) {
	if m, c, ok := s.meetingCase(w, r); ok {
		s.renderCase(w, r, http.StatusOK, mview.CasePage{M: m, Case: c, In: inputOfCase(c)})
	}
}

func (s *Server) updateCase(w http.ResponseWriter, r *http.Request) {
	m, c, ok := s.meetingCase(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := caseInput(r)
	err := s.meetings.UpdateCase(r.Context(), auth.UserFrom(r.Context()), m, c, in)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		s.renderCase(w, r, http.StatusUnprocessableEntity, mview.CasePage{M: m, Case: c, In: in, Errors: components.Errors(errs)})
	case err != nil:
		s.meetingFail(w, r, err)
	default:
		s.redirect(w, r, mview.MeetingPath(m.ID)+"#sak-"+strconv.FormatInt(c.ID, 10), "success", c.Label()+" er oppdatert.")
	}
}

// casePaper attaches (attach) or detaches a document of the group's kunnskapsbank.
func (s *Server) casePaper(attach bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m, c, ok := s.meetingCase(w, r)
		if !ok || !s.parseForm(w, r) {
			return
		}
		raw := r.PostForm.Get("document")
		if !attach {
			raw = chi.URLParam(r, "document")
		}
		doc, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || doc <= 0 {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		if err := s.meetings.AttachPaper(r.Context(), auth.UserFrom(r.Context()), m, c, doc, attach); err != nil {
			s.meetingFail(w, r, err)
			return
		}
		s.redirect(w, r, mview.MeetingPath(m.ID)+"/saker/"+strconv.FormatInt(c.ID, 10)+"#saksdokumenter", "success", "Saksdokumentene er oppdatert.")
	}
}

func (s *Server) addAction(w http.ResponseWriter, r *http.Request) {
	m, c, ok := s.meetingCase(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := meetings.ActionInput{Title: r.PostForm.Get("action_title"), Responsible: r.PostForm.Get("action_responsible"), Due: r.PostForm.Get("action_due")}
	err := s.meetings.AddAction(r.Context(), auth.UserFrom(r.Context()), m, c, in)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		s.renderCase(w, r, http.StatusUnprocessableEntity, mview.CasePage{M: m, Case: c, In: inputOfCase(c), Action: in, Errors: components.Errors(errs)})
	case err != nil:
		s.meetingFail(w, r, err)
	default:
		s.redirect(w, r, mview.MeetingPath(m.ID)+"#sak-"+strconv.FormatInt(c.ID, 10), "success", "Tiltaket er lagt til.")
	}
}

func (s *Server) shareDecision(w http.ResponseWriter, r *http.Request) {
	m, c, ok := s.meetingCase(w, r)
	if !ok {
		return
	}
	shared := r.URL.Query().Get("delt") == "ja"
	if err := s.meetings.ShareDecision(r.Context(), auth.UserFrom(r.Context()), m, c, shared); err != nil {
		s.meetingFail(w, r, err)
		return
	}
	msg := "Vedtaket vises nå bare for " + m.GroupName + "."
	if shared {
		msg = "Vedtaket er delt med alle medlemmer."
	}
	s.redirect(w, r, mview.MeetingPath(m.ID)+"/saker/"+strconv.FormatInt(c.ID, 10), "success", msg)
}

func (s *Server) updateAction(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "action")
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := auth.UserFrom(r.Context())
	a, m, err := s.meetings.Action(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.meetings.SetActionStatus(r.Context(), u, m, a, r.PostForm.Get("status"), r.PostForm.Get("note"))
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		msg := "Velg en status."
		if errs["note"] != "" {
			msg = "Skriv et kort notat (høyst 500 tegn) når tiltaket lukkes."
		}
		s.render(w, r, http.StatusUnprocessableEntity, "Noe må rettes", errorpage.Error(http.StatusUnprocessableEntity, "Noe må rettes", msg))
	case err != nil:
		s.meetingFail(w, r, err)
	default:
		s.redirect(w, r, mview.MeetingPath(m.ID)+"#sak-"+strconv.FormatInt(a.CaseID, 10), "success", "Tiltaket er oppdatert.")
	}
}
