package web

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/web/errorpage"
)

// bodyLimits are the body limits, in bytes, of the routes that take more than a form, by
// "METHOD pattern"; they are declared in routes.go beside the routes.
type bodyLimits map[string]int64

// limitBody refuses bodies larger than the route's limit with 413: the limit declared for the
// route (bodyLimits, found by the router's own match), or the form limit cfg.MaxBodyBytes.
func (s *Server) limitBody(mux *chi.Mux, large bodyLimits) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			limit := s.cfg.MaxBodyBytes
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				if n, ok := large[r.Method+" "+mux.Find(chi.NewRouteContext(), r.Method, r.URL.Path)]; ok {
					limit = n
				}
			}
			if r.ContentLength > limit {
				s.errorPage(w, r, http.StatusRequestEntityTooLarge)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			next.ServeHTTP(w, r)
		})
	}
}

// maxQueryParams bounds how many query parameters a request may carry.
const maxQueryParams = 100

// refuseUnreadableURLs answers 400 to a path or query that no page can mean: invalid UTF-8,
// control characters (NUL among them), a query that does not parse, or very many parameters.
// They never reach a handler or the database.
func (s *Server) refuseUnreadableURLs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok := readableText(r.URL.Path)
		if ok && r.URL.RawQuery != "" {
			q, err := url.ParseQuery(r.URL.RawQuery)
			ok = err == nil && len(q) <= maxQueryParams
			for k, vs := range q {
				ok = ok && readableText(k) && len(vs) <= maxQueryParams
				for _, v := range vs {
					ok = ok && readableText(v)
				}
			}
		}
		if !ok {
			s.errorPage(w, r, http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// maxFormMemory is how much of a multipart form is kept in memory while it is parsed; the rest
// of a file goes to a temporary file (removed after the request, by net/http).
const maxFormMemory = 1 << 20

// refuseUnreadableForms refuses, before any handler, a posted form with a NUL or invalid UTF-8
// in any name or value: 400 with a Norwegian message. It parses URL-encoded forms and multipart
// forms (within the route's body limit) itself; the routes in streamed read their multipart
// body as it arrives (a document to the database) and check each field with readableValue as
// they read it (readUpload). The handlers' per-field checks stay.
func (s *Server) refuseUnreadableForms(mux *chi.Mux, streamed map[string]bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost {
				next.ServeHTTP(w, r)
				return
			}
			var err error
			var values url.Values
			ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			switch {
			case ct == "multipart/form-data" && streamed[r.Method+" "+mux.Find(chi.NewRouteContext(), r.Method, r.URL.Path)]:
				next.ServeHTTP(w, r)
				return
			case ct == "multipart/form-data":
				if err = r.ParseMultipartForm(maxFormMemory); err == nil {
					values = r.MultipartForm.Value
				}
			default:
				if err = r.ParseForm(); err == nil {
					values = r.PostForm
				}
			}
			switch {
			case isBodyTooLarge(err):
				s.errorPage(w, r, http.StatusRequestEntityTooLarge)
				return
			case err != nil:
				s.errorPage(w, r, http.StatusBadRequest)
				return
			case !readableValues(values):
				s.refuseUnreadable(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// refuseUnreadable answers 400 to a form with characters no field takes.
func (s *Server) refuseUnreadable(w http.ResponseWriter, r *http.Request) {
	heading := "Skjemaet inneholder ugyldige tegn"
	s.render(w, r, http.StatusBadRequest, heading, errorpage.Error(http.StatusBadRequest, heading,
		"Noe av det du sendte inneholder tegn som ikke kan brukes (et nulltegn eller ugyldig tegnkoding). Gå tilbake, skriv teksten på nytt og prøv igjen."))
}

// readableValues reports whether every name and value of a form is readableValue.
func readableValues(values url.Values) bool {
	for k, vs := range values {
		if !readableValue(k) {
			return false
		}
		for _, v := range vs {
			if !readableValue(v) {
				return false
			}
		}
	}
	return true
}

// readableValue reports whether a form value is valid UTF-8 without NUL (other control
// characters are for each field's own check: a text area takes line breaks and tabs).
func readableValue(v string) bool { return utf8.ValidString(v) && !strings.ContainsRune(v, 0) }

// readableText reports whether s is valid UTF-8 without control characters.
func readableText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) {
			return false
		}
	}
	return true
}

// isBodyTooLarge reports whether err comes from reading past the body limit.
func isBodyTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
