package web

import (
	"context"
	"fmt"
	"time"

	"klyngeportalen/internal/auth"
)

// The strategy page's body is the same for everyone who may edit the strategy and for everyone
// who may not, and costs six reads of the year's figures and a 40 kB rendering; it is kept
// rendered while nothing it shows has changed. Its key holds the versions read with the user
// (kept by triggers in the transaction of every change: migrations 00017, 00140, 00220, 00270
// and 00320), the day (the activities' statuses follow it), whether the viewer may edit and
// the viewer's visibility. It expires when the next of the year's events ends (it then counts
// as held), and after strategyCacheFor at the latest.

// strategyCacheFor bounds how long a rendered strategy page is kept.
const strategyCacheFor = 10 * time.Minute

// strategyVersion is what the strategy page depends on: the strategy, events' feedback and the
// consultations (strategy_version), the årshjul's activities and events (plan_version), the
// events' counts (event_version) and the reference data (names, indicator reports); the
// strategy page's kept versions (keptpages.go).
type strategyVersion struct{ Strategy, Plan, Events, Reference int64 }

// strategyVersionOf returns the strategy page's versions, read with the user or else now.
func (s *Server) strategyVersionOf(ctx context.Context) (strategyVersion, error) {
	v, err := s.versionsOf(ctx, "strategy")
	if err != nil {
		return strategyVersion{}, err
	}
	return strategyVersion{Strategy: v.n[0], Plan: v.n[1], Events: v.n[2], Reference: v.reference()}, nil
}

// strategyKey is the key of the strategy page's body for a viewer on day today.
func strategyKey(v strategyVersion, today time.Time, canEdit bool, u *auth.User) string {
	return fmt.Sprintf("strategy|%d|%d|%d|%d|%s|%t|%s", v.Strategy, v.Plan, v.Events, v.Reference,
		today.Format(time.DateOnly), canEdit, visibilityKey(u))
}

// strategyExpiry is when a strategy page rendered at now goes stale by the clock: when the next
// of the year's events ends (nil: none), at the latest strategyCacheFor on.
func strategyExpiry(now time.Time, nextEnd *time.Time) time.Time {
	at := now.Add(strategyCacheFor)
	if nextEnd != nil && nextEnd.Before(at) {
		at = *nextEnd
	}
	return at
}
