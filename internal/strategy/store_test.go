package strategy_test

import (
	"context"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/strategy"
	"klyngeportalen/internal/validate"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m, addEditor)) }

var editorID int64

func addEditor(ctx context.Context, pool *pgxpool.Pool) error {
	return pool.QueryRow(ctx, `WITH c AS (INSERT INTO companies (slug, name) VALUES ('testselskap', 'Testselskap') RETURNING id)
		INSERT INTO users (company_id, email, name) SELECT id, 'strateg@test.example', 'Strateg' FROM c RETURNING id`).Scan(&editorID)
}

func users() (admin, steering, director, companyAdmin *auth.User) {
	return &auth.User{ID: editorID, Role: auth.RoleClusterAdmin},
		&auth.User{ID: editorID, Role: auth.RoleMember, Groups: []string{auth.GroupSteering}},
		&auth.User{ID: editorID, Role: auth.RoleMember, Groups: []string{auth.GroupDirectors}},
		&auth.User{ID: editorID, Role: auth.RoleCompanyAdmin}
}

// The strategy of MEMBERS.md is there from the migration: purpose, ambition, three focus areas
// with their eight sub-goals.
func TestTheStrategyInForce(t *testing.T) {
	st, err := strategy.NewStore(dbtest.Pool(t)).Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Number != 1 || !st.Latest || st.FirstYear != 2025 || st.LastYear != 2026 || len(st.PurposePoints()) != 5 ||
		st.Ambition != "Å være et kunnskapsnav og knutepunkt for avfallsbransjen i nord." {
		t.Fatalf("strategy %+v", st.Revision)
	}
	var names []string
	n := 0
	for _, a := range st.Areas {
		names = append(names, a.Name)
		n += len(a.SubGoals)
	}
	if len(st.Areas) != 3 || names[0] != "Kompetanse" || names[1] != "En samlet stemme" || names[2] != "Stordrift" || n != 8 ||
		st.Areas[1].SubGoals[1].Name != "Styrke posisjonen til bransjen i nord" || st.Areas[2].SubGoals[1].Slug != "felles-losninger" {
		t.Fatalf("areas %+v", st.Areas)
	}
}

