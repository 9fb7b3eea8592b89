package forum

import (
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
)

// Block is a block of a thread's posts as every viewer who may see the thread sees it, with
// what the page shows beside them: the files under each post (those the viewer may see),
// the reactions (counts and names) and the reply marked as the answer. What differs between
// viewers who see the same block is in BlockViewer.
type Block struct {
	Posts       []Post
	Attachments map[int64][]Attachment // by post id
	Reactions   map[int64][]Reactions  // by post id; Mine is never set here
	Solution    *Post                  // shown under the first post, while it is shown
}

// blockPosts are the posts of thread @thread numbered from @from on one page.
const blockPosts = `SELECT p.id FROM forum_posts p WHERE p.thread_id = @thread AND p.seq >= @from AND p.seq < @from + @size`

// QueueBlock adds to batch b the reads of the block of thread t from post number from, for
// u, who may see t (found by Thread); after the batch it is in *dst.
func (s *Store) QueueBlock(b *pgx.Batch, u *auth.User, t Thread, from int, dst *Block) {
	*dst = Block{Attachments: map[int64][]Attachment{}, Reactions: map[int64][]Reactions{}}
	args := with(viewerArgs(u), "thread", t.ID, "from", from, "size", PageSize, "names", maxReactionNames)
	b.Queue(postsQuery, args).Query(func(rows pgx.Rows) error {
		var err error
		dst.Posts, err = pgx.CollectRows(rows, scanPost)
		return err
	})
	b.Queue(`SELECT pd.post_id, d.id, d.title, v.filename, bl.size
		FROM forum_post_documents pd JOIN documents d ON d.id = pd.document_id
		JOIN document_versions v ON v.document_id = d.id AND v.number = d.versions JOIN document_blobs bl ON bl.id = v.blob_id
		WHERE pd.post_id IN (`+blockPosts+`) AND d.deleted_at IS NULL
		  AND `+access.Named().Document("d")+`
		ORDER BY pd.post_id, d.id`, args).Query(func(rows pgx.Rows) error {
		var a Attachment
		_, err := pgx.ForEachRow(rows, []any{&a.PostID, &a.DocumentID, &a.Title, &a.Filename, &a.Size}, func() error {
			dst.Attachments[a.PostID] = append(dst.Attachments[a.PostID], a)
			return nil
		})
		return err
	})
	b.Queue(`SELECT r.post_id, r.kind, count(*)::int,
			(array_agg(coalesce(a.name, 'Tidligere medlem') ORDER BY r.created_at, r.user_id))[1:@names]
		FROM forum_reactions r LEFT JOIN users a ON a.id = r.user_id
		WHERE r.post_id IN (`+blockPosts+`) GROUP BY r.post_id, r.kind ORDER BY r.post_id, r.kind DESC`, args).Query(func(rows pgx.Rows) error {
		var postID int64
		var r Reactions
		_, err := pgx.ForEachRow(rows, []any{&postID, &r.Kind, &r.Count, &r.Names}, func() error {
			dst.Reactions[postID] = append(dst.Reactions[postID], r)
			return nil
		})
		return err
	})
	if from == 1 && t.SolutionSeq != nil {
		b.Queue(`SELECT `+postColumns+` WHERE p.thread_id = @thread AND p.seq = @seq AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND `+visible,
			with(args, "seq", *t.SolutionSeq)).Query(func(rows pgx.Rows) error {
			list, err := pgx.CollectRows(rows, scanPost)
			if len(list) == 1 {
				dst.Solution = &list[0]
			}
			return err
		})
	}
}

// Mine is one of the viewer's reactions: to post number Seq, of Kind.
type Mine struct {
	Seq  int
	Kind string
}

// BlockViewer is what the viewer's own data adds to a block of posts: their reactions and
// their draft of a reply.
type BlockViewer struct {
	Mine  map[Mine]bool
	Draft *Draft // the viewer's draft of a reply to the thread, if any
}

