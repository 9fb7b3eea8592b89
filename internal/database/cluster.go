package database

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is a private PostgreSQL cluster in a folder of our own, for development and tests.
// It listens only on a Unix socket in its data folder, so it never clashes with a system server.
type Cluster struct {
	Dir    string // data folder (also the socket folder)
	BinDir string // where initdb, pg_ctl and postgres are
	Fast   bool   // fsync off: for throw-away test clusters
	runAs  *syscall.Credential
}

// fallbackRoot holds the clusters the postgres user could not reach where they were asked for.
const fallbackRoot = "/var/tmp/klyngeportalen"

// maxSocketPath is the longest Unix socket path Linux accepts, less a margin.
const maxSocketPath = 100

// NewCluster locates the server binaries and decides the data folder for a cluster named name
// under root (e.g. ".data", "postgres"). As root the server runs as the postgres user; when that
// user cannot reach root, or the socket path would be too long, the cluster lives under
// /var/tmp/klyngeportalen/<hash of root>/ instead.
func NewCluster(root, name string) (*Cluster, error) {
	bin, err := FindBinDir()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: filepath.Join(abs, name), BinDir: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, errors.New("running as root: PostgreSQL must run as the user 'postgres', which does not exist (apt-get install postgresql creates it)")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.runAs = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	if !c.reachable(abs) || len(c.Dir)+len("/.s.PGSQL.5432") > maxSocketPath {
		sum := sha256.Sum256([]byte(abs))
		c.Dir = filepath.Join(fallbackRoot, hex.EncodeToString(sum[:6]), name)
	}
	return c, nil
}

// FindBinDir finds initdb and pg_ctl: on PATH, through pg_config --bindir, or the newest
// /usr/lib/postgresql/*/bin.
func FindBinDir() (string, error) {
	var dirs []string
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
		dirs = append(dirs, filepath.Dir(p))
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(found, func(i, j int) bool { return pgMajor(found[i]) > pgMajor(found[j]) })
	dirs = append(dirs, found...)
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "pg_ctl")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", errors.New("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: install them, e.g. 'apt-get install postgresql' on Debian, or set DATABASE_URL to a database of your own")
}

