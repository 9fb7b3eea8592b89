package database_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
)

// Every single-row version counter is added one to once per changing transaction, however
// many of its changes the transaction makes (migrations 00500 and 00510); a change made in a
// savepoint that is rolled back does not save a later change from adding one; and each new
// transaction adds one again.
func TestVersionCountersAddOneOncePerTransaction(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	counters := []struct{ bump, table, row string }{
		{"bump_event_version", "event_version", "id"}, {"bump_desk_version", "desk_version", "id"},
		{"bump_forum_version", "forum_version", "id"}, {"bump_indicator_version", "indicator_version", "id"},
		{"bump_meeting_version", "meeting_version", "id"}, {"bump_news_version", "news_version", "id"},
		{"bump_partner_version", "partner_version", "id"}, {"bump_people_version", "people_version", "id"},
		{"bump_plan_version", "plan_version", "id"}, {"bump_reference_version", "reference_version", "id"},
		{"bump_search_version", "search_version", "id"}, {"bump_strategy_version", "strategy_version", "id"},
		{"bump_bell_of_everyone", "bell_version", "user_id = 0"}, {"bump_dashboard_of_everyone", "dashboard_version", "user_id = 0"},
	}
	for _, c := range counters {
		t.Run(c.table, func(t *testing.T) {
			conn, err := pool.Acquire(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Release()
			exec := func(sql string) {
				t.Helper()
				if _, err := conn.Exec(ctx, sql); err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
			}
			exec(`CREATE TEMP TABLE changes (x int)`)
			defer exec(`DROP TABLE changes`)
			exec(`CREATE TRIGGER changes_version AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION ` + c.bump + `()`)
			n := func() int64 {
				t.Helper()
				var v int64
				if err := conn.QueryRow(ctx, `SELECT n FROM `+c.table+` WHERE `+c.row).Scan(&v); err != nil {
					t.Fatal(err)
				}
				return v
			}
			in := func(steps ...string) {
				t.Helper()
				err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
					for _, s := range steps {
						if _, err := tx.Exec(ctx, s); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			start := n()
			in(`INSERT INTO changes VALUES (1)`, `INSERT INTO changes VALUES (2)`, `INSERT INTO changes VALUES (3)`)
			if got := n(); got != start+1 {
				t.Errorf("three changes in one transaction: %d, want %d", got, start+1)
			}
			in(`INSERT INTO changes VALUES (4)`)
			if got := n(); got != start+2 {
				t.Errorf("a change in the next transaction: %d, want %d", got, start+2)
			}
			in(`SAVEPOINT s`, `INSERT INTO changes VALUES (5)`, `ROLLBACK TO SAVEPOINT s`, `INSERT INTO changes VALUES (6)`)
			if got := n(); got != start+3 {
				t.Errorf("a change after a savepoint rolled back: %d, want %d", got, start+3)
			}
		})
	}
}
