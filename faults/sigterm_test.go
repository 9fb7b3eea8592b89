package faults

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMUnderLoad sends SIGTERM while clients read and write and while slow uploads are in
// flight. Clients stop starting requests once /readyz says 503, as a load balancer does; no
// request in flight is cut, and the process exits cleanly.
func TestSIGTERMUnderLoad(t *testing.T) {
	db := newDatabase(t)
	runPortal(t, db, "seed", "--demo")
	p := startPortal(t, db, "PORTAL_SHUTDOWN_DELAY=1s", "PORTAL_SHUTDOWN_GRACE=20s")
	p.waitReady(30 * time.Second)

	var draining atomic.Bool
	var started, completed, cut, refused atomic.Int64
	var mu sync.Mutex
	var cuts []string
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var wg sync.WaitGroup
	for _, slug := range []string{"las", "haf", "hrs", "vefas"} {
		b := newBrowser(p.base).login(t, "ansatt@"+slug+".example")
		wg.Go(func() {
			for i := 0; ctx.Err() == nil && !draining.Load(); i++ {
				started.Add(1)
				var err error
				var status int
				if i%2 == 0 {
					status, _, err = b.get("/personer?q=a")
				} else {
					status, err = b.post("/meg", url.Values{"name": {"Last " + slug}, "title": {"Runde " + strings.Repeat("x", i%7)}, "phone": {""}})
				}
				switch {
				case err != nil && isRefused(err):
					refused.Add(1) // the listener was closed before this connection: never in flight
				case err != nil || status >= 500:
					cut.Add(1)
					mu.Lock()
					cuts = append(cuts, err.Error())
					mu.Unlock()
				default:
					completed.Add(1)
				}
			}
		})
	}
	wg.Go(func() { // the load balancer's view
		for ctx.Err() == nil {
			if res, err := http.Get(p.base + "/readyz"); err != nil || res.StatusCode != http.StatusOK {
				draining.Store(true)
				if err == nil {
					res.Body.Close()
				}
				return
			} else {
				res.Body.Close()
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	// Slow uploads: the body arrives over 2.5 s, the signal comes in the middle.
	slowResults := make(chan error, 3)
	for _, slug := range []string{"fimil", "remiks", "avfallsservice"} {
		b := newBrowser(p.base).login(t, "ansatt@"+slug+".example")
		go func() { slowResults <- slowUpload(b, 2500*time.Millisecond) }()
	}
	time.Sleep(time.Second)
	signalAt := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exitErr, ok := p.exited(30 * time.Second)
	if !ok {
		t.Fatal("the portal did not stop within 30 s of SIGTERM")
	}
	exitAfter := time.Since(signalAt)
	stop()
	wg.Wait()
	slowOK := 0
	for range 3 {
		if err := <-slowResults; err != nil {
			t.Errorf("a slow upload in flight at SIGTERM: %v", err)
		} else {
			slowOK++
		}
	}
	t.Logf("SIGTERM under load: %d requests started, %d completed, %d cut, %d refused after the listener closed; %d/3 slow uploads completed; exit %v after %v",
		started.Load(), completed.Load(), cut.Load(), refused.Load(), slowOK, exitErr, exitAfter.Round(time.Millisecond))
	if cut.Load() > 0 {
		t.Errorf("%d requests cut: %v", cut.Load(), cuts)
	}
	if exitErr != nil {
		t.Errorf("exit: %v\n%s", exitErr, p.logs.String())
	}
	if !draining.Load() {
		t.Error("/readyz never said 503 before the exit")
	}
	if completed.Load() < 20 {
		t.Errorf("only %d requests completed: the load did not run", completed.Load())
	}
}

func isRefused(err error) bool {
	var op *net.OpError
	return errors.Is(err, syscall.ECONNREFUSED) || (errors.As(err, &op) && op.Op == "dial")
}

// slowUpload posts the profile form with its body trickling in over d, and checks the answer.
func slowUpload(b *browser, d time.Duration) error {
	body := url.Values{"name": {"Treg Opplasting"}, "title": {strings.Repeat("t", 60)}, "phone": {""}}.Encode()
	pr, pw := io.Pipe()
	go func() {
		step := d / time.Duration(len(body))
		for i := range len(body) {
			if _, err := pw.Write([]byte{body[i]}); err != nil {
				return
			}
			time.Sleep(step)
		}
		pw.Close()
	}()
	req, _ := http.NewRequest(http.MethodPost, b.base+"/meg", pr)
	req.ContentLength = int64(len(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	res, err := b.c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return errors.New("status " + res.Status)
	}
	return nil
}
