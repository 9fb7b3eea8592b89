package guests_test

import (
	"context"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/guests"
)

// An owner municipality sees the latest submitted report of each company it owns, and nothing
// of the companies it does not own, nor any draft.
func TestOwnedFiguresAreTheOwnedCompaniesLatestSubmittedReports(t *testing.T) {
	f := newFixture(t, "fig")
	s := guests.NewStore(dbtest.Pool(t))
	ctx := context.Background()

	got, err := s.OwnedFigures(ctx, f.Municipality)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].CompanyID != f.A {
		t.Fatalf("the municipality's companies: %+v, want only A (%d)", got, f.A)
	}
	a := got[0]
	if a.Year != 2024 || len(a.Figures) != 1 || a.Figures[0].Value != 12345.6 {
		t.Errorf("A's figures: %+v, want the 2024 submitted report (not the 2025 draft)", a)
	}
	if text := a.Figures[0].Text(); text != "12\u00a0345,6 tonn" {
		t.Errorf("A's value written %q", text)
	}

	both, err := s.OwnedFigures(ctx, f.Neighbour)
	if err != nil {
		t.Fatal(err)
	}
	if len(both) != 2 || both[0].CompanyID != f.A || both[1].CompanyID != f.B {
		t.Fatalf("the neighbour's companies: %+v, want A and B by name", both)
	}
	if b := both[1]; b.Year != 2025 || len(b.Figures) != 1 || b.Figures[0].Value != 77777.7 {
		t.Errorf("B's figures: %+v", b)
	}

	// A company that has submitted nothing is listed without figures.
	exec(t, dbtest.Pool(t), `INSERT INTO companies (slug, name, municipalities) VALUES ('avfall-c-fig', 'Avfall C fig', $1)`, []string{f.Municipality})
	got, err = s.OwnedFigures(ctx, f.Municipality)
	if err != nil || len(got) != 2 || got[1].Name != "Avfall C fig" || got[1].Reported() || len(got[1].Figures) != 0 {
		t.Errorf("with a company that has reported nothing: %+v, %v", got, err)
	}

	for _, m := range []string{"", "Ingenkommune", "prøvekommune fig"} {
		if got, err := s.OwnedFigures(ctx, m); err != nil || len(got) != 0 {
			t.Errorf("municipality %q: %+v, %v", m, got, err)
		}
	}
}
