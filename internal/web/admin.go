package web

import (
	"net/http"
	"strconv"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/mail"
	"klyngeportalen/web/admin"
	"klyngeportalen/web/components"
)

func (s *Server) adminIndex(w http.ResponseWriter, r *http.Request) {
	companies, err := s.members.Companies(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	groups, err := s.members.Groups(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	forums, err := s.forum.Forums(r.Context(), auth.UserFrom(r.Context()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Administrasjon", admin.Index(companies, groups, forums, s.outboxVisible()))
}

// outboxVisible: mail can be read in the portal only in development without a mail server.
func (s *Server) outboxVisible() bool { return s.cfg.Dev() }

func (s *Server) adminGroup(w http.ResponseWriter, r *http.Request) {
	g, ok := load(s, w, r, "group", s.members.Group)
	if !ok {
		return
	}
	ctx := r.Context()
	people, err := s.members.GroupMembers(ctx, g.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := map[int64]bool{}
	for _, p := range people {
		in[p.ID] = true
	}
	everyone, err := s.members.AllActive(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	candidates := []components.Option{{Value: "", Label: "Velg person"}}
	for _, p := range everyone {
		if !in[p.ID] {
			candidates = append(candidates, components.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Name + " (" + p.CompanyShort + ")"})
		}
	}
	s.render(w, r, http.StatusOK, g.Name, admin.Group(admin.GroupPage{Group: g, Members: people, Candidates: candidates}))
}

// membership adds (member true) or removes a person from the group of the address.
func (s *Server) membership(member bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		groupID, ok := s.idParam(w, r, "group")
		if !ok || !s.parseForm(w, r) {
			return
		}
		var userID int64
		if member {
			id, err := strconv.ParseInt(r.PostForm.Get("user_id"), 10, 64)
			if err != nil || id <= 0 {
				s.redirect(w, r, "/admin/grupper/"+strconv.FormatInt(groupID, 10), "warning", "Velg en person å legge til.")
				return
			}
			userID = id
		} else if userID, ok = s.idParam(w, r, "user"); !ok {
			return
		}
		if err := s.members.SetMembership(r.Context(), auth.UserFrom(r.Context()), groupID, userID, member); err != nil {
			s.fail(w, r, err)
			return
		}
		msg := "Personen er lagt til i gruppen."
		if !member {
			msg = "Personen er fjernet fra gruppen."
		}
		s.redirect(w, r, "/admin/grupper/"+strconv.FormatInt(groupID, 10), "success", msg)
	}
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) {
	entries, err := s.members.Audit(r.Context(), 0, 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Administrative handlinger", admin.Audit(entries))
}

func (s *Server) adminOutbox(w http.ResponseWriter, r *http.Request) {
	if !s.outboxVisible() {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	mails, err := mail.List(r.Context(), s.pool, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Utboks", admin.Outbox(mails))
}
