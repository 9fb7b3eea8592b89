// Package background is the one loop of the portal's periodic work (cleanup, purge, digests,
// reminders): each area says what one round does, this runs it.
package background

import (
	"context"
	"log/slog"
	"time"
)

// Every runs job at once and then every interval until ctx ends. A failure is logged as a
// warning (not when ctx has ended); a round that did something logs how much as info.
func Every(ctx context.Context, interval time.Duration, logger *slog.Logger, what string, job func(context.Context) (int64, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := job(ctx); err != nil && ctx.Err() == nil {
			logger.Warn(what+" failed", "error", err)
		} else if n > 0 {
			logger.Info(what, "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
