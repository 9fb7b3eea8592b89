package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Lifecycle is how the server starts and stops.
type Lifecycle struct {
	Drain         func()        // called first on shutdown: readiness goes 503
	ShutdownDelay time.Duration // time for load balancers to notice before the listener closes
	ShutdownGrace time.Duration // time in-flight requests get to finish
	Logger        *slog.Logger
}

// NewHTTPServer returns an http.Server with every timeout set.
func NewHTTPServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// Serve runs srv on ln until ctx ends (SIGTERM or SIGINT in main), then shuts down gracefully:
// readiness goes 503, new connections stop after ShutdownDelay, and in-flight requests get
// ShutdownGrace to finish.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, lc Lifecycle) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	lc.Logger.Info("listening", "addr", ln.Addr().String())

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	lc.Logger.Info("shutting down: draining")
	if lc.Drain != nil {
		lc.Drain()
	}
	time.Sleep(lc.ShutdownDelay)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), lc.ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	lc.Logger.Info("stopped")
	return nil
}
