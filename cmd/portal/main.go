// Command portal is Klyngeportalen: the intranet of Avfallsklynge Nord.
//
//	portal [serve]              run the web server (default)
//	portal migrate up|down|status
//	portal seed --demo          the 11 companies, groups and demo accounts (development only)
//	portal seed --companies     the 11 companies and the groups, no accounts
//	portal seed --scale         demo data and the load benchmark's scale data (development only)
//	portal adduser -company SLUG -email E -name N [-role R]   password read from standard input
//	portal db start|stop|url    the private development database (development only)
//	portal db stop-test         stop and remove the tests' private database
//	portal help                 every command
//	portal backup [-o FILE]     the database as a pg_dump custom-format file (restore: README.md)
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/config"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/guests"
	"klyngeportalen/internal/indicators"
	"klyngeportalen/internal/mail"
	"klyngeportalen/internal/notify"
	"klyngeportalen/internal/privacy"
	"klyngeportalen/internal/tz"
	"klyngeportalen/internal/web"
)

func main() {
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

const usage = `usage: portal [serve|migrate up|down|status|seed --demo|--companies|--scale|adduser|db start|stop|stop-test|url|backup -o FILE|help] [flags] (portal help lists them)`

// help is what portal help prints: every command.
const help = `Klyngeportalen, the intranet portal of Avfallsklynge Nord.

usage: portal [command] [flags]

commands:
  serve                              run the web server (the default)
  migrate up|down|status             migrations (embedded in the binary)
  seed --demo | --companies          demo data (development only) | the companies and groups
  seed --scale                       demo data plus the load benchmark's scale data (development only)
  adduser -company S -email E -name N [-role R]
                                     an account; the password on standard input
  db start|stop|url                  the private development database
  db stop-test                       stop and remove the tests' private database
  backup [-o FILE]                   the database as a pg_dump custom-format file
  help                               this text

Configuration comes from the environment (README.md, "Configuration"); serve also takes -addr.
`

// run is the whole program: it wires configuration, database, migrations and server.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && slices.Contains([]string{"help", "-h", "-help", "--help"}, args[0]) {
		_, err := io.WriteString(stdout, help)
		return err
	}
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var sub string
	if (cmd == "migrate" || cmd == "db") && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	var rest []string
	switch cmd {
	case "seed", "adduser", "backup": // their own flags first; config flags are not taken here
		rest, args = args, nil
	}
	cfg, err := config.Load(args, getenv)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, getenv("PORTAL_LOG_LEVEL"), stderr)

	switch cmd {
	case "serve":
		return serve(ctx, cfg, logger)
	case "migrate":
		return migrate(ctx, cfg, logger, sub, stdout)
	case "db":
		return localDB(ctx, cfg, sub, stdout)
	case "seed":
		return seed(ctx, cfg, logger, rest, stdout)
	case "adduser":
		return addUser(ctx, cfg, logger, rest, stdin, stdout)
	case "backup":
		return backup(ctx, cfg, rest, stdout)
	default:
		return errors.New(usage)
	}
}

