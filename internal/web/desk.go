package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/desk"
	"klyngeportalen/internal/indicators"
	"klyngeportalen/web/deskview"
)

// deskRole is what the viewer may do at the desk: cluster admins act on the whole cluster, the
// steering group reads it, a company admin acts on their own company.
func deskRole(u *auth.User) (deskview.Role, bool) {
	switch {
	case u.IsClusterAdmin():
		return deskview.RoleLeader, true
	case u.InGroup(auth.GroupSteering):
		return deskview.RoleSteering, true
	case u.Role == auth.RoleCompanyAdmin:
		return deskview.RoleCompany, true
	}
	return 0, false
}

// deskPage shows what needs attention, in one round trip of bounded queries.
func (s *Server) deskPage(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	role, ok := deskRole(u)
	if !ok {
		s.errorPage(w, r, http.StatusForbidden)
		return
	}
	key, kept := s.servePersonal(w, r, "desk", deskView(u), nil)
	if kept || key == "" {
		return
	}
	sc := deskScope(u, role, time.Now())
	var d desk.Desk
	if dr, early := ownReads[deskReads](r.Context(), "desk"); early && dr.sc == sc {
		d = dr.d // read with who the viewer is (keptpages.go)
	} else {
		var err error
		if d, err = s.desk.Load(r.Context(), sc); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.keepPersonal(w, r, deskView(u), key, "Skrivebordet", deskview.Page(deskview.Model{Desk: d, Role: role, Year: sc.Year,
		CompanyName: u.CompanyName, CompanySlug: u.CompanySlug, Now: time.Now()}), s.now().Add(deskKeep), nil)
}

// The desk is kept rendered per viewer (keptviews.go) while its versions hold: desk_version
// (its settings and reminders, people's sign-ins and accounts, hidden posts, failed mail:
// migration 00470), the indicators', events', plan's, meetings' and forums', the consultations'
// (dashboard_version of everyone) and the reference version; for a minute at most, as it
// follows the clock (deadlines, dormant people, events that start).

// deskKeep bounds how long a viewer's desk is kept.
const deskKeep = time.Minute

// deskView is u's view of the desk: its key without the versions.
func deskView(u *auth.User) string { return "desk|" + strconv.FormatInt(u.ID, 10) }

// deskScope is what the desk shows viewer u of role: the year of the reports asked for (last
// year's, at now), their company's things or the whole cluster's.
func deskScope(u *auth.User, role deskview.Role, now time.Time) desk.Scope {
	sc := desk.Scope{Year: indicators.CurrentYear(now) - 1, ViewerID: u.ID, Admin: u.IsClusterAdmin()}
	if role == deskview.RoleCompany {
		sc.CompanyID = u.CompanyID
	}
	return sc
}

// deskReads is the desk as read for a scope.
type deskReads struct {
	sc desk.Scope
	d  desk.Desk
}

// ownDeskReads are the desk's reads sent with who the viewer is (keptpages.go).
func (s *Server) ownDeskReads(b *pgx.Batch, r ownRequest) any {
	role, ok := deskRole(r.viewer)
	if !ok || s.views.kept(s.personal, deskView(r.viewer), s.now()) {
		return nil
	}
	dr := &deskReads{sc: deskScope(r.viewer, role, time.Now())}
	desk.QueueLoad(b, dr.sc, &dr.d)
	return dr
}

// deskCompanies reads the companies to remind from the form: the ones ticked, or all listed.
func deskCompanies(r *http.Request) ([]int64, bool) {
	var ids []int64
	for _, v := range r.PostForm["company"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 || len(ids) >= 100 {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, len(ids) > 0
}

// remindReports mails the admins of companies without a submitted report for the open year,
// at most once a day per company however often it is pressed.
func (s *Server) remindReports(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ids, ok := deskCompanies(r)
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	u := auth.UserFrom(r.Context())
	year := indicators.CurrentYear(time.Now()) - 1
	claimed, err := s.desk.Claim(r.Context(), desk.KindIndicators, int64(year), ids, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := 0
	if len(claimed) > 0 {
		if n, err = s.indicators.Remind(r.Context(), u, year, claimed, s.cfg.BaseURL.String()); err != nil {
			_ = s.desk.Release(r.Context(), desk.KindIndicators, int64(year), claimed)
			s.fail(w, r, err)
			return
		}
	}
	s.redirect(w, r, "/skrivebord", "success", reminded(n, len(ids)-len(claimed), "om nøkkeltallene for "+strconv.Itoa(year)))
}

// remindConsultation mails the companies without input to a consultation, once a day each.
func (s *Server) remindConsultation(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok || !s.parseForm(w, r) {
		return
	}
	ids, ok := deskCompanies(r)
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	u := auth.UserFrom(r.Context())
	claimed, err := s.desk.Claim(r.Context(), desk.KindConsultation, id, ids, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := 0
	if len(claimed) > 0 {
		if n, err = s.consultations.RemindCompanies(r.Context(), id, claimed, s.cfg.BaseURL.String()); err != nil {
			_ = s.desk.Release(r.Context(), desk.KindConsultation, id, claimed)
			s.fail(w, r, err)
			return
		}
	}
	s.redirect(w, r, "/skrivebord", "success", reminded(n, len(ids)-len(claimed), "om innspill til høringen"))
}

// reminded says what a reminder button did.
func reminded(sent, already int, about string) string {
	msg := "Påminnelse " + about + " er sendt til " + strconv.Itoa(sent) + " " + plural(sent, "selskap", "selskaper") + "."
	if sent == 0 {
		msg = "Ingen ny påminnelse " + about + " ble sendt."
	}
	if already > 0 {
		msg += " " + strconv.Itoa(already) + " " + plural(already, "selskap", "selskaper") + " fikk påminnelse tidligere i dag og får ingen ny før i morgen."
	}
	return msg
}

// setThinShare sets the share of seats below which a coming event shows as thin.
func (s *Server) setThinShare(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	share, err := strconv.Atoi(r.PostForm.Get("thin_share"))
	if err != nil || share < 1 || share > 100 {
		s.redirect(w, r, "/skrivebord", "warning", "Skriv en andel mellom 1 og 100 prosent.")
		return
	}
	if err := s.desk.SetThinShare(r.Context(), share, auth.UserFrom(r.Context()).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/skrivebord", "success", "Arrangementer med under "+strconv.Itoa(share)+" % av plassene fylt vises nå som tynne.")
}
