package forum

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/mail"
)

// recipientsOf chooses who hears of post @post in thread @thread of forum @forum, written by
// @author: those watching the thread, those watching the forum who have not set the thread
// to normal or muted, and those mentioned (@mentioned, see mentioned) — each only if active
// and allowed to see the forum, never the author, never someone who muted the thread.
var recipientsOf = `
	WITH cand AS (
		SELECT w.user_id AS id, 'reply' AS kind FROM forum_thread_watches w WHERE w.thread_id = @thread AND w.level = 'watching'
		UNION ALL
		SELECT fw.user_id, 'reply' FROM forum_watches fw WHERE fw.forum_id = @forum AND fw.level = 'watching'
		  AND NOT EXISTS (SELECT 1 FROM forum_thread_watches w WHERE w.thread_id = @thread AND w.user_id = fw.user_id)
		UNION ALL
		SELECT m.id, 'mention' FROM unnest(@mentioned::bigint[]) m (id)
	), allowed AS (
		SELECT DISTINCT ON (c.id) c.id, c.kind FROM cand c JOIN users u ON u.id = c.id JOIN forums f ON f.id = @forum
		WHERE u.active AND u.password_hash IS NOT NULL AND u.id <> @author
		  AND NOT EXISTS (SELECT 1 FROM forum_thread_watches w WHERE w.thread_id = @thread AND w.user_id = u.id AND w.level = 'muted')
		  AND NOT EXISTS (SELECT 1 FROM notification_choices nc WHERE nc.user_id = u.id AND nc.area = 'forum' AND nc.channel = 'off')
		  AND ` + access.Row("u", true).Forum("f") + `
		ORDER BY c.id, c.kind = 'mention' DESC
	), ins AS (
		INSERT INTO notifications (user_id, post_id, kind, mailed_at)
		SELECT a.id, @post, a.kind, CASE WHEN coalesce(s.mail, 'immediate') = 'digest' THEN NULL ELSE now() END
		FROM allowed a LEFT JOIN notification_settings s ON s.user_id = a.id
		ON CONFLICT DO NOTHING
		RETURNING user_id, kind)
	SELECT u.email, u.name, ins.kind FROM ins JOIN users u ON u.id = ins.user_id
	LEFT JOIN notification_settings s ON s.user_id = u.id
	WHERE coalesce(s.mail, 'immediate') = 'immediate'
	ORDER BY u.id`

// postPlace is where a post is: its thread, forum, number, the thread's title, the forum's slug.
type postPlace struct {
	threadID, forumID int64
	seq               int
	title, forumSlug  string
}

// notify creates the notifications of a new post in tx, and the mails of those who want them at once.
// The caller that knows where the post is passes it as at (one round trip fewer under the
// thread's lock); nil: it is read.
func (s *Store) notify(ctx context.Context, tx pgx.Tx, author *auth.User, postID int64, at *postPlace, body, baseURL string) error {
	if at == nil {
		at = &postPlace{}
		if err := tx.QueryRow(ctx, `SELECT t.id, t.forum_id, p.seq, t.title, f.slug FROM forum_posts p
			JOIN forum_threads t ON t.id = p.thread_id JOIN forums f ON f.id = t.forum_id WHERE p.id = $1`, postID).
			Scan(&at.threadID, &at.forumID, &at.seq, &at.title, &at.forumSlug); err != nil {
			return err
		}
	}
	threadID, forumID, seq, title, forumSlug := at.threadID, at.forumID, at.seq, at.title, at.forumSlug
	people, err := mentioned(ctx, tx, forumID, body)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(people))
	for id := range people {
		ids = append(ids, id)
	}
	rows, _ := tx.Query(ctx, recipientsOf, database.Named{"post": postID, "thread": threadID, "forum": forumID, "author": author.ID, "mentioned": ids})
	type recipient struct{ email, name, kind string }
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (recipient, error) {
		var r recipient
		return r, row.Scan(&r.email, &r.name, &r.kind)
	})
	if err != nil {
		return err
	}
	link := postLink(baseURL, forumSlug, threadID, seq)
	short := shorten(title, 120) // a subject has at most 300 characters
	msgs := make([]mail.Message, 0, len(list))
	for _, r := range list {
		subject := "Nytt svar i «" + short + "»"
		what := author.Name + " har svart i en tråd du følger"
		if seq == 1 {
			subject = "Ny tråd: «" + short + "»"
			what = author.Name + " har startet en tråd i et forum du følger"
		}
		if r.kind == "mention" {
			subject = shorten(author.Name, 120) + " nevnte deg i «" + short + "»"
			what = author.Name + " nevnte deg i et innlegg"
		}
		msg := mail.Message{To: r.email, Subject: subject, Body: fmt.Sprintf(
			"Hei %s,\n\n%s: «%s».\n\n%s\n\nLes innlegget: %s\n\nDu får denne e-posten fordi du følger tråden eller ble nevnt. Du kan velge sammendrag én gang om dagen eller ingen e-post på %s/meg.\n\nHilsen Klyngeportalen – Avfallsklynge Nord",
			r.name, what, title, excerpt(plainMentions(body)), link, baseURL)}
		msgs = append(msgs, msg)
	}
	return mail.EnqueueAll(ctx, tx, msgs) // one round trip: it is made under the thread's lock
}

// mentionText is the part of a body where mentions count: quoted lines are someone else's words.
func mentionText(body string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(body, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), ">") {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	if !strings.Contains(b.String(), "@") {
		return ""
	}
	return b.String()
}

// excerpt is the start of a body for a mail: at most 300 characters, quotes left out.
func excerpt(body string) string {
	t := strings.TrimSpace(mentionText(body))
	if t == "" {
		t = strings.TrimSpace(body)
	}
	return shorten(t, 300)
}

// shorten cuts s to at most n characters, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-2]) + " …"
}

func postLink(baseURL, forumSlug string, threadID int64, seq int) string {
	return fmt.Sprintf("%s/forum/%s/%d?fra=%d#innlegg-%d", baseURL, forumSlug, threadID, PageStart(seq), seq)
}
