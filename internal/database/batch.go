package database

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Collect queues sql on b: when the batch has been sent, the rows are in *dst, scanned by
// column name. Area stores use it to offer their queries to a page that sends several in one
// round trip (the dashboard).
func Collect[T any](b *pgx.Batch, dst *[]T, sql string, args ...any) {
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		var err error
		*dst, err = pgx.CollectRows(rows, pgx.RowToStructByName[T])
		return err
	})
}

// Send sends the queued queries of b in one round trip and runs their callbacks.
func Send(ctx context.Context, pool *pgxpool.Pool, b *pgx.Batch) error {
	return pool.SendBatch(ctx, b).Close()
}

// QueueGenericPlan starts batch b with settings local to its implicit transaction, for a
// statement shaped so that one plan suits every argument (internal/search, the forum's
// search): a generic plan (planning it each time cost as much as running it), no JIT, and no
// sequential scans (each of its tables is reached through an index, which a plan for unknown
// arguments must not trade for a scan).
func QueueGenericPlan(b *pgx.Batch) {
	b.Queue(`SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true)`)
}

// QueuePlanOnce starts batch b with a setting local to its implicit transaction: its
// statements run their generic plan, made once per connection, instead of being planned anew
// at every call. PostgreSQL keeps planning a statement anew while its generic plan looks
// dearer than the plans for the given values; for statements with optional filters
// ("$1 = 0 OR company_id = $1") that is always, and planning them cost more than running
// them (make bench with pg_stat_statements.track_planning: the decision register 1.7 ms of
// planning to 0.6 ms of running, the desk's blocks 0.6 ms each to 0.1–0.6 ms). Only for
// statements whose generic plan is as good: each is reached through an index either way.
func QueuePlanOnce(b *pgx.Batch) {
	b.Queue(`SELECT set_config('plan_cache_mode', 'force_generic_plan', true)`)
}
