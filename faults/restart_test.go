package faults

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// crashDatabase stops the cluster in immediate mode (SIGQUIT to the postmaster: no checkpoint,
// crash recovery at the next start) and waits until it is gone.
func crashDatabase(t *testing.T) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(cluster.Dir, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGQUIT); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); syscall.Kill(pid, 0) == nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("PostgreSQL did not stop")
		}
	}
}

// write is one invitation sent by the load, and what the portal answered.
type write struct {
	email  string
	status int
	err    error
	at     time.Time
}

// TestDatabaseRestartUnderLoad crashes PostgreSQL (immediate mode) in the middle of a mixed
// read/write load: the portal recovers by itself, /readyz follows, and every write the portal
// acknowledged is in the database afterwards, exactly once.
func TestDatabaseRestartUnderLoad(t *testing.T) {
	begin := time.Now()
	db := newDatabase(t)
	runPortal(t, db, "seed", "--demo")
	p := startPortal(t, db)
	p.waitReady(30 * time.Second)
	t.Logf("seeded and ready in %v", time.Since(begin).Round(time.Millisecond))

	companies := []string{"las", "haf", "hrs", "vefas", "fimil", "remiks"}
	ctx, stop := context.WithCancel(context.Background())
	var mu sync.Mutex
	var writes []write
	reads, readErrors := 0, 0
	var wg sync.WaitGroup
	for _, slug := range companies {
		b := newBrowser(p.base).login(t, "admin@"+slug+".example")
		wg.Go(func() {
			for ctx.Err() == nil {
				status, _, err := b.get("/personer?q=a")
				email := "last-" + strings.ToLower(rand.Text()[:12]) + "@" + slug + ".example"
				wstatus, werr := b.post("/medlemmer/"+slug+"/brukere/inviter", url.Values{"email": {email}, "name": {"Last Testesen"}, "role": {"member"}})
				mu.Lock()
				reads++
				if err != nil || status != http.StatusOK {
					readErrors++
				}
				writes = append(writes, write{email, wstatus, werr, time.Now()})
				mu.Unlock()
				if err != nil || werr != nil {
					time.Sleep(50 * time.Millisecond)
				}
			}
		})
	}
	// /readyz as a load balancer sees it.
	type probe struct {
		at     time.Time
		status int
	}
	var probes []probe
	wg.Go(func() {
		for ctx.Err() == nil {
			status := 0
			if res, err := http.Get(p.base + "/readyz"); err == nil {
				status = res.StatusCode
				res.Body.Close()
			}
			mu.Lock()
			probes = append(probes, probe{time.Now(), status})
			mu.Unlock()
			time.Sleep(100 * time.Millisecond)
		}
	})

	time.Sleep(2 * time.Second)
	crashAt := time.Now()
	crashDatabase(t)
	time.Sleep(time.Second)
	if err := cluster.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	upAt := time.Now()
	t.Logf("crashed at %v, up again at %v", crashAt.Sub(begin).Round(time.Millisecond), upAt.Sub(begin).Round(time.Millisecond))
	// Run until the portal has been ready and writing again for two seconds.
	var readyAgain, writingAgain time.Time
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		mu.Lock()
		for _, pr := range probes {
			if readyAgain.IsZero() && pr.at.After(upAt) && pr.status == http.StatusOK {
				readyAgain = pr.at
			}
		}
		for _, w := range writes {
			if writingAgain.IsZero() && w.at.After(upAt) && w.status == http.StatusSeeOther {
				writingAgain = w.at
			}
		}
		mu.Unlock()
		if !readyAgain.IsZero() && !writingAgain.IsZero() && time.Since(writingAgain) > 2*time.Second {
			break
		}
		if time.Now().After(deadline) {
			stop()
			wg.Wait()
			t.Fatalf("the portal did not recover within 30 s of the restart (ready again %v, writing again %v)\n%s", readyAgain, writingAgain, p.logs.String())
		}
	}
	stop()
	wg.Wait()
	t.Logf("load stopped at %v", time.Since(begin).Round(time.Millisecond))

	acked, outageErrors, found, duplicates, lost := 0, 0, 0, 0, 0
	notReadyDuringOutage := false
	for _, pr := range probes {
		if pr.at.After(crashAt) && pr.at.Before(upAt) && pr.status != http.StatusOK {
			notReadyDuringOutage = true
		}
	}
	counts := emailCounts(t, db, writes)
	for _, w := range writes {
		n := counts[w.email]
		if n > 1 {
			duplicates++
		}
		if w.status == http.StatusSeeOther {
			acked++
			if n == 1 {
				found++
			} else {
				lost++
			}
		} else if w.at.After(crashAt) {
			outageErrors++
		}
	}
	t.Logf("database restart: %d reads (%d failed), %d writes, %d acknowledged, %d found, %d lost, %d duplicates, %d errors during the outage; "+
		"ready again %v and writing again %v after PostgreSQL was back (down for %v)",
		reads, readErrors, len(writes), acked, found, lost, duplicates, outageErrors,
		readyAgain.Sub(upAt).Round(time.Millisecond), writingAgain.Sub(upAt).Round(time.Millisecond), upAt.Sub(crashAt).Round(time.Millisecond))
	if lost > 0 || duplicates > 0 {
		t.Errorf("%d acknowledged writes lost, %d written twice", lost, duplicates)
	}
	if !notReadyDuringOutage {
		t.Error("/readyz never said the portal was not ready while PostgreSQL was down")
	}
	if acked < 10 {
		t.Errorf("only %d acknowledged writes: the load did not run", acked)
	}
	if outageErrors == 0 {
		t.Error("no write failed while PostgreSQL was down: the crash did not happen under load")
	}
}

// emailCounts counts the users of each written address, in one query.
func emailCounts(t *testing.T, dbURL string, writes []write) map[string]int64 {
	t.Helper()
	emails := make([]string, len(writes))
	for i, w := range writes {
		emails[i] = w.email
	}
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), `SELECT email, count(*) FROM users WHERE email = ANY($1) GROUP BY email`, emails)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	var email string
	var n int64
	if _, err := pgx.ForEachRow(rows, []any{&email, &n}, func() error { counts[email] = n; return nil }); err != nil {
		t.Fatal(err)
	}
	return counts
}
