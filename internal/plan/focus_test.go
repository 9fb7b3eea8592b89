package plan_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/plan"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m, addEditor)) }

// editorID is a person in the test database whom the test users act as.
var editorID int64

func addEditor(ctx context.Context, pool *pgxpool.Pool) error {
	return pool.QueryRow(ctx, `WITH c AS (INSERT INTO companies (slug, name) VALUES ('testselskap', 'Testselskap') RETURNING id)
		INSERT INTO users (company_id, email, name) SELECT id, 'redaktor@test.example', 'Redaktør' FROM c RETURNING id`).Scan(&editorID)
}

func TestFocusAreasOfTheStrategy(t *testing.T) {
	areas, err := plan.NewStore(dbtest.Pool(t), markdown.New()).FocusAreas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != 3 || areas[0].Name != "Kompetanse" || areas[1].Name != "En samlet stemme" || areas[2].Name != "Stordrift" {
		t.Fatalf("focus areas %+v", areas)
	}
	if len(areas[0].Topics) != 3 || areas[0].Topics[1].Name != "Møteplasser" || len(areas[2].Topics) != 2 {
		t.Fatalf("topics %+v", areas)
	}
}
