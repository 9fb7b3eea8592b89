package web

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
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
// events' counts (event_version) and the reference data (names, indicator reports).
type strategyVersion struct{ Strategy, Plan, Events, Reference int64 }

// strategyVersionSQL are the expressions of the versions, in the order of strategyVersion's fields.
var strategyVersionSQL = []string{`(SELECT n FROM strategy_version WHERE id)`, `(SELECT n FROM plan_version WHERE id)`,
	`(SELECT n FROM event_version WHERE id)`, database.ReferenceVersionSQL}

// queueStrategyVersion adds the read of the versions to b; after the batch they are in *v
// (loadUser reads them with the user instead, when the strategy page is asked for).
func queueStrategyVersion(b *pgx.Batch, v *strategyVersion) {
	b.Queue(`SELECT ` + strings.Join(strategyVersionSQL, ", ")).
		QueryRow(func(row pgx.Row) error { return row.Scan(&v.Strategy, &v.Plan, &v.Events, &v.Reference) })
}

// strategyVersionFrom returns the versions read with the user, or reads them.
func (s *Server) strategyVersionFrom(ctx context.Context) (strategyVersion, error) {
	if v, ok := ctx.Value(strategyVersionKey).(strategyVersion); ok && v.Reference > 0 {
		return v, nil
	}
	var v strategyVersion
	var b pgx.Batch
	queueStrategyVersion(&b, &v)
	return v, s.pool.SendBatch(ctx, &b).Close()
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
