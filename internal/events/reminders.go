package events

import (
	"context"
	"log/slog"
	"time"
)

// RemindEvery sends the day-before reminders (SendReminders) every interval until ctx ends.
// Several instances may run it at once: each event is claimed by one of them, once.
func (s *Store) RemindEvery(ctx context.Context, interval time.Duration, baseURL string, logger *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.SendReminders(ctx, baseURL); err != nil && ctx.Err() == nil {
			logger.Warn("event reminders failed", "error", err)
		} else if n > 0 {
			logger.Info("event reminders queued", "events", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
