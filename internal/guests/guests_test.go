package guests_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
)

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, "klynge-demo-2026")
		return err
	}))
}

// fixture is an owner municipality's world: company A (owned by it and by a neighbour), company
// B (owned by the neighbour only), one indicator with A's submitted and draft values and B's
// submitted one, and the people who may or may not get the newsletter.
type fixture struct {
	Municipality, Neighbour string
	A, B                    int64  // company ids
	AName, BName            string // company names
	Owner                   string // active, accepted the invitation with a password
	SSOOwner                string // active, signs in through an identity provider (no password)
	Invited                 string // has not accepted the invitation
	Inactive                string // deactivated
	OptedOut                string // has said no
	Partner, Member         string // not owners
}

func exec(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func id(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// newFixture makes a fixture whose names and addresses end in tag (unique per test).
func newFixture(t *testing.T, tag string) fixture {
	t.Helper()
	pool := dbtest.Pool(t)
	f := fixture{Municipality: "Prøvekommune " + tag, Neighbour: "Nabokommune " + tag,
		AName: "Avfall A " + tag, BName: "Avfall B " + tag}
	f.A = id(t, pool, `INSERT INTO companies (slug, name, municipalities) VALUES ($1, $2, $3) RETURNING id`,
		"avfall-a-"+tag, f.AName, []string{f.Neighbour, f.Municipality})
	f.B = id(t, pool, `INSERT INTO companies (slug, name, municipalities) VALUES ($1, $2, $3) RETURNING id`,
		"avfall-b-"+tag, f.BName, []string{f.Neighbour})
	ind := id(t, pool, `INSERT INTO indicators (slug, name, unit, direction, category, decimals)
		VALUES ($1, $2, 'tonn', 'lower', 'baerekraft', 1) RETURNING id`, "restavfall-"+tag, "Restavfall "+tag)
	report := func(company int64, year int, status string, value float64) {
		r := id(t, pool, `INSERT INTO indicator_reports (company_id, year, status, submitted_at)
			VALUES ($1, $2, $3, CASE WHEN $3 = 'submitted' THEN now() END) RETURNING id`, company, year, status)
		exec(t, pool, `INSERT INTO indicator_values (report_id, indicator_id, value) VALUES ($1, $2, $3)`, r, ind, value)
	}
	report(f.A, 2023, "submitted", 11111.1)
	report(f.A, 2024, "submitted", 12345.6) // A's latest submitted
	report(f.A, 2025, "draft", 99999.9)     // never shown
	report(f.B, 2025, "submitted", 77777.7) // not the municipality's
	owner := func(local string, active bool, password bool) string {
		email := local + "-" + tag + "@kommune.test"
		var hash any
		if password {
			hash = "$argon2id$x"
		}
		exec(t, pool, `INSERT INTO users (company_id, email, name, kind, municipality, active, password_hash)
			VALUES (NULL, $1, $2, 'owner', $3, $4, $5)`, email, "Eier "+local, f.Municipality, active, hash)
		return email
	}
	f.Owner = owner("eier", true, true)
	f.SSOOwner = owner("sso", true, false)
	exec(t, pool, `INSERT INTO user_identities (issuer, subject, user_id) SELECT 'https://idp.test', $1, id FROM users WHERE email = $1`, f.SSOOwner)
	f.Invited = owner("invitert", true, false)
	f.Inactive = owner("sluttet", false, true)
	f.OptedOut = owner("avmeldt", true, true)
	exec(t, pool, `INSERT INTO owner_newsletter_optouts (user_id) SELECT id FROM users WHERE email = $1`, f.OptedOut)
	partner := id(t, pool, `INSERT INTO partner_organisations (slug, name, kind) VALUES ($1, 'Forskning '||$1, 'fou') RETURNING id`, "fou-"+tag)
	f.Partner = "partner-" + tag + "@fou.test"
	exec(t, pool, `INSERT INTO users (company_id, email, name, kind, partner_id, password_hash) VALUES (NULL, $1, 'Partner', 'partner', $2, '$argon2id$x')`, f.Partner, partner)
	f.Member = "ansatt-" + tag + "@avfall.test"
	exec(t, pool, `INSERT INTO users (company_id, email, name, kind, password_hash) VALUES ($1, $2, 'Ansatt', 'member', '$argon2id$x')`, f.A, f.Member)
	return f
}
