package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	eventview "klyngeportalen/web/events"
)

// Feedback after an event: the participant's form, the organiser's summary, the cluster's figures.

func (s *Server) feedbackFormPage(w http.ResponseWriter, r *http.Request) {
	if e, ok := s.feedbackEvent(w, r); ok {
		s.render(w, r, http.StatusOK, "Tilbakemelding: "+e.Title, eventview.FeedbackForm(eventview.FeedbackFormPage{Event: e}))
	}
}

// feedbackEvent is the event of the address if the viewer may give feedback on it now: a
// confirmed participant of an event that is over and who has not answered. Otherwise it answers
// with the event page's message.
func (s *Server) feedbackEvent(w http.ResponseWriter, r *http.Request) (events.Event, bool) {
	e, ok := s.event(w, r)
	if !ok {
		return e, false
	}
	switch {
	case e.MyStatus == nil || *e.MyStatus != events.Confirmed:
		s.redirect(w, r, eventview.URL(e), "warning", "Bare de som deltok, kan gi tilbakemelding.")
		return e, false
	case !e.FeedbackOpen(time.Now()):
		s.redirect(w, r, eventview.URL(e), "warning", "Du kan gi tilbakemelding når arrangementet er over.")
		return e, false
	}
	return e, true
}

func (s *Server) giveFeedback(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	in := events.FeedbackInput{Overall: f.Get("overall"), Benefit: f.Get("benefit"), Comment: f.Get("comment"), Named: f.Get("named") == "ja"}
	err := s.events.GiveFeedback(r.Context(), auth.UserFrom(r.Context()), e.ID, in)
	var errs validate.Errors
	var refusal *events.Refusal
	switch {
	case errors.As(err, &errs):
		s.render(w, r, http.StatusUnprocessableEntity, "Tilbakemelding: "+e.Title,
			eventview.FeedbackForm(eventview.FeedbackFormPage{Event: e, Input: in, Errors: components.Errors(errs)}))
		return
	case errors.As(err, &refusal):
		s.renderEvent(w, r, http.StatusConflict, e, eventview.EventPage{Refusal: refusal.Message})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, eventview.URL(e), "success", "Takk for tilbakemeldingen!")
}

// feedbackPage is the organiser's summary of one event's feedback (cluster admins).
func (s *Server) feedbackPage(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	sum, err := s.events.Feedback(r.Context(), e.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Tilbakemeldinger: "+e.Title, eventview.Feedback(eventview.FeedbackPage{Event: e, Summary: sum}))
}

// scoresPage is the feedback figures per event of a year and per year (cluster admins).
func (s *Server) scoresPage(w http.ResponseWriter, r *http.Request) {
	year := time.Now().In(osloTZ).Year()
	if v := r.URL.Query().Get("ar"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2000 || n > 2100 {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		year = n
	}
	list, totals, err := s.events.Scores(r.Context(), year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Tilbakemeldinger på møteplassene", eventview.Scores(eventview.ScoresPage{Year: year, Events: list, Totals: totals}))
}