// Only cluster admins and the steering group revise; a revision is a new version and the
// earlier one stays readable as it was; a form made from an old version is refused; a new
// period starts from a copy.
func TestRevisionsKeepHistoryAndOnlyEditorsMakeThem(t *testing.T) {
	ctx := context.Background()
	s := strategy.NewStore(dbtest.Pool(t))
	admin, steering, director, companyAdmin := users()
	first, err := s.Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := strategy.InputOf(first)
	in.Ambition, in.Note = "Å være nordens knutepunkt for sirkulær økonomi.", "Ny ambisjon"
	for _, u := range []*auth.User{director, companyAdmin, {ID: editorID, Role: auth.RoleMember}, nil} {
		if _, err := s.Revise(ctx, u, first.ID, in); !errors.Is(err, strategy.ErrForbidden) {
			t.Errorf("%+v revised: %v", u, err)
		}
	}
	second, err := s.Revise(ctx, steering, first.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	cur := current(t, s)
	if cur.ID != second || cur.Number != 2 || cur.Ambition != in.Ambition || cur.AuthorName == nil || *cur.AuthorName != "Strateg" || len(cur.Areas) != 3 {
		t.Fatalf("after the revision: %+v", cur.Revision)
	}
	old, err := s.Revision(ctx, first.ID)
	if err != nil || old.Ambition != first.Ambition || old.Latest {
		t.Fatalf("the first version after a revision: %+v, %v", old.Revision, err)
	}
	// A second editor's form made from version 1 is refused, not saved over version 2.
	if _, err := s.Revise(ctx, admin, first.ID, in); !errors.Is(err, strategy.ErrConflict) {
		t.Errorf("a revision from an old version: %v, want ErrConflict", err)
	}
	// The cluster admin renames a sub-goal: only the new version has the new name.
	in = strategy.InputOf(cur)
	key := cur.Areas[0].SubGoals[1].Key()
	in.Goals[key] = strategy.GoalInput{Name: "Møteplasser og samlinger", Description: "Workshops og konferanser."}
	in.Note = "Nytt navn"
	third, err := s.Revise(ctx, admin, second, in)
	if err != nil {
		t.Fatal(err)
	}
	v3, _ := s.Revision(ctx, third)
	v2, _ := s.Revision(ctx, second)
	if v3.Areas[0].SubGoals[1].Name != "Møteplasser og samlinger" || v2.Areas[0].SubGoals[1].Name != "Møteplasser" {
		t.Errorf("sub-goal names: v3 %q, v2 %q", v3.Areas[0].SubGoals[1].Name, v2.Areas[0].SubGoals[1].Name)
	}
	// Invalid text: errors per field, nothing saved.
	bad := strategy.InputOf(v3)
	bad.Goals[key] = strategy.GoalInput{Name: ""}
	bad.Purpose, bad.Note = "", ""
	_, err = s.Revise(ctx, admin, third, bad)
	var errs validate.Errors
	if !errors.As(err, &errs) || errs["purpose"] == "" || errs["note"] == "" || errs[key+"-navn"] == "" {
		t.Errorf("invalid revision: %v %v", err, errs)
	}
	history, err := s.History(ctx)
	if err != nil || len(history) != 1 || len(history[0].Revisions) != 3 || history[0].Revisions[0].ID != third {
		t.Fatalf("history %+v, %v", history, err)
	}

	// A new period from a copy of version 3: it is in force, the old period stays.
	if _, err := s.NewPeriod(ctx, director, third, strategy.PeriodInput{Name: "Strategi 2027–2028", FirstYear: "2027", LastYear: "2028"}); !errors.Is(err, strategy.ErrForbidden) {
		t.Errorf("a director started a period: %v", err)
	}
	if _, err := s.NewPeriod(ctx, admin, third, strategy.PeriodInput{Name: "Feil", FirstYear: "2028", LastYear: "2027"}); !errors.As(err, &errs) || errs["last_year"] == "" {
		t.Errorf("a period that ends before it begins: %v", err)
	}
	fresh, err := s.NewPeriod(ctx, steering, third, strategy.PeriodInput{Name: "Strategi 2027–2028", FirstYear: "2027", LastYear: "2028"})
	if err != nil {
		t.Fatal(err)
	}
	cur = current(t, s)
	if cur.ID != fresh || cur.Number != 1 || cur.PeriodName != "Strategi 2027–2028" || cur.Ambition != v3.Ambition ||
		cur.Areas[0].SubGoals[1].Name != "Møteplasser og samlinger" || cur.Note != "Kopiert fra Strategi for Avfallsklynge Nord 2025–2026, versjon 3." {
		t.Fatalf("the new period: %+v", cur.Revision)
	}
	if history, _ := s.History(ctx); len(history) != 2 || history[0].Name != "Strategi 2027–2028" || len(history[1].Revisions) != 3 {
		t.Errorf("history after a new period: %+v", history)
	}
}

// current reads the strategy in force both ways, with Current and with QueueCurrent in a
// batch, and fails the test unless they agree.
func current(t *testing.T, s *strategy.Store) strategy.Strategy {
	t.Helper()
	ctx := context.Background()
	want, err := s.Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got strategy.Strategy
	var b pgx.Batch
	strategy.QueueCurrent(&b, &got)
	if err := database.Send(ctx, dbtest.Pool(t), &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("QueueCurrent read %+v, Current %+v", got, want)
	}
	return want
}

// QueueCurrent reads what Current reads, in one round trip, and fails the batch with
// ErrNotFound when there is no strategy.
func TestQueueCurrentReadsTheStrategyInForce(t *testing.T) {
	if st := current(t, strategy.NewStore(dbtest.Pool(t))); len(st.Areas) != 3 {
		t.Fatalf("areas %+v", st.Areas)
	}
	ctx := context.Background()
	tx, err := dbtest.Pool(t).Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `DELETE FROM strategy_periods`); err != nil {
		t.Fatal(err)
	}
	var st strategy.Strategy
	var b pgx.Batch
	strategy.QueueCurrent(&b, &st)
	if err := tx.SendBatch(ctx, &b).Close(); !errors.Is(err, strategy.ErrNotFound) {
		t.Errorf("without a strategy: %v, want ErrNotFound", err)
	}
}
