package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// writeResults writes the table, with the machine and versions it was measured on.
func writeResults(o options, rows []result, rss int64, startup time.Duration, pgVersion, code string) error {
	var baseline float64
	for _, r := range rows {
		if r.path == "/livez" {
			baseline = r.rps()
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Load benchmark\n\n")
	fmt.Fprintf(&b, "Measured %s with `make bench` (`go run ./bench -duration %s -connections %d`): the portal in\n",
		time.Now().Format("2006-01-02 15:04 MST"), o.duration, o.connections)
	fmt.Fprintf(&b, "production mode against the scale database (`portal seed --scale`), wrk with %d connections\n", o.connections)
	fmt.Fprintf(&b, "and %d threads on the same machine, one page after the other, each after a second of the same\n", o.threads)
	fmt.Fprintf(&b, "load that is not counted. Ratio is requests/s against `/livez` in the same run. Queries are\n")
	fmt.Fprintf(&b, "round trips to PostgreSQL per request, from the portal's own request log: the session with\n")
	fmt.Fprintf(&b, "the user, the bell's version and the page's versions (one batch), then the page's own. A write over\n")
	fmt.Fprintf(&b, "pairs of events and people runs only as long as its pairs last at %d/s (no pair repeats).\n\n", pairsPerSecond)
	fmt.Fprintf(&b, "- Code: %s\n", code)
	fmt.Fprintf(&b, "- CPU: %s (%d cores)\n- Go: %s\n- PostgreSQL: %s\n", cpuModel(), runtime.NumCPU(), runtime.Version(), pgVersion)
	fmt.Fprintf(&b, "- Load average of the machine (1, 5, 15 min) before the run: %s; after it: %s\n", o.loadBefore, loadAverage())
	fmt.Fprintf(&b, "- Portal start-up on the migrated database: %d ms\n- Portal peak RSS under the load: %.0f MB\n\n",
		startup.Milliseconds(), float64(rss)/(1<<20))
	fmt.Fprintf(&b, "| Page | Requests/s | Ratio to /livez | p50 ms | p95 ms | p99 ms | Errors | Queries/request | Bytes/response |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		ratio := "—"
		if baseline > 0 {
			ratio = fmt.Sprintf("%.1f %%", 100*r.rps()/baseline)
		}
		fmt.Fprintf(&b, "| %s (`%s %s`) | %.0f | %s | %.2f | %.2f | %.2f | %d | %.1f | %d |\n",
			r.name, methodOf(r.target), r.address(), r.rps(), ratio, ms(r.p50), ms(r.p95), ms(r.p99), r.errors, r.queries, r.bytes/max(r.requests, 1))
	}
	if err := os.WriteFile(o.out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Printf("peak RSS %.0f MB; table written to %s\n", float64(rss)/(1<<20), o.out)
	return nil
}

func methodOf(t target) string {
	if t.method == "" {
		return "GET"
	}
	return t.method
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return runtime.GOARCH
}

// loadAverage is the machine's load average over 1, 5 and 15 minutes (other work on the
// machine shares its cores with the run).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}
