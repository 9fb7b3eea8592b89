package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
)

// TestUnknownAccountsTakeAsLongAsKnownOnes measures Authenticate for a wrong password of a real
// account and for an address nobody has: the times must be alike, so that the time of the answer
// does not tell whether an account exists.
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
	// Known and unknown take turns, and the fastest of each is compared: load on a shared
	// machine slows both alike. Without the dummy hash an unknown account answers some fifty
	// times faster, far outside the factor of four allowed here.
	once := func(email string) time.Duration {
		start := time.Now()
		_, _, err := store.Authenticate(ctx, email, "feil passord for timing")
		if !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("%s: %v, want ErrBadCredentials", email, err)
		}
		return time.Since(start)
	}
	once("kjent@timing.example") // warm up
	known, unknown := time.Hour, time.Hour
	for range 9 {
		known = min(known, once("kjent@timing.example"))
		unknown = min(unknown, once("ukjent@timing.example"))
	}
	t.Logf("fastest Authenticate: known account %v, unknown account %v", known, unknown)
	if unknown < known/4 || unknown > known*4 {
		t.Fatalf("unknown account %v against known %v: the time tells whether an account exists", unknown, known)
	}
}
