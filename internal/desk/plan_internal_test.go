package desk

import (
	"context"
	"os"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, "klynge-demo-2026")
		return err
	}))
}

// TestDormantPeopleUseTheirIndex shows, among 3 000 people who signed in lately and 40 who have
// not for a year, that the desk counts and lists the dormant ones through the index of last
// sign-ins (migration 00310), for the cluster, and through that index per company for one
// company: no sequential scan of the people, and no reading of every person of the company.
func TestDormantPeopleUseTheirIndex(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	var company int64
	if err := pool.QueryRow(ctx, `SELECT id FROM companies WHERE slug = 'las'`).Scan(&company); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO users (company_id, email, name, password_hash, last_login_at)
		SELECT $1, 'sovende' || i || '@mange.example', 'Ansatt ' || i, '$argon2id$x',
		       now() - CASE WHEN i <= 40 THEN interval '400 days' ELSE interval '3 days' END
		FROM generate_series(1, 3000) i`, company); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = pool.Exec(ctx, `DELETE FROM users WHERE email LIKE '%@mange.example'`) })
	if _, err := pool.Exec(ctx, `ANALYZE users`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []int64{0, company} {
		for name, sql := range map[string]string{"list": dormantSQL, "count": dormantCountSQL} {
			plan := genericPlan(t, scoped(sql, c), c)
			index := map[bool]string{true: "users_dormant_idx", false: "users_company_dormant_idx"}[c == 0]
			if strings.Contains(plan, "Seq Scan on users") || !strings.Contains(plan, index+" ") {
				t.Errorf("company %d, %s: the dormant people are not found through their index:\n%s", c, name, plan)
			}
		}
	}
}

// genericPlan is the plan the desk runs sql with (Load: database.QueuePlanOnce), made for
// unknown arguments.
func genericPlan(t *testing.T, sql string, args ...any) string {
	t.Helper()
	ctx := context.Background()
	tx, err := dbtest.Pool(t).Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	rows, _ := tx.Query(ctx, "EXPLAIN "+sql, args...)
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
