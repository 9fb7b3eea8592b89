package web

import (
	"fmt"
	"net/http"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
)

// maySeeRecord: a competence record is for the person, their company's admin and cluster admins.
func maySeeRecord(viewer *auth.User, personID, companyID int64) bool {
	return viewer != nil && (viewer.ID == personID || viewer.CanAdminCompany(companyID))
}

// recordCSV serves /personer/{id}/kompetanse.csv; 404 to anyone who may not see the record.
func (s *Server) recordCSV(w http.ResponseWriter, r *http.Request) {
	p, ok := load(s, w, r, "id", s.members.PersonAny)
	if !ok {
		return
	}
	ctx := r.Context()
	if !maySeeRecord(auth.UserFrom(ctx), p.ID, p.CompanyID) {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	list, err := s.events.Record(ctx, events.ViewerOf(auth.UserFrom(ctx)), p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	setFileHeaders(w, file{Type: "text/csv; charset=utf-8", Name: fmt.Sprintf("kompetanse-%d.csv", p.ID)})
	if err := events.WriteRecordCSV(w, p.Name, list); err != nil {
		s.log.Warn("csv export", "request_id", RequestID(ctx), "error", err)
	}
}
