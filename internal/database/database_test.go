package database_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"klyngeportalen/internal/database"
	"klyngeportalen/internal/database/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func TestQueryCounterCountsQueriesOfItsContext(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx, counter := database.WithQueryCounter(context.Background())
	for i := 0; i < 3; i++ {
		if _, err := pool.Exec(ctx, "SELECT $1::int", i); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM sessions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if got := counter.Count(); got != 4 {
		t.Fatalf("counted %d queries, want 4", got)
	}
	// A query on another context is not counted, and a nested counter is the same counter.
	if _, err := pool.Exec(context.Background(), "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	same, again := database.WithQueryCounter(ctx)
	if again != counter || same != ctx || counter.Count() != 4 {
		t.Fatalf("counter changed: %d", counter.Count())
	}
}

func TestMigrationsApplyToEmptyDatabaseAndAreIdempotent(t *testing.T) {
	ctx := context.Background()
	pool, err := database.Open(ctx, dbtest.EmptyDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	m, err := database.NewMigrator(pool, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()

	applied, err := m.Up(ctx)
	if err != nil || applied == 0 {
		t.Fatalf("first up: applied %d, err %v", applied, err)
	}
	top, _ := m.Version(ctx)
	if again, err := m.Up(ctx); err != nil || again != 0 {
		t.Fatalf("second up: applied %d, err %v; want 0, nil", again, err)
	}
	var status strings.Builder
	if err := m.Status(ctx, &status); err != nil || strings.Contains(status.String(), "pending") {
		t.Fatalf("status after up: %v\n%s", err, status.String())
	}
	// Every migration rolls back cleanly and applies again.
	if err := m.DownTo(ctx, 0); err != nil {
		t.Fatal(err)
	}
	var tables int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'").Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("after down to 0: %d tables left (err %v)", tables, err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if v, _ := m.Version(ctx); v != top {
		t.Fatalf("version %d after down and up, want %d", v, top)
	}
}

func TestTwoInstancesMigratingAtOnceBothSucceed(t *testing.T) {
	ctx := context.Background()
	url := dbtest.EmptyDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pool, err := database.Open(ctx, url) // each instance has its own pool
			if err != nil {
				errs[i] = err
				return
			}
			defer pool.Close()
			errs[i] = database.Migrate(ctx, pool, nil)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
	}
	pool, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var rows, versions int
	if err := pool.QueryRow(ctx, "SELECT count(*), count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0").Scan(&rows, &versions); err != nil {
		t.Fatal(err)
	}
	if rows != versions {
		t.Fatalf("a migration was applied twice: %d rows for %d versions", rows, versions)
	}
}

func TestClusterRestartsAndSurvivesStalePidFile(t *testing.T) {
	ctx := context.Background()
	c, err := database.NewCluster(t.TempDir(), "pg")
	if err != nil {
		t.Fatal(err)
	}
	c.Fast = true
	t.Cleanup(func() { _ = c.Remove(context.Background()) })
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err != nil { // a second start reuses the running cluster
		t.Fatalf("second start: %v", err)
	}
	if err := c.EnsureDatabase(ctx, "portal"); err != nil {
		t.Fatal(err)
	}
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	// A crash leaves postmaster.pid behind, naming a process that is gone.
	if err := os.WriteFile(filepath.Join(c.Dir, "postmaster.pid"), []byte("999999\n"+c.Dir+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err != nil {
		t.Fatalf("start over a stale pid file: %v", err)
	}
	pool, err := database.Open(ctx, c.URL("portal"))
	if err != nil {
		t.Fatalf("data kept across restarts: %v", err)
	}
	pool.Close()
}

// TestRemoveLeavesNothing: a thrown-away cluster is stopped and its folder removed, with the
// folder it got under /var/tmp when the postgres user could not reach the one asked for.
func TestRemoveLeavesNothing(t *testing.T) {
	ctx := context.Background()
	c, err := database.NewCluster(t.TempDir(), "pg")
	if err != nil {
		t.Fatal(err)
	}
	c.Fast = true
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	pid, err := os.ReadFile(filepath.Join(c.Dir, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Remove(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.Dir); !os.IsNotExist(err) {
		t.Errorf("%s is still there (%v)", c.Dir, err)
	}
	if strings.HasPrefix(c.Dir, "/var/tmp/") {
		if _, err := os.Stat(filepath.Dir(c.Dir)); !os.IsNotExist(err) {
			t.Errorf("%s is still there", filepath.Dir(c.Dir))
		}
	}
	n, _ := strconv.Atoi(strings.SplitN(string(pid), "\n", 2)[0])
	for i := 0; n > 0 && syscall.Kill(n, 0) == nil; i++ { // the pid file goes just before the process
		if i == 50 {
			t.Errorf("the server (pid %d) still runs", n)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
}
