package meetings

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
)

// TestAttendeesReadEachAnswerByItsKey shows, among 3 000 people and 400 meetings of the
// directors' forum each answered by every member, that a meeting's attendees are read from its group and each answer
// by its key in the plan made for any meeting: not by walking every answer of the group's
// people (meeting_attendance_user_idx), as the generic plan did when the joins were free.
func TestAttendeesReadEachAnswerByItsKey(t *testing.T) {
	ctx := t.Context()
	pool := dbtest.Pool(t)
	for _, sql := range []string{
		`INSERT INTO users (company_id, email, name, password_hash)
			SELECT (SELECT min(id) FROM companies), 'planmote' || i || '@mange.example', 'Ansatt ' || i, '$argon2id$x'
			FROM generate_series(1, 3000) i`,
		`INSERT INTO meetings (group_id, title, starts_at, ends_at, place)
			SELECT g.id, 'Planmøte ' || i, now() - i * interval '1 day', now() - i * interval '1 day' + interval '2 hours', 'Bodø'
			FROM groups g, generate_series(1, 400) i WHERE g.slug = 'direktorforum'`,
		`INSERT INTO meeting_attendance (meeting_id, user_id, answer)
			SELECT m.id, gm.user_id, '` + Coming + `' FROM meetings m JOIN group_members gm ON gm.group_id = m.group_id
			WHERE m.title LIKE 'Planmøte %'`,
		`ANALYZE meetings, meeting_attendance, group_members, users`,
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		_, _ = pool.Exec(ctx, `DELETE FROM meetings WHERE title LIKE 'Planmøte %'`)
		_, _ = pool.Exec(ctx, `DELETE FROM users WHERE email LIKE 'planmote%@mange.example'`)
	})
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	rows, _ := tx.Query(ctx, `EXPLAIN SELECT `+attendeeColumns+` WHERE m.id = $1`+attendeeOrder, int64(1))
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if plan := strings.Join(lines, "\n"); !strings.Contains(plan, "meeting_attendance_pkey") || strings.Contains(plan, "meeting_attendance_user_idx") {
		t.Errorf("the answers are not read by their key:\n%s", plan)
	}
}
