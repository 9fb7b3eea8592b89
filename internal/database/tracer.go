package database

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// QueryCounter counts the queries run with a context that carries it: round trips (a query, a
// batch or a COPY) and statements (a batch's statements each).
type QueryCounter struct{ n, statements atomic.Int64 }

// Count returns the number of queries (round trips) counted so far.
func (c *QueryCounter) Count() int64 { return c.n.Load() }

// Statements returns the number of statements counted so far: a batch counts each it holds.
func (c *QueryCounter) Statements() int64 { return c.statements.Load() }

type counterKey struct{}

// WithQueryCounter returns a context that counts its queries, reusing a counter already there.
func WithQueryCounter(ctx context.Context) (context.Context, *QueryCounter) {
	if c := CounterFrom(ctx); c != nil {
		return ctx, c
	}
	c := &QueryCounter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

// CounterFrom returns the context's counter, or nil.
func CounterFrom(ctx context.Context) *QueryCounter {
	c, _ := ctx.Value(counterKey{}).(*QueryCounter)
	return c
}

// countingTracer is a pgx tracer that adds one to the context's counter per query, batch or
// COPY, and one to its statements per query, statement of a batch or COPY.
type countingTracer struct{}

func (countingTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	if c := CounterFrom(ctx); c != nil {
		c.n.Add(1)
		c.statements.Add(1)
	}
	return ctx
}

func (countingTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (countingTracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	if c := CounterFrom(ctx); c != nil {
		c.n.Add(1)
	}
	return ctx
}

func (countingTracer) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchQueryData) {
	if c := CounterFrom(ctx); c != nil {
		c.statements.Add(1)
	}
}

func (countingTracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (countingTracer) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromStartData) context.Context {
	if c := CounterFrom(ctx); c != nil {
		c.n.Add(1)
		c.statements.Add(1)
	}
	return ctx
}

func (countingTracer) TraceCopyFromEnd(context.Context, *pgx.Conn, pgx.TraceCopyFromEndData) {}
