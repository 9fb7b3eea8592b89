package forum_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
)

// TestMain seeds the demo data (internal/demo) for the forum's tests, which are in package
// forum: the demo package imports forum, so only an external test file may import it.
func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, "klynge-demo-2026")
		return err
	}))
}
