package demo_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
)

const demoPassword = "klynge-demo-2026"

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, demoPassword)
		return err
	}))
}

func count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := dbtest.Pool(t).QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSeedIsTheDemoContractAndRunsOnce: the accounts of ARCHITECTURE.md's demo data and every
// area's demo content are there, and a second seed adds nothing.
func TestSeedIsTheDemoContractAndRunsOnce(t *testing.T) {
	if n := count(t, `SELECT count(*) FROM companies`); n != 11 {
		t.Fatalf("%d companies, want 11", n)
	}
	if n := count(t, `SELECT count(*) FROM users WHERE email LIKE 'direktor@%' AND id IN (SELECT user_id FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE g.slug = 'direktorforum')`); n != 11 {
		t.Errorf("%d directors in direktørforum, want 11", n)
	}
	if n := count(t, `SELECT count(*) FROM users WHERE email = 'klyngeleder@remiks.example' AND role = 'cluster_admin'`); n != 1 {
		t.Error("no cluster admin klyngeleder@remiks.example")
	}
	if n := count(t, `SELECT count(*) FROM users WHERE email LIKE 'admin@%' AND role = 'company_admin'`); n != 11 {
		t.Errorf("%d company admins, want 11", n)
	}
	if n := count(t, `SELECT count(*) FROM users WHERE email IN ($1, $2)`, demo.DemoOwner, demo.DemoPartner); n != 2 {
		t.Errorf("%d of the owner and partner accounts, want 2", n)
	}
	areas := map[string]int{
		`SELECT count(*) FROM forums`:                11, // 9 of the members, Eierforum and Partnerforum
		`SELECT count(*) FROM forum_threads`:         8,
		`SELECT count(*) FROM events`:                8,
		`SELECT count(*) FROM activities`:            27,
		`SELECT count(*) FROM consultations`:         2,
		`SELECT count(*) FROM news`:                  3,
		`SELECT count(*) FROM documents`:             5,
		`SELECT count(*) FROM indicators`:            5,
		`SELECT count(*) FROM partner_organisations`: 7,
		`SELECT count(*) FROM projects`:              2,
		`SELECT count(*) FROM meetings`:              3,
	}
	before := map[string]int{}
	for sql, want := range areas {
		before[sql] = count(t, sql)
		if before[sql] != want {
			t.Errorf("%s: %d, want %d", sql, before[sql], want)
		}
	}
	users := count(t, `SELECT count(*) FROM users`)
	sum, err := demo.Seed(context.Background(), dbtest.Pool(t), demoPassword)
	if err != nil || !sum.Skipped {
		t.Fatalf("second seed: %+v, %v; want skipped", sum, err)
	}
	if n := count(t, `SELECT count(*) FROM users`); n != users {
		t.Errorf("%d users after a second seed, want %d", n, users)
	}
	for sql, n := range before {
		if got := count(t, sql); got != n {
			t.Errorf("%s: %d after a second seed, want %d", sql, got, n)
		}
	}
}
