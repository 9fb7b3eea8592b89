// Package forum owns the professional forums: forums, threads, posts, read state, watching,
// notifications, moderation and Norwegian full-text search.
package forum

import (
	"time"

	"klyngeportalen/internal/domain"
	"klyngeportalen/internal/highlight"
)

// Errors of this package, mapped to HTTP once in web.
var (
	// ErrNotFound: no such thing, or the viewer may not see it (the two look the same).
	ErrNotFound = domain.New(domain.NotFound, "forum: not found")
	// ErrForbidden: the viewer sees it but may not change it.
	ErrForbidden = domain.New(domain.Forbidden, "forum: not allowed")
	// ErrLocked: the thread is locked and accepts no reply or edit.
	ErrLocked = domain.New(domain.Conflict, "forum: thread is locked")
)

// Limits of what members write.
const (
	MaxTitle  = 200
	MaxReason = 500
)

// Forum is a forum with its counts as the viewer sees them.
type Forum struct {
	ID          int64      `db:"id"`
	Slug        string     `db:"slug"`
	Name        string     `db:"name"`
	Description string     `db:"description"`
	GroupName   *string    `db:"group_name"` // set when the forum is only for a group
	ThreadCount int        `db:"thread_count"`
	PostCount   int        `db:"post_count"`
	LastPostAt  *time.Time `db:"last_post_at"`
	Unread      int        `db:"unread"` // threads active in the last 90 days with posts the viewer has not read
	Watch       string     `db:"watch"`  // the viewer's level: watching, normal or muted
	CanModerate bool       `db:"can_moderate"`
	// The thread with the newest activity, and whether the viewer has read it to the end.
	NewestID     *int64  `db:"newest_id"`
	NewestTitle  *string `db:"newest_title"`
	NewestUnread bool    `db:"newest_unread"`
	// Version counts the changes to what the forum's page shows (migration 00210).
	Version int64 `db:"version"`
}

// Thread is a thread as a list or its own page shows it.
type Thread struct {
	ID          int64     `db:"id"`
	ForumID     int64     `db:"forum_id"`
	ForumSlug   string    `db:"forum_slug"`
	ForumName   string    `db:"forum_name"`
	Title       string    `db:"title"`
	AuthorName  *string   `db:"author_name"`
	CompanyName *string   `db:"company_name"`
	Pinned      bool      `db:"pinned"`
	Locked      bool      `db:"locked"`
	PostCount   int       `db:"post_count"`
	LastPostAt  time.Time `db:"last_post_at"`
	CreatedAt   time.Time `db:"created_at"`
	ReadSeq     int       `db:"read_seq"` // the last post the viewer has read; 0 for none
	Watch       string    `db:"watch"`    // the viewer's level for the thread
	CanModerate bool      `db:"can_moderate"`
	GroupID     *int64    `db:"group_id"`     // the group the thread's forum is for; nil when open
	Question    bool      `db:"question"`     // asked as a question: a reply can be marked as the answer
	SolutionSeq *int      `db:"solution_seq"` // the reply marked as the answer
	AuthorID    *int64    `db:"author_id"`
	// Version counts the changes to what the thread's posts show (migration 00210).
	Version int64 `db:"version"`
}

// CanMarkSolution reports whether u may mark the answer of the thread: its asker or a moderator.
func (t Thread) CanMarkSolution(uid int64) bool {
	return t.Question && (t.CanModerate || (t.AuthorID != nil && *t.AuthorID == uid))
}

// Unread reports whether the thread has posts the viewer has not read.
func (t Thread) Unread() bool { return t.PostCount > t.ReadSeq }

// FirstUnread is the number of the first post the viewer has not read.
func (t Thread) FirstUnread() int { return min(t.ReadSeq+1, t.PostCount) }

// Post is one post of a thread.
type Post struct {
	ID           int64      `db:"id"`
	Seq          int        `db:"seq"`
	AuthorID     *int64     `db:"author_id"`
	AuthorName   *string    `db:"author_name"`
	CompanyName  *string    `db:"company_name"`
	BodyMarkdown string     `db:"body_md"`
	BodyHTML     string     `db:"body_html"`
	CreatedAt    time.Time  `db:"created_at"`
	EditedAt     *time.Time `db:"edited_at"`
	Deleted      bool       `db:"deleted"`
	Hidden       bool       `db:"hidden"`
	HiddenReason string     `db:"hidden_reason"`
	// AvatarVersion is the version of the author's profile photo, 0 for none.
	AvatarVersion int64 `db:"avatar_version"`
}

// Removed reports whether the post is no longer shown (deleted by its author or hidden by a moderator).
func (p Post) Removed() bool { return p.Deleted || p.Hidden }

// ThreadCursor is the position after the last thread of a forum page.
type ThreadCursor struct {
	Pinned bool
	At     time.Time
	ID     int64
}

// Watch levels.
const (
	Watching = "watching"
	Normal   = "normal"
	Muted    = "muted"
)

// ValidLevel reports whether level is a watch level.
func ValidLevel(level string) bool { return level == Watching || level == Normal || level == Muted }

// Mail choices for notifications.
const (
	MailImmediate = "immediate"
	MailDigest    = "digest"
	MailNone      = "none"
)

// ValidMail reports whether m is a mail choice.
func ValidMail(m string) bool { return m == MailImmediate || m == MailDigest || m == MailNone }

// Notification is an in-app notice of a reply or a mention.
type Notification struct {
	ID          int64      `db:"id"`
	Kind        string     `db:"kind"`
	CreatedAt   time.Time  `db:"created_at"`
	ReadAt      *time.Time `db:"read_at"`
	ForumSlug   string     `db:"forum_slug"`
	ThreadID    int64      `db:"thread_id"`
	ThreadTitle string     `db:"thread_title"`
	Seq         int        `db:"seq"`
	AuthorName  *string    `db:"author_name"`
	// Of other areas than the forum: what it says and where it leads.
	Title string `db:"title"`
	URL   string `db:"url"`
}

// Hit is one search result.
type Hit struct {
	ForumSlug   string    `db:"forum_slug"`
	ForumName   string    `db:"forum_name"`
	ThreadID    int64     `db:"thread_id"`
	ThreadTitle string    `db:"thread_title"`
	Seq         int       `db:"seq"`
	AuthorName  *string   `db:"author_name"`
	CreatedAt   time.Time `db:"created_at"`
	Snippet     string    `db:"snippet"` // plain text with the matches between HighlightStart and HighlightEnd
}

// Markers of the matched words in a Hit's snippet (private-use characters).
const (
	HighlightStart = highlight.Start
	HighlightEnd   = highlight.End
)

// FeedItem is a thread with new activity, for the dashboard.
type FeedItem struct {
	ForumSlug      string    `db:"forum_slug"`
	ForumName      string    `db:"forum_name"`
	ThreadID       int64     `db:"thread_id"`
	Title          string    `db:"title"`
	PostCount      int       `db:"post_count"`
	LastPostAt     time.Time `db:"last_post_at"`
	LastAuthorName *string   `db:"last_author_name"`
	ReadSeq        int       `db:"read_seq"`
}

// PageSize is how many posts a thread page shows; pages are fixed blocks of post numbers.
const PageSize = 50

// PageStart is the number of the first post on the page that holds post seq.
func PageStart(seq int) int {
	if seq < 1 {
		return 1
	}
	return (seq-1)/PageSize*PageSize + 1
}
