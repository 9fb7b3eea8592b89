package members

import (
	"context"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
)

// TestCompanyContactsUseTheIndexOfAdministrators shows, with a company of 2 000 people, that the
// company page's contacts (the contact person and the administrators) are found through the
// index of administrators (migration 00280), not by reading every person of the company.
func TestCompanyContactsUseTheIndexOfAdministrators(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	var company, contact int64
	if err := pool.QueryRow(ctx, `SELECT c.id, min(u.id) FROM companies c JOIN users u ON u.company_id = c.id
		WHERE c.slug = 'las' GROUP BY c.id`).Scan(&company, &contact); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO users (company_id, email, name, password_hash)
		SELECT $1, 'ansatt' || i || '@mange.example', 'Ansatt ' || i, '$argon2id$x' FROM generate_series(1, 2000) i`, company); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = pool.Exec(ctx, `DELETE FROM users WHERE email LIKE '%@mange.example'`) })
	if _, err := pool.Exec(ctx, `ANALYZE users`); err != nil {
		t.Fatal(err)
	}
	if plan := dbtest.Plan(t, contactsSQL+"6", company, contact); !strings.Contains(plan, "users_company_admins_idx") {
		t.Errorf("the contacts are not found through the index of administrators:\n%s", plan)
	}
}

// TestGuestsUseTheirIndex shows, among 3 000 people, that the owners page finds the owner and
// partner accounts through their index (migration 00310), for a cluster admin and for a
// company admin: no sequential scan of the people.
func TestGuestsUseTheirIndex(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	var company int64
	if err := pool.QueryRow(ctx, `SELECT id FROM companies WHERE slug = 'las'`).Scan(&company); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO users (company_id, email, name, password_hash)
		SELECT $1, 'gjest' || i || '@mange.example', 'Ansatt ' || i, '$argon2id$x' FROM generate_series(1, 3000) i`, company); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = pool.Exec(ctx, `DELETE FROM users WHERE email LIKE '%@mange.example'`) })
	if _, err := pool.Exec(ctx, `ANALYZE users`); err != nil {
		t.Fatal(err)
	}
	for _, all := range []bool{true, false} {
		if plan := dbtest.Plan(t, guestsSQL, all, company); strings.Contains(plan, "Seq Scan on users") {
			t.Errorf("all %v: the guests are found by reading every person:\n%s", all, plan)
		}
	}
}
