package web

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/domain"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	docview "klyngeportalen/web/documents"
)

// fileTransferTime is how long the upload or download of one file may take: 25 MB at about
// 0.5 Mbit/s. The server's own timeouts are made for pages and forms.
const fileTransferTime = 7 * time.Minute

// allowFileTransfer moves the connection's deadlines for a file going in (read) or out.
func allowFileTransfer(w http.ResponseWriter, read bool) {
	rc := http.NewResponseController(w)
	deadline := time.Now().Add(fileTransferTime)
	if read {
		_ = rc.SetReadDeadline(deadline) // not supported by test recorders, which have no deadline
	}
	_ = rc.SetWriteDeadline(deadline)
}

// maxUploadRead is the body limit of the upload routes: a file somewhat over the 25 MB a
// document may have is read past (not kept), so that the fields after it still arrive and the
// form comes back with them and a message, rather than an error page.
const maxUploadRead = 4 * documents.MaxUploadBody

// readUpload reads the fields of a multipart form up to its file, and returns the file part
// unread, so that it streams from the request straight into the database, and the reader, for
// the fields after the file (readRest). The upload form puts the file first; the form for a new
// version puts its note before it.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (url.Values, documents.Upload, *multipart.Reader, bool) {
	fields := url.Values{}
	mr, err := r.MultipartReader()
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return nil, documents.Upload{}, nil, false
	}
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return fields, documents.Upload{}, mr, true
		}
		if err != nil || n > 50 {
			if isBodyTooLarge(err) {
				s.errorPage(w, r, http.StatusRequestEntityTooLarge)
			} else {
				s.errorPage(w, r, http.StatusBadRequest)
			}
			return nil, documents.Upload{}, nil, false
		}
		if p.FormName() == "file" {
			if p.FileName() == "" { // no file chosen
				return fields, documents.Upload{}, mr, true
			}
			return fields, documents.Upload{Filename: p.FileName(), Body: p}, mr, true
		}
		v, err := readField(p)
		if err != nil {
			s.errorPage(w, r, http.StatusBadRequest)
			return nil, documents.Upload{}, nil, false
		}
		if !readableValue(p.FormName()) || !readableValue(v) { // as refuseUnreadableForms does for the other forms
			s.refuseUnreadable(w, r)
			return nil, documents.Upload{}, nil, false
		}
		fields.Add(p.FormName(), v)
	}
}

// readRest reads the fields that follow the file into fields, skipping what is left of the
// file (a refused one is read past, not kept). Another file part is skipped too.
func readRest(mr *multipart.Reader, fields url.Values) error {
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if n > 50 {
			return errors.New("too many form fields")
		}
		if p.FileName() != "" || p.FormName() == "file" {
			continue
		}
		v, err := readField(p)
		if err != nil {
			return err
		}
		if !readableValue(p.FormName()) || !readableValue(v) { // as refuseUnreadableForms does for the other forms
			return domain.New(domain.Invalid, "Skjemaet inneholder tegn som ikke kan leses.")
		}
		fields.Add(p.FormName(), v)
	}
}

// uploadCut reports, and logs, an upload that ended because the connection did: there is no
// one left to answer.
func (s *Server) uploadCut(r *http.Request, err error) bool {
	if err == nil || r.Context().Err() == nil {
		return false
	}
	s.log.Warn("upload cut off", "request_id", RequestID(r.Context()), "path", r.URL.Path, "error", err)
	return true
}

// drain reads what is left of a refused upload (at most the route's body limit), so that a
// browser still sending the file gets to see the answer rather than a reset connection.
func drain(r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }

// readField reads one ordinary field of a multipart form, at most 64 KiB.
func readField(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, 64<<10+1))
	if err != nil {
		return "", err
	}
	if len(b) > 64<<10 {
		return "", errors.New("field too long")
	}
	return string(b), nil
}

// uploadStatus is 413 when the file was too large, 422 for anything else to correct.
func uploadStatus(err error) int {
	if errors.Is(err, domain.ErrTooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusUnprocessableEntity
}

func (s *Server) uploadDocument(w http.ResponseWriter, r *http.Request) {
	allowFileTransfer(w, true)
	fields, up, mr, ok := s.readUpload(w, r)
	if !ok {
		return
	}
	in := inputFrom(fields)
	id, err := s.documents.CreateFileFirst(r.Context(), auth.UserFrom(r.Context()), up, func() (documents.Input, error) {
		err := readRest(mr, fields)
		in = inputFrom(fields)
		return in, err
	})
	if s.uploadCut(r, err) {
		return
	}
	if isBodyTooLarge(err) { // past even what is read and let go of: nothing more can be read
		s.errorPage(w, r, http.StatusRequestEntityTooLarge)
		return
	}
	var errs validate.Errors
	if errors.As(err, &errs) {
		drain(r)
		if up.Body == nil {
			errs.Add("file", "Velg en fil å laste opp.")
		} else {
			errs.Add("file", "Velg filen på nytt: av sikkerhetsgrunner husker ikke nettleseren den.")
		}
		s.renderDocumentForm(w, r, uploadStatus(err), docview.Form{Input: in, Errors: components.Errors(errs)})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/dokumenter/"+strconv.FormatInt(id, 10), "success", "Dokumentet er lastet opp.")
}

func (s *Server) addVersion(w http.ResponseWriter, r *http.Request) {
	d, ok := s.editableDocument(w, r)
	if !ok {
		return
	}
	allowFileTransfer(w, true)
	fields, up, _, ok := s.readUpload(w, r)
	if !ok {
		return
	}
	note := fields.Get("note")
	n, err := s.documents.AddVersion(r.Context(), auth.UserFrom(r.Context()), d.ID, note, up)
	if s.uploadCut(r, err) {
		return
	}
	var errs validate.Errors
	if errors.As(err, &errs) {
		drain(r)
		s.renderDocument(w, r, uploadStatus(err), d, docview.VersionForm{Note: note, Errors: components.Errors(errs)})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/dokumenter/"+strconv.FormatInt(d.ID, 10), "success", "Versjon "+strconv.Itoa(n)+" er lastet opp.")
}

// downloadDocument streams a version's file (the latest without {n}) from the database. It is
// an attachment, except PDF and raster images asked for with ?vis=1; the type is the sniffed one.
func (s *Server) downloadDocument(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "id")
	if !ok {
		return
	}
	number := 0
	if chi.URLParam(r, "n") != "" {
		n, err := strconv.Atoi(chi.URLParam(r, "n"))
		if err != nil || n <= 0 {
			s.errorPage(w, r, http.StatusNotFound)
			return
		}
		number = n
	}
	ctx := r.Context()
	f, err := s.documents.File(ctx, auth.UserFrom(ctx), id, number)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inline := f.Type.Inline && r.URL.Query().Get("vis") == "1"
	setFileHeaders(w, file{Type: f.Type.MIME, Name: f.Filename, Inline: inline, Size: f.Size})
	h := w.Header()
	h.Set("ETag", `"`+hex.EncodeToString(f.SHA256)+`"`)
	h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(f.SHA256)+":")
	allowFileTransfer(w, false)
	if r.Header.Get("If-None-Match") == h.Get("ETag") {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if n, err := s.documents.Copy(ctx, w, f); err != nil {
		// The headers are sent; the short body tells the client it was cut off.
		s.log.Warn("download interrupted", "request_id", RequestID(ctx), "document", id, "written", n, "error", err)
	}
}
