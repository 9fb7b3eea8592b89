package plan_test

import (
	"context"
	"os"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/plan"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

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
