package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	forumview "klyngeportalen/web/forum"
)

// maxReplyBody is the body limit of the composer: files up to four times the kunnskapsbank's
// limit are read to the end (and refused), so the answer can give back the typed text.
const maxReplyBody = 4 * documents.MaxUploadBody

// replyForm is what the composer sent before its files.
type replyForm struct {
	fields  url.Values
	parts   *multipart.Reader // the rest of a multipart form; nil for a plain form
	pending *multipart.Part   // the first file, unread; nil when none
}

// readReply reads the composer's fields; the files are left unread in the returned form.
func (s *Server) readReply(w http.ResponseWriter, r *http.Request) (replyForm, bool) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// Without files the form has the limit of every form.
		if r.ContentLength > s.cfg.MaxBodyBytes {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge)
			return replyForm{}, false
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		if !s.parseForm(w, r) {
			return replyForm{}, false
		}
		return replyForm{fields: r.PostForm}, true
	}
	mr, err := r.MultipartReader()
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return replyForm{}, false
	}
	f := replyForm{fields: url.Values{}, parts: mr}
	for n := 0; n < 10; n++ {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			f.parts = nil
			return f, true
		}
		if err != nil {
			if isBodyTooLarge(err) {
				s.errorPage(w, r, http.StatusRequestEntityTooLarge)
			} else {
				s.errorPage(w, r, http.StatusBadRequest)
			}
			return replyForm{}, false
		}
		if p.FormName() == "file" {
			f.pending = p
			return f, true
		}
		v, err := readField(p)
		if err != nil {
			s.errorPage(w, r, http.StatusBadRequest)
			return replyForm{}, false
		}
		if !readableValue(p.FormName()) || !readableValue(v) { // as refuseUnreadableForms does for the other forms
			s.refuseUnreadable(w, r)
			return replyForm{}, false
		}
		f.fields.Add(p.FormName(), v)
	}
	s.errorPage(w, r, http.StatusBadRequest)
	return replyForm{}, false
}

// reply publishes a reply from the composer, or (?handling=forhandsvis / utkast) shows its
// preview or keeps it as a draft. Attached files go into the kunnskapsbank first, tied to the
// thread with its forum's group; a refused file gives the composer back with the text.
func (s *Server) reply(w http.ResponseWriter, r *http.Request) {
	t, ok := s.threadOf(w, r)
	if !ok {
		return
	}
	allowFileTransfer(w, true)
	form, ok := s.readReply(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	in := forum.Reply{Body: form.fields.Get("body"), Key: form.fields.Get("skjema")}
	again := func(status int, errs validate.Errors, preview string) {
		drain(r)
		key := in.Key
		if len(key) != 32 {
			key = formKey()
		}
		s.renderThread(w, r, status, t, forum.PageStart(t.PostCount), forumview.ThreadPage{Reply: forumview.PostForm{
			Body: in.Body, Key: key, Errors: components.Errors(errs), Preview: preview,
		}})
	}
	switch r.URL.Query().Get("handling") {
	case "forhandsvis":
		html, err := s.forum.Preview(ctx, u, t.ID, in.Body)
		var errs validate.Errors
		if errors.As(err, &errs) {
			again(http.StatusUnprocessableEntity, errs, "")
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		again(http.StatusOK, nil, html)
		return
	case "utkast":
		err := s.forum.SaveDraft(ctx, u, t.ID, in.Body)
		var errs validate.Errors
		if errors.As(err, &errs) {
			again(http.StatusUnprocessableEntity, errs, "")
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		drain(r)
		s.redirect(w, r, forumview.ThreadURL(t.ForumSlug, t.ID)+"?fra="+strconv.Itoa(forum.PageStart(t.PostCount))+"#svar", "success", "Utkastet er lagret. Du finner det her neste gang du åpner tråden.")
		return
	case "":
	default:
		s.errorPage(w, r, http.StatusBadRequest)
		return
	}
	var errs validate.Errors
	if err := forum.CheckReply(in); errors.As(err, &errs) {
		again(http.StatusUnprocessableEntity, errs, "")
		return
	}
	// A second submit of the same form finds the post the first made: here, before its files
	// would be stored again or the lock refuse it; without either, AddReplyTo finds it.
	if form.pending != nil || t.Locked {
		if seq, done, err := s.forum.ReplySubmitted(ctx, u, t.ID, in.Key); err != nil || done {
			drain(r)
			if err != nil {
				s.fail(w, r, err)
			} else {
				s.redirect(w, r, forumview.PostURL(t.ForumSlug, t.ID, seq), "success", "Svaret er publisert.")
			}
			return
		}
	}
	if t.Locked {
		drain(r)
		s.fail(w, r, forum.ErrLocked)
		return
	}
	docs, err := s.attachFiles(r, u, t, form)
	if errors.As(err, &errs) {
		again(uploadStatus(err), errs, "")
		return
	}
	if err != nil {
		if !s.uploadCut(r, err) {
			s.fail(w, r, err)
		}
		return
	}
	in.Attachments = docs
	seq, err := s.forum.AddReplyTo(ctx, u, t, in, s.cfg.BaseURL.String())
	if errors.As(err, &errs) {
		again(http.StatusUnprocessableEntity, errs, "")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, forumview.PostURL(t.ForumSlug, t.ID, seq), "success", "Svaret er publisert.")
}

// attachFiles stores each file of the composer as a document of the kunnskapsbank, tied to the
// thread and restricted like its forum, and returns their ids.
func (s *Server) attachFiles(r *http.Request, u *auth.User, t forum.Thread, form replyForm) ([]int64, error) {
	var ids []int64
	in := documents.Input{Thread: strconv.FormatInt(t.ID, 10), Note: "Vedlegg i forumtråden «" + t.Title + "»"}
	if t.GroupID != nil {
		in.Group = strconv.FormatInt(*t.GroupID, 10)
	}
	if len([]rune(in.Note)) > 500 {
		in.Note = "Vedlegg i en forumtråd"
	}
	for p := form.pending; p != nil; {
		if p.FormName() == "file" && p.FileName() != "" {
			if len(ids) == forum.MaxAttachments {
				return nil, validate.Errors{"file": "Legg ved høyst " + strconv.Itoa(forum.MaxAttachments) + " filer i ett svar."}
			}
			in.Title = attachmentTitle(p.FileName())
			id, err := s.documents.Create(r.Context(), u, in, documents.Upload{Filename: p.FileName(), Body: p})
			if err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		next, err := form.parts.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if isBodyTooLarge(err) {
				return nil, validate.Errors{"file": "Filen er større enn 25 MB."}
			}
			return nil, err
		}
		p = next
	}
	return ids, nil
}

// attachmentTitle is a file's title in the kunnskapsbank: its name without the extension.
func attachmentTitle(filename string) string {
	name := strings.TrimSpace(path.Base(strings.ReplaceAll(filename, "\\", "/")))
	if ext := path.Ext(name); ext != "" && len(ext) < len(name) {
		name = strings.TrimSuffix(name, ext)
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	if strings.TrimSpace(name) == "" {
		name = "Vedlegg"
	}
	return name
}
