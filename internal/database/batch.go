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
