package database

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// Resubmitted is the portal's one guard against a double submit (a double click, a form sent
// again after a slow answer): it makes the submits of one kind by one person wait for each other
// in tx (a transaction-scoped advisory lock on kind and actor), then runs find, a query that
// selects the id of what an earlier, identical submit made. found is true when there is one:
// the caller answers with it instead of making a second. What counts as the same submit is the
// area's: the form's one-time key (forum posts), or the same content in the last minutes.
func Resubmitted(ctx context.Context, tx pgx.Tx, kind string, actor int64, find string, args ...any) (id int64, found bool, err error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2::bigint, 0))`, kind, actor); err != nil {
		return 0, false, err
	}
	err = tx.QueryRow(ctx, find, args...).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}
