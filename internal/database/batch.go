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
