package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	eventview "klyngeportalen/web/events"
)

// The registration form: the organiser's questions (cluster admins) and the registrant's answers.

func (s *Server) questionsPage(w http.ResponseWriter, r *http.Request) {
	if e, ok := s.event(w, r); ok {
		s.renderQuestions(w, r, http.StatusOK, eventview.QuestionsPage{Event: e, Input: events.QuestionInput{Kind: "short"}})
	}
}

func (s *Server) renderQuestions(w http.ResponseWriter, r *http.Request, status int, p eventview.QuestionsPage) {
	list, err := s.events.Questions(r.Context(), p.Event.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Questions = list
	s.render(w, r, status, "Påmeldingsskjema: "+p.Event.Title, eventview.Questions(p))
}

func questionInput(r *http.Request) events.QuestionInput {
	f := r.PostForm
	return events.QuestionInput{Label: f.Get("label"), Kind: f.Get("kind"), Help: f.Get("help"), Choices: f.Get("choices"), Required: f.Get("required") == "ja"}
}

// editQuestionPage shows the form of question {question} filled in.
func (s *Server) editQuestionPage(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	qid, ok := s.idParam(w, r, "question")
	if !ok {
		return
	}
	list, err := s.events.Questions(r.Context(), e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(list, func(q events.Question) bool { return q.ID == qid })
	if i < 0 {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	s.render(w, r, http.StatusOK, "Endre spørsmål: "+e.Title, eventview.Questions(eventview.QuestionsPage{
		Event: e, Questions: list, Input: events.InputOfQuestion(list[i]), EditID: qid}))
}

// saveQuestion adds a question (no {question} in the address) or changes one.
func (s *Server) saveQuestion(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	var qid int64
	if chi.URLParam(r, "question") != "" {
		if qid, ok = s.idParam(w, r, "question"); !ok {
			return
		}
	}
	in := questionInput(r)
	actor := auth.UserFrom(r.Context())
	var err error
	if qid == 0 {
		err = s.events.AddQuestion(r.Context(), actor, e.ID, in)
	} else {
		err = s.events.UpdateQuestion(r.Context(), actor, e.ID, qid, in)
	}
	var errs validate.Errors
	var refusal *events.Refusal
	switch {
	case errors.As(err, &errs):
		s.renderQuestions(w, r, http.StatusUnprocessableEntity, eventview.QuestionsPage{Event: e, Input: in, EditID: qid, Errors: components.Errors(errs)})
		return
	case errors.As(err, &refusal):
		s.renderQuestions(w, r, http.StatusConflict, eventview.QuestionsPage{Event: e, Input: in, EditID: qid, Refusal: refusal.Message})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, eventview.URL(e)+"/sporsmal", "success", "Spørsmålet er lagret.")
}

// questionAction deletes or moves question {question}.
func (s *Server) questionAction(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		e, ok := s.event(w, r)
		if !ok || !s.parseForm(w, r) {
			return
		}
		qid, ok := s.idParam(w, r, "question")
		if !ok {
			return
		}
		actor := auth.UserFrom(r.Context())
		var err error
		msg := "Spørsmålet er flyttet."
		if action == "delete" {
			err, msg = s.events.DeleteQuestion(r.Context(), actor, e.ID, qid), "Spørsmålet er slettet."
		} else {
			dir := r.PostForm.Get("retning")
			if dir != "opp" && dir != "ned" {
				s.errorPage(w, r, http.StatusBadRequest)
				return
			}
			err = s.events.MoveQuestion(r.Context(), actor, e.ID, qid, dir == "opp")
		}
		var refusal *events.Refusal
		if errors.As(err, &refusal) {
			s.redirect(w, r, eventview.URL(e)+"/sporsmal", "warning", refusal.Message)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, eventview.URL(e)+"/sporsmal", "success", msg)
	}
}

// updateAnswers changes the viewer's own answers until the deadline.
func (s *Server) updateAnswers(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	answer := r.PostForm.Get("answer")
	err := s.events.UpdateAnswers(r.Context(), auth.UserFrom(r.Context()), e.ID, answer, events.Form(r.PostForm))
	var errs validate.Errors
	var refusal *events.Refusal
	switch {
	case errors.As(err, &errs):
		s.renderEvent(w, r, http.StatusUnprocessableEntity, e, eventview.EventPage{Answer: answer, Posted: events.Form(r.PostForm), Errors: components.Errors(errs)})
		return
	case errors.As(err, &refusal):
		s.renderEvent(w, r, http.StatusConflict, e, eventview.EventPage{Refusal: refusal.Message})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, eventview.URL(e), "success", "Svarene dine er lagret.")
}

// attendeeAnswers loads the questions and every registration's answers of event id.
func (s *Server) attendeeAnswers(r *http.Request, id int64) ([]events.Question, map[int64]events.Answers, error) {
	qs, err := s.events.Questions(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.events.AnswerTable(r.Context(), id)
	return qs, a, err
}
