package database_test

import (
	"context"
	"testing"
	"time"

	"klyngeportalen/internal/database"
	"klyngeportalen/internal/database/dbtest"
)

// TestResubmittedSerialisesAndFindsTheFirst: a second submit of the same kind by the same person
// waits for the first one's transaction, then finds what it made; another person does not wait.
func TestResubmittedSerialisesAndFindsTheFirst(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `CREATE TABLE submit_test (id bigint GENERATED ALWAYS AS IDENTITY, actor bigint, body text)`); err != nil {
		t.Fatal(err)
	}
	const find = `SELECT id FROM submit_test WHERE actor = $1 AND body = $2`
	first, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback(ctx)
	if _, found, err := database.Resubmitted(ctx, first, "test", 7, find, 7, "hei"); err != nil || found {
		t.Fatalf("first submit: found %v, %v", found, err)
	}
	var id int64
	if err := first.QueryRow(ctx, `INSERT INTO submit_test (actor, body) VALUES (7, 'hei') RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	type result struct {
		id    int64
		found bool
		err   error
	}
	second := make(chan result, 1)
	go func() {
		tx, err := pool.Begin(ctx)
		if err != nil {
			second <- result{err: err}
			return
		}
		defer tx.Rollback(ctx)
		id, found, err := database.Resubmitted(ctx, tx, "test", 7, find, 7, "hei")
		second <- result{id, found, err}
	}()
	// Someone else's submit does not wait for the first.
	other, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback(ctx)
	octx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, found, err := database.Resubmitted(octx, other, "test", 8, find, 8, "hei"); err != nil || found {
		t.Fatalf("another person's submit: found %v, %v", found, err)
	}
	select {
	case r := <-second:
		t.Fatalf("the second submit did not wait for the first: %+v", r)
	case <-time.After(300 * time.Millisecond):
	}
	if err := first.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if r := <-second; r.err != nil || !r.found || r.id != id {
		t.Fatalf("second submit: %+v, want the first one's id %d", r, id)
	}
}
