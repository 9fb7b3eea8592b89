package forum

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/mail"

	"github.com/jackc/pgx/v5"
)

// notifyCTEs write, in the statement that has the new post as the common table expression np
// (id, seq, thread_id, forum_id) before them, its notifications and the mails of those who
// want them at once — one set-based statement however many follow the thread. Who hears of
// it: those watching the thread, those watching the forum who have not set the thread to
// normal or muted, and those mentioned (@mentioned, see mentioned) — each only if active and
// allowed to see the forum, never the author (@author), never someone who muted the thread.
// The mails are made of the parts mailArgs gives, around each recipient's name and the post's
// number (known only here: the statement that numbers the post may be this one).
var notifyCTEs = `
	cand AS (
		SELECT w.user_id AS id, 'reply' AS kind FROM np JOIN forum_thread_watches w ON w.thread_id = np.thread_id AND w.level = 'watching'
		UNION ALL
		SELECT fw.user_id, 'reply' FROM np JOIN forum_watches fw ON fw.forum_id = np.forum_id AND fw.level = 'watching'
		WHERE NOT EXISTS (SELECT 1 FROM forum_thread_watches w WHERE w.thread_id = np.thread_id AND w.user_id = fw.user_id)
		UNION ALL
		SELECT m.id, 'mention' FROM unnest(@mentioned::bigint[]) m (id)
	), allowed AS (
		SELECT DISTINCT ON (c.id) c.id, c.kind FROM cand c JOIN users u ON u.id = c.id JOIN np ON true JOIN forums f ON f.id = np.forum_id
		WHERE u.active AND u.password_hash IS NOT NULL AND u.id <> @author
		  AND NOT EXISTS (SELECT 1 FROM forum_thread_watches w WHERE w.thread_id = np.thread_id AND w.user_id = u.id AND w.level = 'muted')
		  AND NOT EXISTS (SELECT 1 FROM notification_choices nc WHERE nc.user_id = u.id AND nc.area = 'forum' AND nc.channel = 'off')
		  AND ` + notifyAccess + `
		ORDER BY c.id, c.kind = 'mention' DESC
	), ins AS (
		INSERT INTO notifications (user_id, post_id, kind, mailed_at)
		SELECT a.id, np.id, a.kind, CASE WHEN coalesce(s.mail, 'immediate') = 'digest' THEN NULL ELSE now() END
		FROM allowed a CROSS JOIN np LEFT JOIN notification_settings s ON s.user_id = a.id
		ON CONFLICT DO NOTHING
		RETURNING user_id, kind
	), mailed AS (
		INSERT INTO mail_outbox (to_address, subject, body)
		SELECT u.email, CASE WHEN ins.kind = 'mention' THEN @mail_subject_mention ELSE @mail_subject END,
		       'Hei ' || u.name || ',' || chr(10) || chr(10) || CASE WHEN ins.kind = 'mention' THEN @mail_what_mention ELSE @mail_what END
		       || @mail_before_page || ((np.seq - 1) / @page_size * @page_size + 1) || '#innlegg-' || np.seq || @mail_tail
		FROM ins JOIN users u ON u.id = ins.user_id CROSS JOIN np
		LEFT JOIN notification_settings s ON s.user_id = u.id
		WHERE coalesce(s.mail, 'immediate') = 'immediate'
		ORDER BY u.id
	)`

// notifyAccess is the forum's access rule for each recipient u of forum f.
var notifyAccess = access.Row("u", true).Forum("f")

// notifyArgs are the arguments of notifyCTEs for a post by author in the thread titled title
// (threadID in the forum forumSlug) with text body, mentioning the people of mentioned: the
// parts of its mails, checked as the outbox checks a mail. first: the post starts the thread.
func notifyArgs(author *auth.User, threadID int64, forumSlug, title, body string, first bool, mentioned map[int64]string, baseURL string) (database.Named, error) {
	ids := make([]int64, 0, len(mentioned))
	for id := range mentioned {
		ids = append(ids, id)
	}
	short := shorten(title, 120) // a subject has at most 300 characters
	subject := "Nytt svar i «" + short + "»"
	what := author.Name + " har svart i en tråd du følger"
	if first {
		subject = "Ny tråd: «" + short + "»"
		what = author.Name + " har startet en tråd i et forum du følger"
	}
	args := database.Named{
		"author":               author.ID,
		"mentioned":            ids,
		"page_size":            PageSize,
		"mail_subject":         strings.TrimSpace(subject),
		"mail_subject_mention": strings.TrimSpace(shorten(author.Name, 120) + " nevnte deg i «" + short + "»"),
		"mail_what":            what,
		"mail_what_mention":    author.Name + " nevnte deg i et innlegg",
		"mail_before_page": fmt.Sprintf(": «%s».\n\n%s\n\nLes innlegget: %s/forum/%s/%d?fra=",
			title, strings.ReplaceAll(excerpt(plainMentions(body)), "\r\n", "\n"), baseURL, forumSlug, threadID),
		"mail_tail": fmt.Sprintf("\n\nDu får denne e-posten fordi du følger tråden eller ble nevnt. Du kan velge sammendrag én gang om dagen eller ingen e-post på %s/meg.\n\nHilsen Klyngeportalen – Avfallsklynge Nord", baseURL),
	}
	// The mail as the statement writes it to someone named as the author, for the post numbered
	// like the thread's millionth: refused here for what the outbox would refuse.
	for _, kind := range []string{"reply", "mention"} {
		subject, what := args["mail_subject"].(string), args["mail_what"].(string)
		if kind == "mention" {
			subject, what = args["mail_subject_mention"].(string), args["mail_what_mention"].(string)
		}
		seq := 1_000_000
		body := "Hei " + author.Name + ",\n\n" + what + args["mail_before_page"].(string) +
			strconv.Itoa(PageStart(seq)) + "#innlegg-" + strconv.Itoa(seq) + args["mail_tail"].(string)
		checked, err := mail.Check(mail.Message{To: "kontroll@example.no", Subject: subject, Body: body})
		if err != nil {
			return nil, err
		}
		if checked.Body != body {
			return nil, fmt.Errorf("%w: the body of a forum mail would change in the outbox", mail.ErrInvalidMessage)
		}
	}
	return args, nil
}

// notify writes, in tx, the notifications and mails of post postID, the first of the thread
// threadID (titled title, in forum forumID with slug forumSlug), written by author.
func notify(ctx context.Context, tx pgx.Tx, author *auth.User, postID, threadID, forumID int64, forumSlug, title, body string, mentioned map[int64]string, baseURL string) error {
	args, err := notifyArgs(author, threadID, forumSlug, title, body, true, mentioned, baseURL)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `WITH np AS (SELECT p.id, p.seq, p.thread_id, @forum::bigint AS forum_id FROM forum_posts p WHERE p.id = @post), `+
		notifyCTEs+` SELECT 1`, with(args, "post", postID, "forum", forumID))
	return err
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
