package database_test

import (
	"context"
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

// A login (last_login_at, never a HOT update) puts nothing in the pending lists of the users'
// text indexes, which every search would read whole (migration 00520).
func TestALoginLeavesNoPendingEntriesForTheSearch(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	if _, err := pool.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pgstattuple`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		WITH c AS (INSERT INTO companies (slug, name) VALUES ('innlogging-as', 'Innlogging AS') RETURNING id)
		INSERT INTO users (company_id, email, name, password_hash, expertise)
		SELECT c.id, 'person' || i || '@innlogging.example', 'Person Nummer ' || i, '$argon2id$test', ARRAY['restavfall'] FROM c, generate_series(1, 20) i`); err != nil {
		t.Fatal(err)
	}
	tag, err := pool.Exec(ctx, `UPDATE users SET last_login_at = now() WHERE active AND password_hash IS NOT NULL`)
	if err != nil || tag.RowsAffected() < 5 {
		t.Fatalf("logins: %v, %d users", err, tag.RowsAffected())
	}
	for _, index := range []string{"users_name_trgm_idx", "users_search_idx", "users_expertise_idx"} {
		var pending int
		if err := pool.QueryRow(ctx, `SELECT pending_tuples FROM pgstatginindex($1::regclass)`, index).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending != 0 {
			t.Errorf("%s: %d pending entries after the logins, want 0", index, pending)
		}
	}
}

// Every GIN index either takes its rows at once or merges a short pending list (00290,
// 00520): a new one left at the default 4 MB list would slow every scan of it.
func TestEveryTextIndexKeepsItsPendingListShort(t *testing.T) {
	rows, err := dbtest.Pool(t).Query(context.Background(), `
		SELECT c.relname FROM pg_class c JOIN pg_am am ON am.oid = c.relam
		WHERE c.relkind = 'i' AND am.amname = 'gin'
			AND NOT coalesce('fastupdate=off' = ANY (c.reloptions) OR 'gin_pending_list_limit=64' = ANY (c.reloptions), false)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s keeps the default pending list: set fastupdate = off or a short gin_pending_list_limit", name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
