package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/members"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/directory"
)

// bulkInvitePage shows the form for inviting many at once.
func (s *Server) bulkInvitePage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "Inviter mange", directory.BulkInvite(directory.BulkInvitePage{Company: c}))
}

// previewBulkInvite reads the pasted list or the CSV file and shows what will happen to each
// line; nothing is sent.
func (s *Server) previewBulkInvite(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok {
		return
	}
	if err := r.ParseMultipartForm(members.MaxInviteBytes); err != nil {
		if isBodyTooLarge(err) {
			s.renderBulkInvite(w, r, c, "", validate.Errors{"list": "Fila er for stor. Høyst 500 personer (100 kB)."})
			return
		}
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	list := r.PostForm.Get("list")
	if f, _, err := r.FormFile("file"); err == nil {
		b, err := io.ReadAll(io.LimitReader(f, members.MaxInviteBytes+1))
		f.Close()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		list = string(b)
	}
	s.renderBulkInvite(w, r, c, list, nil)
}

func (s *Server) renderBulkInvite(w http.ResponseWriter, r *http.Request, c members.Company, list string, errs validate.Errors) {
	p := directory.BulkInvitePage{Company: c, List: list}
	if errs == nil {
		lines, err := members.ParseInviteList(list)
		if errors.As(err, &errs) {
			// shown below
		} else if err != nil {
			s.fail(w, r, err)
			return
		} else if err := s.members.PreviewInvites(r.Context(), auth.UserFrom(r.Context()), c.ID, lines); err != nil {
			s.fail(w, r, err)
			return
		} else {
			p.Lines = lines
			for _, l := range lines {
				if l.Status == members.InviteNew {
					p.New++
				}
			}
		}
	}
	if errs != nil {
		p.Errors = components.Errors(errs)
		s.render(w, r, http.StatusUnprocessableEntity, "Inviter mange", directory.BulkInvite(p))
		return
	}
	s.render(w, r, http.StatusOK, "Inviter mange", directory.BulkInvite(p))
}

// sendBulkInvite invites the new lines of the confirmed list (checked again now).
func (s *Server) sendBulkInvite(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	lines, err := members.ParseInviteList(r.PostForm.Get("list"))
	var errs validate.Errors
	if errors.As(err, &errs) {
		s.renderBulkInvite(w, r, c, r.PostForm.Get("list"), errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.members.InviteMany(r.Context(), auth.UserFrom(r.Context()), c.ID, lines, s.cfg.BaseURL.String())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/medlemmer/"+c.Slug+"/brukere", "success", strconv.Itoa(n)+" "+plural(n, "invitasjon", "invitasjoner")+" er sendt.")
}

// dormantPage lists the company's people who have not signed in for six months.
func (s *Server) dormantPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok {
		return
	}
	people, err := s.members.Dormant(r.Context(), auth.UserFrom(r.Context()), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Ikke logget inn på et halvt år", directory.Dormant(directory.DormantPage{Company: c, People: people}))
}

// deactivateDormant deactivates the ticked people, if they are still dormant.
func (s *Server) deactivateDormant(w http.ResponseWriter, r *http.Request) {
	c, ok := s.adminCompany(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	var ids []int64
	for _, v := range r.PostForm["user"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 || len(ids) >= members.MaxInviteLines {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		ids = append(ids, id)
	}
	n, err := s.members.DeactivateDormant(r.Context(), auth.UserFrom(r.Context()), c.ID, ids)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/medlemmer/"+c.Slug+"/brukere/inaktive", "success", strconv.Itoa(n)+" "+plural(n, "bruker", "brukere")+" er deaktivert og logget ut.")
}
