package faults

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pquerna/otp/totp"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// Test state: one private cluster and one build of the portal for the package. Test-only.
var (
	cluster *database.Cluster
	binary  string
)

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	_ = os.Chmod(tmp, 0o755) // the postgres user (when we are root) must reach the cluster
	binary = filepath.Join(tmp, "portal")
	build := exec.Command("go", "build", "-o", binary, "klyngeportalen/cmd/portal")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build the portal: %v\n%s", err, out)
		return 1
	}
	if cluster, err = database.NewCluster(tmp, "pg"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := cluster.Start(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer cluster.Remove(context.Background())
	// Commits are durable once acknowledged, as on a production server (the development
	// cluster turns synchronous_commit off for speed).
	if err := execSQL(cluster.URL("postgres"), `ALTER SYSTEM SET synchronous_commit = on`, `SELECT pg_reload_conf()`); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

func execSQL(dbURL string, statements ...string) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// newDatabase creates an empty database in the cluster for one test.
func newDatabase(t *testing.T) string {
	t.Helper()
	name := "f_" + strings.ToLower(strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()))
	if err := execSQL(cluster.URL("postgres"), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)", "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	return cluster.URL(name)
}

func queryInt(t *testing.T, dbURL, sql string, args ...any) int64 {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int64
	if err := conn.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// portal is one running instance of the binary.
type portal struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string
	logs *syncBuffer
	done chan struct{} // closed when the process has exited, with its error in err
	err  error
}

// exited waits up to d for the process to end and returns its error.
func (p *portal) exited(d time.Duration) (error, bool) {
	select {
	case <-p.done:
		return p.err, true
	case <-time.After(d):
		return nil, false
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// runPortal runs `portal args…` against dbURL and waits for it to end.
func runPortal(t *testing.T, dbURL string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "PORTAL_ENV=development")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("portal %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// startPortal starts `portal serve` on a free loopback port; it does not wait for readiness.
func startPortal(t *testing.T, dbURL string, env ...string) *portal {
	t.Helper()
	addr := freeAddr(t)
	p := &portal{t: t, base: "http://" + addr, logs: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(binary, "serve", "-addr", addr)
	p.cmd.Env = append(os.Environ(), append([]string{"DATABASE_URL=" + dbURL, "PORTAL_ENV=development", "PORTAL_BASE_URL=" + p.base}, env...)...)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		if _, ok := p.exited(40 * time.Second); !ok {
			_ = p.cmd.Process.Kill()
		}
	})
	return p
}

// waitReady waits until /readyz says 200.
func (p *portal) waitReady(within time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(within)
	for {
		res, err := http.Get(p.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if err, ok := p.exited(0); ok {
			p.t.Fatalf("the portal stopped: %v\n%s", err, p.logs.String())
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("not ready within %v\n%s", within, p.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// browser is a client with a cookie jar that sends the headers of a same-origin form post.
type browser struct {
	base string
	c    *http.Client
}

func newBrowser(base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{base: base, c: &http.Client{
		Jar:           jar,
		Timeout:       20 * time.Second,
		Transport:     &http.Transport{DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (b *browser) get(path string) (int, string, error) {
	res, err := b.c.Get(b.base + path)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res.StatusCode, string(body), err
}

func (b *browser) post(path string, form url.Values) (int, error) {
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := b.c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, err
}

// login signs in with the demo password, and the demo second factor's code where the account
// asks for one (company and cluster admins).
func (b *browser) login(t *testing.T, email string) *browser {
	t.Helper()
	b.get("/logg-inn")
	status, err := b.post("/logg-inn", url.Values{"email": {email}, "password": {"klynge-demo-2026"}})
	if err != nil || status != http.StatusSeeOther {
		t.Fatalf("login as %s: %d %v", email, status, err)
	}
	if status, body, err := b.get("/logg-inn/kode"); err == nil && status == http.StatusOK && strings.Contains(body, `name="code"`) {
		code, err := totp.GenerateCode(auth.DemoTOTPSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if status, err := b.post("/logg-inn/kode", url.Values{"code": {code}}); err != nil || status != http.StatusSeeOther {
			t.Fatalf("code step as %s: %d %v", email, status, err)
		}
	}
	return b
}

// withCookies returns a browser of base that carries b's cookies for b's base (another
// instance of the same portal).
func (b *browser) withCookies(base string) *browser {
	other := newBrowser(base)
	from, _ := url.Parse(b.base)
	to, _ := url.Parse(base)
	other.c.Jar.SetCookies(to, b.c.Jar.Cookies(from))
	return other
}

// readLines is a tiny helper for the fake SMTP server.
func readLine(r *bufio.Reader) (string, error) {
	s, err := r.ReadString('\n')
	return strings.TrimRight(s, "\r\n"), err
}
