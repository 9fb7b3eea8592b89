package background

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

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

func TestEveryRunsAtOnceRepeatsLogsAndStops(t *testing.T) {
	var log syncBuffer
	ctx, stop := context.WithCancel(context.Background())
	rounds := make(chan int, 100)
	n := 0
	done := make(chan struct{})
	go func() {
		Every(ctx, 10*time.Millisecond, slog.New(slog.NewTextHandler(&log, nil)), "test work", func(context.Context) (int64, error) {
			n++
			rounds <- n
			if n == 2 {
				return 0, errors.New("boom")
			}
			return 3, nil
		})
		close(done)
	}()
	select {
	case <-rounds: // the first round comes at once, not after an interval
	case <-time.After(5 * time.Millisecond * 100):
		t.Fatal("no first round")
	}
	for r := range rounds {
		if r >= 3 {
			break
		}
	}
	stop()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Every did not stop with its context")
	}
	if out := log.String(); !strings.Contains(out, "test work failed") || !strings.Contains(out, "error=boom") || !strings.Contains(out, "count=3") {
		t.Errorf("log:\n%s", out)
	}
}
