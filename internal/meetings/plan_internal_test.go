package meetings

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database/dbtest"
)

// TestMeetingAnswersReadByTheirKeys shows, among 3 000 people and 400 meetings of the
// directors' forum each answered by every member, in the plans made for any meeting and person:
//   - that a meeting's attendees are read from its group and each answer by its key, not by
//     walking every answer of the group's people, as the generic plan did when the joins were free;
//   - that a director's own answers, which the list of meetings marks, are read through the
//     index of their answers, not every answer joined to its meeting and sorted by its start.
func TestMeetingAnswersReadByTheirKeys(t *testing.T) {
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
	plan := func(sql string, args ...any) string {
		rows, _ := tx.Query(ctx, `EXPLAIN `+sql, args...)
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(lines, "\n")
	}
	if p := plan(`SELECT `+attendeeColumns+` WHERE m.id = $1`+attendeeOrder, int64(1)); !strings.Contains(p, "meeting_attendance_pkey") ||
		strings.Contains(p, "meeting_attendance_user") {
		t.Errorf("the answers are not read by their key:\n%s", p)
	}
	// A director's own answers for the list of meetings: the newest from the index alone.
	var director int64
	if err := tx.QueryRow(ctx, `SELECT user_id FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE g.slug = 'direktorforum' LIMIT 1`).Scan(&director); err != nil {
		t.Fatal(err)
	}
	if p := plan(myAnswersSQL, director, myAnswersRead); !strings.Contains(p, "meeting_attendance_user_meeting_idx") ||
		strings.Contains(p, " on meetings") {
		t.Errorf("a person's answers are not read from their index alone:\n%s", p)
	}
}
