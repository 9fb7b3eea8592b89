package faults

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSlowClientsDoNotExhaustTheServer opens many connections that send their headers a line
// a second and never finish (slowloris). Ordinary requests keep being answered quickly, and the
// server closes the slow connections after its header timeout.
func TestSlowClientsDoNotExhaustTheServer(t *testing.T) {
	db := newDatabase(t)
	p := startPortal(t, db)
	p.waitReady(30 * time.Second)
	addr := p.base[len("http://"):]

	const slow = 300
	var opened, closedByServer atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := range slow {
		wg.Go(func() {
			conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
			if err != nil {
				return
			}
			defer conn.Close()
			opened.Add(1)
			fmt.Fprintf(conn, "GET /livez HTTP/1.1\r\nHost: %s\r\n", addr)
			for j := 0; ; j++ {
				select {
				case <-stop:
					return
				case <-time.After(time.Second):
				}
				if _, err := fmt.Fprintf(conn, "X-Slow-%d-%d: a\r\n", i, j); err != nil {
					closedByServer.Add(1)
					return
				}
				_ = conn.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
				if _, err := conn.Read(make([]byte, 1)); err != nil {
					if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
						closedByServer.Add(1)
						return
					}
				}
			}
		})
	}
	time.Sleep(500 * time.Millisecond)

	// Ordinary visitors meanwhile.
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var latencies []time.Duration
	failed := 0
	for range 40 {
		start := time.Now()
		res, err := client.Get(p.base + "/logg-inn")
		if err != nil || res.StatusCode != http.StatusOK {
			failed++
		}
		if err == nil {
			res.Body.Close()
		}
		latencies = append(latencies, time.Since(start))
		time.Sleep(100 * time.Millisecond)
	}
	// The header timeout is 5 s: by 9 s every slow connection must be gone.
	deadline := time.Now().Add(9 * time.Second)
	for closedByServer.Load() < opened.Load() && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	slices.Sort(latencies)
	t.Logf("slowloris: %d slow connections opened, %d closed by the server; %d ordinary requests, %d failed, median %v, slowest %v",
		opened.Load(), closedByServer.Load(), len(latencies), failed, latencies[len(latencies)/2].Round(time.Millisecond), latencies[len(latencies)-1].Round(time.Millisecond))
	if failed > 0 || latencies[len(latencies)-1] > 2*time.Second {
		t.Errorf("ordinary requests suffered: %d failed, slowest %v", failed, latencies[len(latencies)-1])
	}
	if opened.Load() < slow*9/10 || closedByServer.Load() < opened.Load() {
		t.Errorf("%d of %d slow connections opened, %d closed by the server", opened.Load(), slow, closedByServer.Load())
	}
}
