package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/web/errorpage"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	clientIPKey
	sessionReadyKey
	bellKey
	requestUserKey
)

// requestID gives each request a random id, in the context, the logs and the X-Request-Id header.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// RequestID returns the request's id.
func RequestID(ctx context.Context) string { s, _ := ctx.Value(requestIDKey).(string); return s }

// ClientIP returns the address of the client as decided by the clientIP middleware.
func ClientIP(ctx context.Context) netip.Addr { a, _ := ctx.Value(clientIPKey).(netip.Addr); return a }

// clientIP takes the peer address, and believes X-Forwarded-For only as far as it was written by
// trusted proxies: the client is the right-most address that is not a trusted proxy.
func (s *Server) clientIP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := peerAddr(r.RemoteAddr)
		if s.trusted(ip) {
			hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
			for i := len(hops) - 1; i >= 0; i-- {
				hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break
				}
				ip = hop.Unmap()
				if !s.trusted(ip) {
					break
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey, ip)))
	})
}

func (s *Server) trusted(ip netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// logRequests writes one log line per request with status, duration and query count.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, queries := database.WithQueryCounter(r.Context())
		ctx, user := withRequestUser(ctx)
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r.WithContext(ctx))
		s.observe(r, ww.Status(), time.Since(start))
		level := slog.LevelInfo
		if r.URL.Path == "/livez" || r.URL.Path == "/readyz" || strings.HasPrefix(r.URL.Path, "/static/") {
			level = slog.LevelDebug
		}
		s.log.LogAttrs(ctx, level, "request",
			slog.String("request_id", RequestID(ctx)),
			slog.String("method", r.Method),
			slog.String("path", logPath(r)),
			slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Float64("ms", float64(time.Since(start).Microseconds())/1000),
			slog.Int64("queries", queries.Count()),
			slog.String("ip", ClientIP(ctx).String()),
			slog.Int64("user_id", user.id.Load()),
		)
	})
}

// logPath is the path as logged: the route pattern where a route has secrets in its path
// (/invitasjon/{token}), never the query.
func logPath(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil && strings.Contains(rc.RoutePattern(), "{token}") {
		return rc.RoutePattern()
	}
	return r.URL.Path
}

// recoverPanics turns a panic into a logged 500 page.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.serverError(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows nothing inline: scripts, styles, fonts and images come from us.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	secure := s.cfg.Secure()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
		if secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

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

// crossOrigin refuses state-changing requests from other sites (Go's CrossOriginProtection).
// One route is exempt: the newsletter's one-click unsubscribe, which a mail program may post
// from anywhere (RFC 8058); the token in its address is the credential, and it can do nothing
// but unsubscribe the person the token was mailed to.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.AddInsecureBypassPattern(OneClickUnsubscribe)
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin request refused", "request_id", RequestID(r.Context()), "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		s.errorPage(w, r, http.StatusForbidden)
	}))
	return cop.Handler(next)
}

// withSession loads and saves the session around next, and marks the context as having one.
func (s *Server) withSession(next http.Handler) http.Handler {
	marked := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionReadyKey, true)))
	})
	load := s.sessions.LoadAndSave(marked)
	// The session store writes the device and the approximate place with the session's row.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		load.ServeHTTP(w, r.WithContext(auth.WithClient(r.Context(), r.UserAgent(), ClientIP(r.Context()))))
	})
}

func hasSession(ctx context.Context) bool { ok, _ := ctx.Value(sessionReadyKey).(bool); return ok }

// isBodyTooLarge reports whether err comes from reading past the body limit.
func isBodyTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// OneClickUnsubscribe is the one route exempt from the cross-origin check (see crossOrigin).
const OneClickUnsubscribe = "POST /nyhetsbrev/avmeld/{token}"
