package auth_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
)

// TestUnknownAccountsTakeAsLongAsKnownOnes measures Authenticate for a wrong password of a real
// account and for an address nobody has: the medians must be within a factor of two, so that the
// time of the answer does not tell whether an account exists.
func TestUnknownAccountsTakeAsLongAsKnownOnes(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	hash, err := auth.HashPassword("riktig passord for timing")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		WITH c AS (INSERT INTO companies (slug, name) VALUES ('timing-as', 'Timing AS') RETURNING id)
		INSERT INTO users (company_id, email, name, password_hash) SELECT id, 'kjent@timing.example', 'Kjent', $1 FROM c`, hash); err != nil {
		t.Fatal(err)
	}
	store := auth.NewStore(pool)
	measure := func(email string) time.Duration {
		var ds []time.Duration
		for range 7 {
			start := time.Now()
			_, _, err := store.Authenticate(ctx, email, "feil passord for timing")
			ds = append(ds, time.Since(start))
			if !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("%s: %v, want ErrBadCredentials", email, err)
			}
		}
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	measure("kjent@timing.example") // warm up
	known, unknown := measure("kjent@timing.example"), measure("ukjent@timing.example")
	t.Logf("median Authenticate: known account %v, unknown account %v", known, unknown)
	if unknown < known/2 || unknown > known*2 {
		t.Fatalf("unknown account %v against known %v: the time tells whether an account exists", unknown, known)
	}
}