// QueueBlockViewer adds to batch b the reads of u's own reactions to the block of thread
// threadID from post number from, and of u's draft of a reply; after the batch they are in *dst.
// They are u's own rows: the caller shows them only with a thread u may see.
func (s *Store) QueueBlockViewer(b *pgx.Batch, u *auth.User, threadID int64, from int, dst *BlockViewer) {
	*dst = BlockViewer{Mine: map[Mine]bool{}}
	args := with(viewerArgs(u), "thread", threadID, "from", from, "size", PageSize)
	b.Queue(`SELECT p.seq, r.kind FROM forum_posts p JOIN forum_reactions r ON r.post_id = p.id AND r.user_id = @uid
		WHERE p.thread_id = @thread AND p.seq >= @from AND p.seq < @from + @size`, args).Query(func(rows pgx.Rows) error {
		var m Mine
		_, err := pgx.ForEachRow(rows, []any{&m.Seq, &m.Kind}, func() error {
			dst.Mine[m] = true
			return nil
		})
		return err
	})
	b.Queue(`SELECT d.body, d.updated_at FROM forum_drafts d WHERE d.user_id = @uid AND d.thread_id = @thread`, args).Query(func(rows pgx.Rows) error {
		var d Draft
		_, err := pgx.ForEachRow(rows, []any{&d.Body, &d.UpdatedAt}, func() error {
			dst.Draft = &d
			return nil
		})
		return err
	})
}

// QueueBlockUnread adds to batch b the read of whether u has an unread notification of a post in
// the block of thread threadID from post number from (a mention added to an old post, say);
// after the batch it is in *dst. With the thread's read state it tells whether viewing the
// block marks anything read (QueueMarkBlockRead).
func (s *Store) QueueBlockUnread(b *pgx.Batch, u *auth.User, threadID int64, from int, dst *bool) {
	b.Queue(`SELECT EXISTS (SELECT 1 FROM forum_posts p JOIN notifications n ON n.user_id = @uid AND n.post_id = p.id AND n.read_at IS NULL
		WHERE p.thread_id = @thread AND p.seq >= @from AND p.seq < @from + @size)`,
		with(viewerArgs(u), "thread", threadID, "from", from, "size", PageSize)).QueryRow(func(row pgx.Row) error {
		return row.Scan(dst)
	})
}

// QueueMarkBlockRead adds to batch b what MarkRead does for the block of thread threadID from
// post number from up to post number upto, when u may see the thread and it is in the forum
// with slug (and writes nothing otherwise); after the batch the number of notifications it
// marked read is in *marked. Queued after Thread in the same batch, the thread's read state is
// read before it is marked; queued later, upto is the last post the viewer was shown.
func (s *Store) QueueMarkBlockRead(b *pgx.Batch, u *auth.User, threadID int64, slug string, from, upto int, marked *int) {
	b.Queue(`
		WITH b AS (SELECT t.id, least(@from::int + @size::int - 1, t.post_count, @upto::int) AS last
		           FROM forum_threads t JOIN forums f ON f.id = t.forum_id
		           WHERE t.id = @thread AND f.slug = @slug AND t.post_count >= @from::int AND `+visible+`),
		     n AS (UPDATE notifications SET read_at = now() WHERE user_id = @uid AND read_at IS NULL
		           AND post_id IN (SELECT p.id FROM forum_posts p JOIN b ON p.thread_id = b.id WHERE p.seq >= @from AND p.seq <= b.last) RETURNING 1),
		     r AS (UPDATE forum_reads fr SET last_seq = b.last FROM b WHERE fr.user_id = @uid AND fr.thread_id = b.id AND fr.last_seq < b.last),
		     i AS (INSERT INTO forum_reads (user_id, thread_id, last_seq)
		           SELECT @uid, b.id, b.last FROM b WHERE NOT EXISTS (SELECT 1 FROM forum_reads WHERE user_id = @uid AND thread_id = b.id)
		           ON CONFLICT (user_id, thread_id) DO UPDATE SET last_seq = greatest(forum_reads.last_seq, excluded.last_seq))
		SELECT count(*)::int FROM n`,
		with(viewerArgs(u), "thread", threadID, "slug", slug, "from", from, "size", PageSize, "upto", upto)).QueryRow(func(row pgx.Row) error {
		return row.Scan(marked)
	})
}