func newLogger(cfg config.Config, level string, w io.Writer) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil || level == "" {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if cfg.Dev() {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// databaseURL is DATABASE_URL, or in development the private cluster, started if needed.
func databaseURL(ctx context.Context, cfg config.Config) (string, error) {
	if cfg.DatabaseURL != "" {
		return cfg.DatabaseURL, nil
	}
	if !cfg.Dev() {
		return "", errors.New("DATABASE_URL is required in production")
	}
	c, err := database.NewCluster(cfg.DataDir, "postgres")
	if err != nil {
		return "", err
	}
	if err := c.Start(ctx); err != nil {
		return "", err
	}
	if err := c.EnsureDatabase(ctx, "portal"); err != nil {
		return "", err
	}
	return c.URL("portal"), nil
}

func openDB(ctx context.Context, cfg config.Config) (*pgxpool.Pool, error) {
	url, err := databaseURL(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return database.Open(ctx, url)
}

func serve(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	pool, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if cfg.AutoMigrate {
		if err := database.Migrate(ctx, pool, logger); err != nil {
			return err
		}
	} else if err := database.RequireCurrent(ctx, pool); err != nil {
		return err
	}
	sender, err := mail.NewSender(pool, cfg.SMTPURL, cfg.MailFrom, logger)
	if err != nil {
		return err
	}
	var workers sync.WaitGroup
	workCtx, stopWork := context.WithCancel(context.Background())
	defer func() { stopWork(); workers.Wait() }() // workers stop after the last request, before the pool closes
	workers.Go(func() { auth.Clean(workCtx, pool, 10*time.Minute, logger) })
	workers.Go(func() { privacy.Run(workCtx, pool, time.Hour, logger) })
	workers.Go(func() { documents.Clean(workCtx, pool, time.Hour, logger) })
	workers.Go(func() { sender.Run(workCtx) })
	deps := web.NewDeps(cfg, pool)
	workers.Go(func() { deps.Consultations.Remind(workCtx, 15*time.Minute, cfg.BaseURL.String(), logger) })
	workers.Go(func() { deps.Forum.RunDigests(workCtx, 15*time.Minute, cfg.BaseURL.String(), logger) })
	workers.Go(func() { notify.NewStore(pool).Run(workCtx, time.Minute, cfg.BaseURL.String(), logger) })
	workers.Go(func() { guests.NewStore(pool).RunNewsletters(workCtx, time.Hour, cfg.BaseURL.String(), logger) })
	workers.Go(func() { deps.Events.RemindEvery(workCtx, 10*time.Minute, cfg.BaseURL.String(), logger) })
	oslo := tz.Oslo
	openYear := func(t time.Time) int { return indicators.CurrentYear(t) - 1 }
	workers.Go(func() { deps.Desk.RunWeekly(workCtx, 15*time.Minute, oslo, openYear, cfg.BaseURL.String(), logger) })

	srv, err := web.New(cfg, logger, deps)
	if err != nil {
		return err
	}
	if cfg.PprofAddr != "" {
		if err := serveOps(ctx, "profiler", cfg.PprofAddr, pprofHandler(), logger); err != nil {
			return err
		}
	}
	if cfg.MetricsAddr != "" {
		if err := serveOps(ctx, "metrics", cfg.MetricsAddr, metricsHandler(srv.MetricsHandler()), logger); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	logger.Info("Klyngeportalen is ready", "url", cfg.BaseURL.String(), "env", string(cfg.Env))
	return web.Serve(ctx, web.NewHTTPServer(srv.Handler(), logger), ln, web.Lifecycle{
		Drain:         srv.Drain,
		ShutdownDelay: cfg.ShutdownDelay,
		ShutdownGrace: cfg.ShutdownGrace,
		Logger:        logger,
	})
}

func migrate(ctx context.Context, cfg config.Config, logger *slog.Logger, sub string, stdout io.Writer) error {
	pool, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	m, err := database.NewMigrator(pool, logger)
	if err != nil {
		return err
	}
	defer m.Close()
	switch sub {
	case "up", "":
		n, err := m.Up(ctx)
		fmt.Fprintf(stdout, "applied %d migrations\n", n)
		return err
	case "down":
		return m.Down(ctx)
	case "status":
		return m.Status(ctx, stdout)
	default:
		return errors.New(usage)
	}
}

func localDB(ctx context.Context, cfg config.Config, sub string, stdout io.Writer) error {
	if !cfg.Dev() {
		return errors.New("the private database is for development only")
	}
	c, err := database.NewCluster(cfg.DataDir, "postgres")
	if err != nil {
		return err
	}
	switch sub {
	case "start":
		if err := c.Start(ctx); err != nil {
			return err
		}
		if err := c.EnsureDatabase(ctx, "portal"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "PostgreSQL runs in %s\n", c.Dir)
		return nil
	case "stop":
		return c.Stop(ctx)
	case "stop-test":
		// The tests' cluster (internal/database/dbtest), at the end of make test: stopped, and
		// removed when it had to live outside the checkout (nothing is left in /var/tmp).
		t, err := database.NewCluster(cfg.DataDir, "postgres-test")
		if err != nil {
			return err
		}
		if t.OutsideCheckout() {
			return t.Remove(ctx)
		}
		return t.Stop(ctx)
	case "url":
		fmt.Fprintln(stdout, c.URL("portal"))
		return nil
	default:
		return errors.New(usage)
	}
}
