package web

import (
	"net/http"
	"strconv"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
	eventview "klyngeportalen/web/events"
)

// confirmCancellation asks before a registration is cancelled (GET; its form posts to the same
// address). With ?bruker= a company admin cancels for a colleague of their own company; anyone
// else gets 404. With nothing to cancel, or past the deadline, it sends back to the event.
func (s *Server) confirmCancellation(w http.ResponseWriter, r *http.Request) {
	e, ok := s.event(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	viewer := auth.UserFrom(ctx)
	p := eventview.CancelPage{Event: e}
	if v := r.URL.Query().Get("bruker"); v != "" && v != strconv.FormatInt(viewer.ID, 10) {
		target, err := strconv.ParseInt(v, 10, 64)
		if err != nil || target <= 0 || !canSignUpColleagues(viewer, e) {
			s.errorPage(w, r, http.StatusNotFound)
			return
		}
		list, err := s.events.Attendees(ctx, e.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, a := range list {
			if a.UserID == target && a.CompanyID == viewer.CompanyID {
				p.Colleague, p.UserID, p.Status = a.Name, a.UserID, a.Status
			}
		}
		if p.UserID == 0 {
			s.errorPage(w, r, http.StatusNotFound)
			return
		}
	} else if e.MyStatus != nil {
		p.Status = *e.MyStatus
	}
	if p.Status == "" || (p.Status == events.Confirmed && !e.CanCancel(time.Now())) {
		http.Redirect(w, r, eventview.URL(e), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, p.Heading(), eventview.CancelRegistration(p))
}
