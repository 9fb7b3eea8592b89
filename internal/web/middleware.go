package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	clientIPKey
	bellKey
	requestUserKey
	prefetchKey
	keptVersionsKey
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

// logRequests writes one log line per request with status, duration, query and statement counts.
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
			slog.Int64("statements", queries.Statements()),
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

// withSession loads and saves the session around next.
func (s *Server) withSession(next http.Handler) http.Handler {
	load := s.sessions.LoadAndSave(next)
	// The session store writes the device and the approximate place with the session's row.
	// A session whose user the store knows from an earlier request reads the user with the
	// session's row (see prefetch).
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pf := &prefetch{s: s, r: r}
		ctx := auth.WithClient(r.Context(), r.UserAgent(), ClientIP(r.Context()))
		ctx = auth.WithSessionPrefetch(context.WithValue(ctx, prefetchKey, pf), pf)
		load.ServeHTTP(w, r.WithContext(ctx))
	})
}

// OneClickUnsubscribe is the one route exempt from the cross-origin check (see crossOrigin).
const OneClickUnsubscribe = "POST /nyhetsbrev/avmeld/{token}"
