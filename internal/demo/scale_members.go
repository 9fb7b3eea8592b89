package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// scaleUsers adds people to the companies with COPY until there are n users in all, spread
// over the companies, with invented Norwegian names and the password hash of the demo accounts
// (development only: the benchmark's scale data). It returns how many it added.
func scaleUsers(ctx context.Context, pool *pgxpool.Pool, n int) (int, error) {
	var have int
	var hash string
	if err := pool.QueryRow(ctx, `SELECT count(*), (SELECT password_hash FROM users WHERE password_hash IS NOT NULL LIMIT 1) FROM users`).Scan(&have, &hash); err != nil {
		return 0, fmt.Errorf("scale users: %w (seed the demo accounts first)", err)
	}
	type company struct {
		ID   int64
		Slug string
	}
	rows, _ := pool.Query(ctx, `SELECT id, slug FROM companies ORDER BY id`)
	companies, err := pgx.CollectRows(rows, pgx.RowToStructByPos[company])
	if err != nil || len(companies) == 0 {
		return 0, fmt.Errorf("scale users: no companies (%v)", err)
	}
	titles := []string{"Renovatør", "Sjåfør", "Rådgiver", "Ingeniør", "Prosjektleder", "Avdelingsleder", "Kundebehandler", "Driftsoperatør", "Miljørådgiver", "Økonomikonsulent"}
	// Accounts made over three years, signed in over the last eight months: a fifth of them
	// have not signed in for half a year (the desk's dormant people), one in ten never has.
	now := time.Now()
	var data [][]any
	for i := have; i < n; i++ {
		c := companies[i%len(companies)]
		name := demoFirst[i%len(demoFirst)] + " " + demoLast[(i/len(demoFirst)+i)%len(demoLast)]
		created := now.AddDate(0, 0, -(30 + i*37%1100))
		var login *time.Time
		if i%10 != 0 {
			t := now.AddDate(0, 0, -(i * 7 % 240))
			if t.Before(created) {
				t = created
			}
			login = &t
		}
		data = append(data, []any{c.ID, fmt.Sprintf("person%05d@%s.example", i, c.Slug), name, titles[i%len(titles)], "member", hash, created, login})
	}
	added, err := pool.CopyFrom(ctx, pgx.Identifier{"users"}, []string{"company_id", "email", "name", "title", "role", "password_hash", "created_at", "last_login_at"}, pgx.CopyFromRows(data))
	return int(added), err
}
