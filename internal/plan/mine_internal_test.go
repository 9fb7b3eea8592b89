package plan

import (
	"context"
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
)

// TestMyTasksUseTheIndexOfOpenActivities shows, with ten years of done activities, that the
// dashboard's "Mine oppgaver" reaches activities through an index (migration 00260), for a member
// and for a cluster admin: no sequential scan of the table.
func TestMyTasksUseTheIndexOfOpenActivities(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	var user int64
	if err := pool.QueryRow(ctx, `SELECT id FROM users ORDER BY id LIMIT 1`).Scan(&user); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO activities (title, focus_area_id, starts_on, ends_on, status, responsible_user_id)
		SELECT 'Gjennomført ' || i, 1 + i % 3, date '2016-01-01' + i, date '2016-01-01' + i + 10, 'gjennomfort', $1
		FROM generate_series(1, 4000) i`, user); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = pool.Exec(ctx, `DELETE FROM activities WHERE title LIKE 'Gjennomført %'`) })
	if _, err := pool.Exec(ctx, `ANALYZE activities`); err != nil {
		t.Fatal(err)
	}
	today := Today(time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC))
	for _, admin := range []bool{false, true} {
		if plan := dbtest.Plan(t, mineSQL+"8", user, admin, today); strings.Contains(plan, "Seq Scan on activities") {
			t.Errorf("admin %v: sequential scan on activities:\n%s", admin, plan)
		}
	}
}