func pgMajor(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func isExec(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// reachable reports whether the server's user can traverse every folder down to dir.
func (c *Cluster) reachable(dir string) bool {
	if c.runAs == nil {
		return true
	}
	for d := dir; ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err == nil {
			sys, ok := st.Sys().(*syscall.Stat_t)
			mode := st.Mode().Perm()
			switch {
			case !ok:
				return false
			case sys.Uid == c.runAs.Uid:
				if mode&0o100 == 0 {
					return false
				}
			case sys.Gid == c.runAs.Gid:
				if mode&0o010 == 0 {
					return false
				}
			case mode&0o001 == 0:
				return false
			}
		}
		if d == filepath.Dir(d) {
			return true
		}
	}
}

// URL is the connection string of database dbname in this cluster.
func (c *Cluster) URL(dbname string) string {
	q := url.Values{"host": {c.Dir}, "sslmode": {"disable"}}
	return (&url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/" + dbname, RawQuery: q.Encode()}).String()
}

// Start creates the cluster if it is new and starts it unless it runs already.
// It clears a pid file left by a server that is gone. Several processes may call it at once.
func (c *Cluster) Start(ctx context.Context) error {
	if err := c.prepareDir(); err != nil {
		return err
	}
	unlock, err := lockFile(filepath.Join(filepath.Dir(c.Dir), "."+filepath.Base(c.Dir)+".lock"))
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := os.Stat(filepath.Join(c.Dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := c.initdb(ctx); err != nil {
			return err
		}
	}
	if err := c.writeConf(); err != nil {
		return err
	}
	if c.running() {
		return nil
	}
	log := filepath.Join(c.Dir, "server.log")
	out, err := c.run(ctx, "pg_ctl", "start", "-w", "-t", "60", "-s", "-D", c.Dir, "-l", log)
	if err != nil {
		tail, _ := os.ReadFile(log)
		if len(tail) > 2000 {
			tail = tail[len(tail)-2000:]
		}
		return fmt.Errorf("start PostgreSQL in %s: %w: %s\n%s", c.Dir, err, out, tail)
	}
	return nil
}

// Stop shuts the cluster down (fast mode: open sessions are ended).
func (c *Cluster) Stop(ctx context.Context) error {
	if !c.running() {
		return nil
	}
	if out, err := c.run(ctx, "pg_ctl", "stop", "-w", "-s", "-m", "fast", "-D", c.Dir); err != nil {
		return fmt.Errorf("stop PostgreSQL: %w: %s", err, out)
	}
	return nil
}

// OutsideCheckout reports whether the cluster lives under /var/tmp/klyngeportalen rather than
// where it was asked for.
func (c *Cluster) OutsideCheckout() bool { return strings.HasPrefix(c.Dir, fallbackRoot+"/") }

// Remove stops the cluster and deletes its data folder, and the folder it was put in under
// /var/tmp/klyngeportalen when that is left empty: for clusters that are thrown away (tests).
func (c *Cluster) Remove(ctx context.Context) error {
	if err := c.Stop(ctx); err != nil {
		return err
	}
	lock := filepath.Join(filepath.Dir(c.Dir), "."+filepath.Base(c.Dir)+".lock")
	if err := errors.Join(os.RemoveAll(c.Dir), os.RemoveAll(lock)); err != nil {
		return err
	}
	if parent := filepath.Dir(c.Dir); filepath.Dir(parent) == fallbackRoot {
		_ = os.Remove(parent) // only when empty
		_ = os.Remove(fallbackRoot)
	}
	return nil
}

// EnsureDatabase creates database name in the cluster if it does not exist.
func (c *Cluster) EnsureDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	var pgErr interface{ SQLState() string }
	if errors.As(err, &pgErr) && pgErr.SQLState() == "42P04" { // created meanwhile by another process
		return nil
	}
	return err
}

func (c *Cluster) prepareDir() error {
	if err := os.MkdirAll(filepath.Dir(c.Dir), 0o755); err != nil {
		return err
	}
	if err := os.Mkdir(c.Dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	if c.runAs != nil {
		return os.Chown(c.Dir, int(c.runAs.Uid), int(c.runAs.Gid))
	}
	return nil
}

func (c *Cluster) initdb(ctx context.Context) error {
	out, err := c.run(ctx, "initdb", "-D", c.Dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions")
	if err != nil {
		return fmt.Errorf("initdb %s: %w: %s", c.Dir, err, out)
	}
	f, err := os.OpenFile(filepath.Join(c.Dir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString("\ninclude_if_exists = 'klyngeportalen.conf'\n")
	return err
}

// writeConf writes the settings that depend on where the folder is now.
func (c *Cluster) writeConf() error {
	conf := fmt.Sprintf("# written by klyngeportalen at every start\nlisten_addresses = ''\nunix_socket_directories = '%s'\nunix_socket_permissions = 0700\nmax_connections = 300\nsynchronous_commit = off\n",
		strings.ReplaceAll(c.Dir, "'", "''"))
	if c.Fast {
		conf += "fsync = off\nfull_page_writes = off\n"
	}
	p := filepath.Join(c.Dir, "klyngeportalen.conf")
	if err := os.WriteFile(p, []byte(conf), 0o600); err != nil {
		return err
	}
	if c.runAs != nil {
		return os.Chown(p, int(c.runAs.Uid), int(c.runAs.Gid))
	}
	return nil
}

// running reports whether a live server owns the folder; a stale pid file is removed.
func (c *Cluster) running() bool {
	pidFile := filepath.Join(c.Dir, "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err == nil && pid > 0 {
		if comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); err == nil && strings.HasPrefix(string(comm), "postgres") {
			return true
		}
	}
	_ = os.Remove(pidFile) // the server that wrote it is gone
	return false
}

func (c *Cluster) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(c.BinDir, name), args...)
	cmd.Dir = filepath.Dir(c.Dir)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "TZ=UTC")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: c.runAs} // Ctrl-C in a terminal must not reach the server
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// lockFile takes an exclusive flock on path, waiting for other processes.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
