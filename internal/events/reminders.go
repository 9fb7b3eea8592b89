package events

import (
	"context"
	"log/slog"
	"time"

	"klyngeportalen/internal/background"
)

// RemindEvery sends the day-before reminders (SendReminders) every interval until ctx ends.
// Several instances may run it at once: each event is claimed by one of them, once.
func (s *Store) RemindEvery(ctx context.Context, interval time.Duration, baseURL string, logger *slog.Logger) {
	background.Every(ctx, interval, logger, "event reminders queued", func(ctx context.Context) (int64, error) {
		n, err := s.SendReminders(ctx, baseURL)
		return int64(n), err
	})
}
