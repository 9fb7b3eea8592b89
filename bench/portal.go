package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp/totp"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/config"
)

// portal is a running portal process and what its request log has told us.
type portal struct {
	cmd     *exec.Cmd
	base    string
	pprof   string // the profiler's address, when profiling
	startup time.Duration
	done    chan struct{}

	mu    sync.Mutex
	paths map[string]*pathStats // by path, from the portal's request log
}

type pathStats struct{ requests, queries, failed int64 }

// startPortal starts the portal binary (serve) in production mode on a free loopback port and waits
// until /readyz answers.
func startPortal(ctx context.Context, o options, dbURL string) (*portal, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	// Production wants a key for the stored second factors: the scale data is development data,
	// whose demo second factor (the company admin's) is sealed with the development key.
	key := config.DevTOTPKey()
	cmd := exec.CommandContext(ctx, o.portal, "serve")
	cmd.Env = append(os.Environ(), "PORTAL_TOTP_KEY="+base64.StdEncoding.EncodeToString(key),
		"PORTAL_ENV=production", "DATABASE_URL="+dbURL, "PORTAL_ADDR="+addr,
		"PORTAL_BASE_URL=https://bench.localhost", "PORTAL_LOG_LEVEL=info")
	pprofAddr := ""
	if o.profileDir != "" {
		if pprofAddr, err = freeLoopbackAddr(); err != nil {
			return nil, err
		}
		cmd.Env = append(cmd.Env, "PORTAL_PPROF_ADDR="+pprofAddr)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	p := &portal{cmd: cmd, base: "http://" + addr, pprof: pprofAddr, paths: map[string]*pathStats{}, done: make(chan struct{})}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go p.readLog(stderr)
	for {
		res, err := http.Get(p.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				p.startup = time.Since(start)
				return p, nil
			}
		}
		select {
		case <-p.done:
			return nil, errors.New("the portal stopped before it was ready (see its log above)")
		case <-time.After(5 * time.Millisecond):
		}
		if time.Since(start) > 30*time.Second {
			p.stop()
			return nil, errors.New("the portal was not ready within 30 s")
		}
	}
}

// readLog counts requests and queries per path from the JSON request log; other lines are
// passed on to our standard error.
func (p *portal) readLog(r io.Reader) {
	defer close(p.done)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		var line struct {
			Msg     string `json:"msg"`
			Path    string `json:"path"`
			Queries int64  `json:"queries"`
			Status  int    `json:"status"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil || line.Msg != "request" {
			fmt.Fprintln(os.Stderr, "portal:", sc.Text())
			continue
		}
		p.mu.Lock()
		st := p.paths[line.Path]
		if st == nil {
			st = &pathStats{}
			p.paths[line.Path] = st
		}
		st.requests++
		st.queries += line.Queries
		if line.Status >= 400 {
			st.failed++
			if st.failed <= 3 { // the first few of a path, to see why
				fmt.Fprintln(os.Stderr, "portal:", sc.Text())
			}
		}
		p.mu.Unlock()
	}
}

// stats returns the counts of the paths so far, added up.
func (p *portal) stats(paths ...string) pathStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	var sum pathStats
	for _, path := range paths {
		if st := p.paths[path]; st != nil {
			sum.requests += st.requests
			sum.queries += st.queries
		}
	}
	return sum
}

func (p *portal) stop() {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Signal(os.Interrupt)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
		}
		_ = p.cmd.Wait()
	}
}

// peakRSS is the portal's peak resident set size in bytes (VmHWM).
func (p *portal) peakRSS() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// login logs each user in and returns their Cookie headers.
func (p *portal) login(ctx context.Context, emails []string) ([]string, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var cookies []string
	for _, email := range emails {
		form := url.Values{"email": {email}, "password": {scalePassword}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.base+"/logg-inn", strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		res.Body.Close()
		if res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/logg-inn/kode" {
			// Admins have the demo second factor: the code of this step, or of the next one
			// if this step's was used by an earlier run.
			if res, err = p.secondStep(ctx, client, res.Cookies()); err != nil {
				return nil, fmt.Errorf("login as %s: %w", email, err)
			}
		}
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") == "/logg-inn/kode" {
			return nil, fmt.Errorf("login as %s: status %d to %q", email, res.StatusCode, res.Header.Get("Location"))
		}
		var parts []string
		for _, c := range res.Cookies() {
			parts = append(parts, c.Name+"="+c.Value)
		}
		cookies = append(cookies, strings.Join(parts, "; "))
	}
	return cookies, nil
}

// secondStep sends the demo TOTP code for a login waiting for it (cookies of its session).
func (p *portal) secondStep(ctx context.Context, client *http.Client, cookies []*http.Cookie) (*http.Response, error) {
	var res *http.Response
	for _, at := range []time.Time{time.Now(), time.Now().Add(30 * time.Second)} {
		code, err := totp.GenerateCode(auth.DemoTOTPSecret, at)
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.base+"/logg-inn/kode", strings.NewReader(url.Values{"code": {code}}.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		if res, err = client.Do(req); err != nil {
			return nil, err
		}
		res.Body.Close()
		if res.StatusCode == http.StatusSeeOther {
			return res, nil
		}
	}
	return res, nil
}

func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// profile writes a CPU profile of the next seconds of the portal's work to path.
func (p *portal) profile(ctx context.Context, seconds int, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", p.pprof, seconds), nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("profile: status %d", res.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
