package forum

import (
	"context"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// PageExtras is what a thread page shows besides its posts: files and reactions per post, the
// reply marked as the answer, and the viewer's draft.
type PageExtras struct {
	Attachments map[int64][]Attachment // by post id
	Reactions   map[int64][]Reactions  // by post id
	Solution    *Post                  // when asked for and still shown
	Draft       *Draft                 // when asked for and there is one
}

// blockPosts are the posts of thread @thread numbered from @from on one page.
const blockPosts = `SELECT p.id FROM forum_posts p WHERE p.thread_id = @thread AND p.seq >= @from AND p.seq < @from + @size`

// Extras reads, in one round trip, the extras of the page of thread t from post number from
// for u, who may see the thread: with solution, the answer; with draft, u's draft.
func (s *Store) Extras(ctx context.Context, u *auth.User, t Thread, from int, solution, draft bool) (PageExtras, error) {
	x := PageExtras{Attachments: map[int64][]Attachment{}, Reactions: map[int64][]Reactions{}}
	args := with(viewerArgs(u), "thread", t.ID, "from", from, "size", PageSize, "names", maxReactionNames)
	var b pgx.Batch
	b.Queue(`SELECT pd.post_id, d.id, d.title, v.filename, bl.size
		FROM forum_post_documents pd JOIN documents d ON d.id = pd.document_id
		JOIN document_versions v ON v.document_id = d.id AND v.number = d.versions JOIN document_blobs bl ON bl.id = v.blob_id
		WHERE pd.post_id IN (`+blockPosts+`) AND d.deleted_at IS NULL
		  AND `+access.Named().Document("d")+`
		ORDER BY pd.post_id, d.id`, args).Query(func(rows pgx.Rows) error {
		var a Attachment
		_, err := pgx.ForEachRow(rows, []any{&a.PostID, &a.DocumentID, &a.Title, &a.Filename, &a.Size}, func() error {
			x.Attachments[a.PostID] = append(x.Attachments[a.PostID], a)
			return nil
		})
		return err
	})
	b.Queue(`SELECT r.post_id, r.kind, count(*)::int,
			(array_agg(coalesce(a.name, 'Tidligere medlem') ORDER BY r.created_at, r.user_id))[1:@names],
			bool_or(r.user_id = @uid)
		FROM forum_reactions r LEFT JOIN users a ON a.id = r.user_id
		WHERE r.post_id IN (`+blockPosts+`) GROUP BY r.post_id, r.kind ORDER BY r.post_id, r.kind DESC`, args).Query(func(rows pgx.Rows) error {
		var postID int64
		var r Reactions
		_, err := pgx.ForEachRow(rows, []any{&postID, &r.Kind, &r.Count, &r.Names, &r.Mine}, func() error {
			x.Reactions[postID] = append(x.Reactions[postID], r)
			return nil
		})
		return err
	})
	if solution && t.SolutionSeq != nil {
		b.Queue(`SELECT `+postColumns+` WHERE p.thread_id = @thread AND p.seq = @seq AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND `+visible,
			with(args, "seq", *t.SolutionSeq)).Query(func(rows pgx.Rows) error {
			list, err := pgx.CollectRows(rows, scanPost)
			if len(list) == 1 {
				x.Solution = &list[0]
			}
			return err
		})
	}
	if draft {
		b.Queue(`SELECT d.body, d.updated_at FROM forum_drafts d
			WHERE d.user_id = @uid AND d.thread_id = @thread AND EXISTS (`+visibleThread+`)`, args).Query(func(rows pgx.Rows) error {
			var d Draft
			_, err := pgx.ForEachRow(rows, []any{&d.Body, &d.UpdatedAt}, func() error {
				x.Draft = &d
				return nil
			})
			return err
		})
	}
	return x, database.Send(ctx, s.pool, &b)
}
