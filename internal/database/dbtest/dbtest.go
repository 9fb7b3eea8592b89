// Package dbtest gives each test package a fresh PostgreSQL database cloned from a migrated
// template. With DATABASE_URL unset it starts the private test cluster (.data/postgres-test);
// it never skips: a missing server fails the tests.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database"
	"klyngeportalen/migrations"
)

// state of the test binary: one server, one database per package. Test-only.
var (
	mu       sync.Mutex
	adminURL string
	cluster  *database.Cluster
	pkgName  string
	pkgURL   string
	pkgPool  *pgxpool.Pool
)

// Main prepares the package database, runs the tests and drops it. Each fill (e.g. the demo
// seed) runs on the fresh database before the tests. Use from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }
func Main(m *testing.M, fill ...func(context.Context, *pgxpool.Pool) error) int {
	ctx := context.Background()
	if err := setup(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "dbtest:", err)
		return 1
	}
	for _, f := range fill {
		if err := f(ctx, pkgPool); err != nil {
			fmt.Fprintln(os.Stderr, "dbtest: fill:", err)
			return 1
		}
	}
	code := m.Run()
	pkgPool.Close()
	if err := dropDatabase(ctx, pkgName); err != nil {
		fmt.Fprintln(os.Stderr, "dbtest: drop:", err)
	}
	return code
}

// Pool returns the package's pool (with the query-counting tracer).
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	if pkgPool == nil {
		t.Fatal("dbtest: call dbtest.Main from TestMain")
	}
	return pkgPool
}

// Plan returns PostgreSQL's plan (EXPLAIN) of sql with args in the package's database, for
// tests that a statement reaches its rows through an index.
func Plan(t testing.TB, sql string, args ...any) string {
	t.Helper()
	rows, err := Pool(t).Query(context.Background(), "EXPLAIN "+sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// URL returns the package database's connection string.
func URL(t testing.TB) string {
	t.Helper()
	Pool(t)
	return pkgURL
}

// Cluster returns the private test cluster, or nil when DATABASE_URL names the server.
func Cluster() *database.Cluster { return cluster }

// EmptyDatabase creates an extra empty database (nothing migrated) dropped when t ends.
func EmptyDatabase(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	name := uniqueName("e")
	if err := exec(ctx, adminURL, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("dbtest: create empty database: %v", err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(context.Background(), name); err != nil {
			t.Errorf("dbtest: drop %s: %v", name, err)
		}
	})
	return withDB(adminURL, name)
}

func setup(ctx context.Context) error {
	mu.Lock()
	defer mu.Unlock()
	var err error
	if adminURL, err = serverURL(ctx); err != nil {
		return err
	}
	tmpl, err := template(ctx)
	if err != nil {
		return err
	}
	name := uniqueName("t")
	if err := retry(ctx, func() error {
		return exec(ctx, adminURL, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s",
			pgx.Identifier{name}.Sanitize(), pgx.Identifier{tmpl}.Sanitize()))
	}); err != nil {
		return fmt.Errorf("clone template: %w", err)
	}
	pkgName, pkgURL = name, withDB(adminURL, name)
	pkgPool, err = database.Open(ctx, pkgURL)
	return err
}

func serverURL(ctx context.Context) (string, error) {
	if u := os.Getenv("DATABASE_URL"); u != "" {
		return u, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	c, err := database.NewCluster(filepath.Join(root, ".data"), "postgres-test")
	if err != nil {
		return "", err
	}
	c.Fast = true
	if err := c.Start(ctx); err != nil {
		return "", err
	}
	cluster = c
	return c.URL("postgres"), nil
}

// template returns the name of a database migrated to the current migrations, creating it
// under an advisory lock so that parallel test packages build it once.
func template(ctx context.Context) (string, error) {
	h := sha256.New()
	_ = fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(migrations.FS, p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	name := "tmpl_" + hex.EncodeToString(h.Sum(nil))[:16]

	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return "", fmt.Errorf("connect to test server: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(74201)"); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock(74201)")
	var ready bool
	err = conn.QueryRow(ctx, "SELECT datistemplate FROM pg_database WHERE datname = $1", name).Scan(&ready)
	if err == nil && ready {
		return name, nil
	}
	if err == nil { // half-built by a run that died
		if _, err := conn.Exec(ctx, "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			return "", err
		}
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", err
	}
	pool, err := database.Open(ctx, withDB(adminURL, name))
	if err != nil {
		return "", err
	}
	err = database.Migrate(ctx, pool, nil)
	pool.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" IS_TEMPLATE true"); err != nil {
		return "", err
	}
	dropLeftovers(ctx, conn, name)
	return name, nil
}

var leftover = regexp.MustCompile(`^[te]_[a-z0-9]+_(\d+)_[0-9a-f]+$`)

// dropLeftovers removes databases of test runs whose process is gone, and old templates.
func dropLeftovers(ctx context.Context, conn *pgx.Conn, keep string) {
	rows, err := conn.Query(ctx, "SELECT datname FROM pg_database WHERE datname LIKE 't\\_%' OR datname LIKE 'e\\_%' OR datname LIKE 'tmpl\\_%'")
	if err != nil {
		return
	}
	names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, n := range names {
		drop := strings.HasPrefix(n, "tmpl_") && n != keep
		if m := leftover.FindStringSubmatch(n); m != nil {
			pid, _ := strconv.Atoi(m[1])
			drop = syscall.Kill(pid, 0) == syscall.ESRCH
		}
		if drop {
			if strings.HasPrefix(n, "tmpl_") {
				_, _ = conn.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{n}.Sanitize()+" IS_TEMPLATE false")
			}
			_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{n}.Sanitize()+" WITH (FORCE)")
		}
	}
}

func dropDatabase(ctx context.Context, name string) error {
	return exec(ctx, adminURL, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
}

func exec(ctx context.Context, connString, sql string) error {
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// retry repeats f while the template is briefly in use by a parallel clone.
func retry(ctx context.Context, f func() error) error {
	var err error
	for i := 0; i < 50; i++ {
		if err = f(); err == nil || !strings.Contains(err.Error(), "is being accessed by other users") {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

func uniqueName(prefix string) string {
	pkg := nonWord.ReplaceAllString(strings.TrimSuffix(strings.ToLower(filepath.Base(os.Args[0])), ".test"), "")
	if len(pkg) > 20 {
		pkg = pkg[:20]
	}
	if pkg == "" {
		pkg = "x"
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s_%s_%d_%s", prefix, pkg, os.Getpid(), hex.EncodeToString(b))
}

// withDB returns the connection string s pointed at database name.
func withDB(s, name string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		u.Path = "/" + name
		return u.String()
	}
	return s + " dbname=" + name // keyword/value form: the last setting wins
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if d == filepath.Dir(d) {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
	}
}
