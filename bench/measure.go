package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

//go:embed wrk.lua
var wrkScript []byte

// target is one line of the table: a page (or a write) under load.
type target struct {
	name   string
	path   string
	query  string   // the query string of the address, with its "?"
	method string   // GET unless set
	body   string   // form body of a write; {n} is replaced by a unique value per request, {user} by one of people
	user   int      // index into the logged-in users, -1 for none
	paths  []string // a write spread over several addresses (path is the first)
	vary   string   // a page whose address varies: path and query with {n}, a number new for every request
	people []int64  // the ids put in for {user}
}

// pairsPerSecond is the most writes per second a write load over pairs of addresses and
// people is sized for: at that rate it ends before a pair would repeat (a repeated
// registration is refused, and would count as an error of the portal).
const pairsPerSecond = 2000

// duration is how long t is measured: d, or less for a write over too few pairs to last d at
// pairsPerSecond (at least 3 s).
func (t target) duration(d time.Duration) time.Duration {
	if len(t.people) == 0 {
		return d
	}
	pairs := len(t.paths) * len(t.people)
	return min(d, max(3*time.Second, time.Duration(pairs/pairsPerSecond)*time.Second))
}

// address is the target's address as shown in the table.
func (t target) address() string {
	if len(t.paths) > 1 {
		return fmt.Sprintf("%s%s and %d more", t.path, t.query, len(t.paths)-1)
	}
	return t.path + t.query
}

// allPaths are the addresses the target's requests go to.
func (t target) allPaths() []string {
	if len(t.paths) > 0 {
		return t.paths
	}
	return []string{t.path}
}

// result is what wrk and the portal's log tell of one target.
type result struct {
	target
	requests      int64
	seconds       float64
	errors        int64
	p50, p95, p99 time.Duration
	bytes         int64
	queries       float64 // per request, from the portal's log
}

func (r result) rps() float64 { return float64(r.requests) / r.seconds }

func (r result) line() string {
	return fmt.Sprintf("%-28s %9.0f req/s  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  %d errors  %.1f queries  %d B",
		r.name, r.rps(), ms(r.p50), ms(r.p95), ms(r.p99), r.errors, r.queries, r.bytes/max(r.requests, 1))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// measure runs wrk against t for the configured duration.
func (p *portal) measure(ctx context.Context, o options, t target, cookie string) (result, error) {
	script, err := os.CreateTemp("", "bench-*.lua")
	if err != nil {
		return result{}, err
	}
	defer os.Remove(script.Name())
	if _, err := script.Write(wrkScript); err != nil {
		return result{}, err
	}
	script.Close()

	args := func(d time.Duration) []string {
		a := []string{"-t", strconv.Itoa(o.threads), "-c", strconv.Itoa(o.connections),
			"-d", fmt.Sprintf("%ds", int(d.Seconds())), "--timeout", "5s", "-s", script.Name()}
		if cookie != "" {
			a = append(a, "-H", "Cookie: "+cookie)
		}
		if t.vary != "" {
			return append(a, p.base+t.path) // the address is the script's (BENCH_VARY)
		}
		return append(a, p.base+t.path+t.query)
	}
	if t.method == "" {
		// A second of the same load first, not counted: prepared statements on every pooled
		// connection, kept reference lists and a grown heap are the steady state measured.
		warm := exec.CommandContext(ctx, "wrk", args(time.Second)...)
		warm.Env = append(os.Environ(), "BENCH_METHOD=GET", "BENCH_THREADS="+strconv.Itoa(o.threads), "BENCH_VARY="+t.vary)
		if out, err := warm.CombinedOutput(); err != nil {
			return result{}, fmt.Errorf("wrk warm-up: %w\n%s", err, out)
		}
		time.Sleep(200 * time.Millisecond) // its last log lines
	}
	before := p.stats(t.allPaths()...)
	cmd := exec.CommandContext(ctx, "wrk", args(t.duration(o.duration))...)
	method := t.method
	if method == "" {
		method = "GET"
	}
	people := make([]string, len(t.people))
	for i, id := range t.people {
		people[i] = strconv.FormatInt(id, 10)
	}
	cmd.Env = append(os.Environ(), "BENCH_METHOD="+method, "BENCH_BODY="+t.body, "BENCH_THREADS="+strconv.Itoa(o.threads),
		"BENCH_PATHS="+strings.Join(t.paths, " "), "BENCH_USERS="+strings.Join(people, " "),
		"BENCH_VARY="+t.vary, "BENCH_OFFSET=1000000000") // after every address of the warm-up
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	profiled := make(chan error, 1)
	if o.profileDir != "" && t.user >= 0 { // the baseline is not profiled
		seconds := max(int(o.duration.Seconds())-2, 1)
		path := filepath.Join(o.profileDir, profileName(t.name)+".pprof")
		go func() { time.Sleep(time.Second); profiled <- p.profile(ctx, seconds, path) }()
	} else {
		profiled <- nil
	}
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("wrk: %w\n%s", err, out.String())
	}
	if err := <-profiled; err != nil {
		return result{}, err
	}
	time.Sleep(200 * time.Millisecond) // let the last log lines arrive
	after := p.stats(t.allPaths()...)

	_, jsonLine, ok := strings.Cut(out.String(), "BENCH ")
	if !ok {
		return result{}, errors.New("wrk printed no figures:\n" + out.String())
	}
	var w struct {
		Requests, DurationUS, Bytes, Errors int64
		P50, P95, P99                       int64
	}
	var raw map[string]int64
	if err := json.Unmarshal([]byte(strings.TrimSpace(strings.SplitN(jsonLine, "\n", 2)[0])), &raw); err != nil {
		return result{}, err
	}
	w.Requests, w.DurationUS, w.Bytes, w.Errors = raw["requests"], raw["duration_us"], raw["bytes"], raw["errors"]
	w.P50, w.P95, w.P99 = raw["p50_us"], raw["p95_us"], raw["p99_us"]
	r := result{target: t, requests: w.Requests, seconds: float64(w.DurationUS) / 1e6, errors: w.Errors,
		p50: time.Duration(w.P50) * time.Microsecond, p95: time.Duration(w.P95) * time.Microsecond,
		p99: time.Duration(w.P99) * time.Microsecond, bytes: w.Bytes}
	if n := after.requests - before.requests; n > 0 {
		r.queries = float64(after.queries-before.queries) / float64(n)
	}
	return r, nil
}

// profileName is a file name made of a target's name: "Thread of 50 posts" → "thread-of-50-posts".
func profileName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
