package database

import (
	"context"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Named rewrites a statement as pgx.NamedArgs does, also the second time (from its cache), with
// repeated names, names without a value, and other values for the same statement.
func TestNamedRewritesAsPgxDoes(t *testing.T) {
	sql := `SELECT @b, @a, @b, @missing::int, '@not_a_name', $$@neither$$ WHERE x = @a`
	for _, args := range []map[string]any{{"a": 1, "b": "x"}, {"a": 2, "b": "y"}, {"a": 3, "b": "z", "extra": true}} {
		for range 2 {
			gotSQL, gotArgs, err := Named(args).RewriteQuery(context.Background(), nil, sql, nil)
			if err != nil {
				t.Fatal(err)
			}
			wantSQL, wantArgs, _ := pgx.NamedArgs(args).RewriteQuery(context.Background(), nil, sql, nil)
			if gotSQL != wantSQL || !reflect.DeepEqual(gotArgs, wantArgs) {
				t.Errorf("%v: got %q %v, want %q %v", args, gotSQL, gotArgs, wantSQL, wantArgs)
			}
		}
	}
}

func BenchmarkNamedArgs(b *testing.B) {
	sql := `SELECT t.id, t.title FROM forum_threads t JOIN forums f ON f.id = t.forum_id
		LEFT JOIN forum_reads r ON r.thread_id = t.id AND r.user_id = @uid
		WHERE t.forum_id = @forum AND (f.group_id IS NULL OR @admin OR EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = f.group_id AND gm.user_id = @uid))
		ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC LIMIT @limit`
	args := map[string]any{"uid": 1, "forum": 2, "admin": false, "limit": 51}
	b.Run("pgx", func(b *testing.B) {
		for range b.N {
			_, _, _ = pgx.NamedArgs(args).RewriteQuery(context.Background(), nil, sql, nil)
		}
	})
	b.Run("kept", func(b *testing.B) {
		for range b.N {
			_, _, _ = Named(args).RewriteQuery(context.Background(), nil, sql, nil)
		}
	})
}
