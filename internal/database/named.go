package database

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// Named are named query arguments (@name in the statement), like pgx.NamedArgs, except that a
// statement is parsed once: pgx.NamedArgs lexes the whole statement on every query, which was
// 6 % of a thread page's CPU (make bench -profile).
type Named map[string]any

// namedStatements holds the parsed statements by statement and argument names. Statements are
// the code's own, so there are few; past maxNamedStatements new ones are parsed every time.
var (
	namedStatements    sync.Map // string → namedStatement
	namedCount         atomic.Int32
	maxNamedStatements = int32(2000)
)

type namedStatement struct {
	sql   string   // with $1, $2, …
	order []string // the argument name of each $n ("" for a name without a value: NULL)
}

// RewriteQuery implements pgx.QueryRewriter.
func (n Named) RewriteQuery(ctx context.Context, conn *pgx.Conn, sql string, args []any) (string, []any, error) {
	names := make([]string, 0, len(n))
	for k := range n {
		names = append(names, k)
	}
	slices.Sort(names)
	key := sql + "\x00" + strings.Join(names, "\x00")
	var st namedStatement
	if v, ok := namedStatements.Load(key); ok {
		st = v.(namedStatement)
	} else {
		// pgx parses the statement once, with each name's index as its value.
		markers := make(pgx.NamedArgs, len(names))
		for i, k := range names {
			markers[k] = i
		}
		newSQL, marked, err := markers.RewriteQuery(ctx, conn, sql, args)
		if err != nil {
			return "", nil, err
		}
		st = namedStatement{sql: newSQL, order: make([]string, len(marked))}
		for i, m := range marked {
			if idx, ok := m.(int); ok {
				st.order[i] = names[idx]
			}
		}
		if namedCount.Load() < maxNamedStatements {
			if _, loaded := namedStatements.LoadOrStore(key, st); !loaded {
				namedCount.Add(1)
			}
		}
	}
	out := make([]any, len(st.order))
	for i, k := range st.order {
		if k != "" {
			out[i] = n[k]
		}
	}
	return st.sql, out, nil
}
