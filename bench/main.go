// Command bench is the portal's load benchmark (make bench): it starts the portal in production
// mode against the scale database, logs in users of different companies, drives wrk at each
// page in turn and /livez as the baseline, and writes the table to bench/RESULTS.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	duration    time.Duration
	connections int
	threads     int
	out         string
	portal      string
	dataDir     string
	reseed      bool
	only        *regexp.Regexp // pages whose name or path match; the baseline always runs
	profileDir  string         // where a CPU profile of the portal per page is written; empty: none
	loadBefore  string         // the machine's load average when the run began
}

func run(ctx context.Context) error {
	o := options{loadBefore: loadAverage()}
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "load time per page")
	flag.IntVar(&o.connections, "connections", 32, "concurrent connections")
	flag.IntVar(&o.threads, "threads", 2, "wrk threads")
	flag.StringVar(&o.out, "out", "bench/RESULTS.md", "where the table is written")
	flag.StringVar(&o.portal, "portal", "", "the portal binary to measure (default: the checkout's, built first)")
	flag.StringVar(&o.dataDir, "data-dir", ".data", "folder of the private PostgreSQL")
	flag.BoolVar(&o.reseed, "reseed", false, "drop and refill the scale database first")
	only := flag.String("only", "", "measure only the pages whose name or path matches this regular expression")
	flag.StringVar(&o.profileDir, "profile", "", "write a CPU profile of the portal per page to this folder (go tool pprof)")
	flag.Parse()
	var err error
	if o.only, err = regexp.Compile(*only); err != nil {
		return fmt.Errorf("-only: %w", err)
	}
	if o.profileDir != "" {
		if err := os.MkdirAll(o.profileDir, 0o755); err != nil {
			return err
		}
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		return errors.New("wrk is missing: make bench installs it (Debian: apt-get install wrk)")
	}

	code := "the binary " + o.portal
	if o.portal == "" {
		dir, err := os.MkdirTemp("", "bench-portal-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if o.portal, err = buildPortal(ctx, dir); err != nil {
			return err
		}
		code = checkout()
	}

	dbURL, pgVersion, err := scaleDatabase(ctx, o)
	if err != nil {
		return err
	}
	p, err := startPortal(ctx, o, dbURL)
	if err != nil {
		return err
	}
	defer p.stop()
	fmt.Printf("portal started in %v (pid %d)\n", p.startup.Round(time.Millisecond), p.cmd.Process.Pid)

	sessions, err := p.login(ctx, benchUsers)
	if err != nil {
		return err
	}
	targets, err := discoverTargets(ctx, dbURL)
	if err != nil {
		return err
	}
	var rows []result
	for i, t := range targets {
		if i > 0 && !o.only.MatchString(t.name+" "+t.path) { // targets[0] is the baseline
			continue
		}
		cookie := ""
		if t.user >= 0 {
			cookie = sessions[t.user%len(sessions)]
		}
		r, err := p.measure(ctx, o, t, cookie)
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		rows = append(rows, r)
		fmt.Println(r.line())
		if len(t.people) > 0 {
			if err := checkNoOverbooking(ctx, dbURL, t); err != nil {
				return err
			}
		}
	}
	rss, err := p.peakRSS()
	if err != nil {
		return err
	}
	if o.only.String() != "" || o.profileDir != "" {
		fmt.Println("a partial or profiled run: bench/RESULTS.md is left as it was")
		return nil
	}
	return writeResults(o, rows, rss, p.startup, pgVersion, code)
}
