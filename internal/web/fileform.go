package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
)

// fileForm is a posted multipart form with one file field, read by readFileForm.
type fileForm struct {
	fields   url.Values
	filename string
	data     []byte // the file; nil when none was chosen or it was too large
	tooLarge bool   // the file was larger than the limit: read past and dropped
}

// maxFileFormParts bounds how many parts (fields and files) a form with a file may have.
const maxFileFormParts = 50

// readFileForm reads a multipart form whose file field is named file as it arrives: the other
// fields (readable text, each at most 64 KiB) and the file, up to max bytes. A larger file is
// read to its end and dropped, so that the fields after it still arrive and the form can come
// back with what was typed and a message: the route's body limit (routes.go) is a few times
// max, and such a route reads its own body (streamed). Another file part is read past. It
// answers 400 or 413 itself when the form cannot be read at all.
func (s *Server) readFileForm(w http.ResponseWriter, r *http.Request, file string, max int64) (fileForm, bool) {
	f := fileForm{fields: url.Values{}}
	mr, err := r.MultipartReader()
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest)
		return f, false
	}
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return f, true
		}
		if err != nil || n >= maxFileFormParts {
			if isBodyTooLarge(err) {
				s.errorPage(w, r, http.StatusRequestEntityTooLarge)
			} else {
				s.errorPage(w, r, http.StatusBadRequest)
			}
			return f, false
		}
		if p.FormName() != file && p.FileName() == "" {
			v, err := readField(p)
			if err != nil {
				s.errorPage(w, r, http.StatusBadRequest)
				return f, false
			}
			if !readableValue(p.FormName()) || !readableValue(v) { // as refuseUnreadableForms does for the other forms
				s.refuseUnreadable(w, r)
				return f, false
			}
			f.fields.Add(p.FormName(), v)
			continue
		}
		if p.FormName() != file || f.data != nil || f.tooLarge { // another file: not wanted
			if _, err := io.Copy(io.Discard, p); err != nil {
				s.fail(w, r, err)
				return f, false
			}
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, max+1))
		if err == nil && int64(len(data)) > max {
			_, err = io.Copy(io.Discard, p)
			f.tooLarge = true
			data = nil
		}
		if err != nil {
			s.fail(w, r, err) // past the route's limit too: the bare 413 (errorStatus)
			return f, false
		}
		if p.FileName() != "" || len(data) > 0 { // a browser sends an empty part when no file is chosen
			f.filename, f.data = p.FileName(), data
		}
	}
}
