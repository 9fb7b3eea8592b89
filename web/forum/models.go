// Package forum holds the pages of the professional forums, search and notifications.
package forum

import (
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/highlight"
	"klyngeportalen/web/components"
	docview "klyngeportalen/web/documents"
)

// IndexPage is /forum.
type IndexPage struct {
	Forums []forum.Forum
}

// ViewPage is a view of threads across forums (siste, uleste, mine).
type ViewPage struct {
	View     string
	Threads  []forum.Thread
	NextURL  string
	FirstURL string
}

// ForumPage is one forum with a page of its threads, as every viewer who may see the forum
// sees it; the parts that differ per viewer are slots (see Slot), filled for each viewer.
type ForumPage struct {
	Forum    forum.Forum // its viewer's own fields (Unread, Watch, CanModerate) are not used
	Threads  []forum.Thread
	NextURL  string // the next page of threads, or empty
	FirstURL string // back to the first page when not on it
	// Moderators are the people who moderate the forum now, besides the cluster admins.
	Moderators []forum.Moderator
	Slot       func(Slot) templ.Component
}

// ThreadPage is a thread with one page of posts and the reply form.
type ThreadPage struct {
	Thread   forum.Thread
	Block    templ.Component // the block of posts, as this viewer sees it (PostBlock with its slots filled)
	ViewerID int64
	PrevURL  string // earlier posts, or empty
	NextURL  string // later posts, or empty
	Reply    PostForm
	Forums   []components.Option // where a moderator may move the thread
	HideSeq  int                 // the post whose hiding failed validation, with HideError
	HideErr  string
	// The documents tied to the thread.
	Materials  docview.LinkedList
	ReplyURL   string     // the composer: on this page, or on the thread's last page
	DraftSaved *time.Time // set when the composer holds the viewer's saved draft
}

// PostBlock is a thread's block of posts as every viewer who may see the thread sees it; the
// parts that differ per viewer are slots (see Slot), filled for each viewer.
type PostBlock struct {
	Thread forum.Thread // its viewer's own fields (ReadSeq, Watch, CanModerate) are not used
	forum.Block
	Slot func(Slot) templ.Component
}

// SlotKind names a part of a page that differs per viewer.
type SlotKind byte

// The kinds of slots.
const (
	SlotNew      SlotKind = 'n' // "Ny" on a post the viewer has not read
	SlotReaction SlotKind = 'r' // a reaction's button (or, on one's own post, its count)
	SlotOwn      SlotKind = 'o' // edit and delete, on one's own post
	SlotSolution SlotKind = 's' // mark a reply as the answer: its asker and the moderators
	SlotHide     SlotKind = 'h' // hide a post: the moderators
	SlotUnread   SlotKind = 'u' // a thread's unread tag in a forum's list
	SlotManage   SlotKind = 'm' // the link to the forum's moderators: the cluster admins
	SlotActions  SlotKind = 'a' // "mark all read" when the viewer has unread threads
	SlotWatch    SlotKind = 'w' // the viewer's notification level of the forum
)

// Slot is a part of a page that differs per viewer, with the shared data it shows.
type Slot struct {
	Kind     SlotKind
	Seq      int    // the post's number
	ID       int64  // SlotUnread: the thread
	Author   int64  // the post's author; 0 for none
	Reaction string // SlotReaction: the kind
	Count    int    // SlotReaction: how many; SlotUnread: the thread's posts
}

// Variants is how many variants (see Variant and ForumVariant) a slot of kind k has; 0 for
// those rendered for each viewer.
func Variants(k SlotKind) int {
	switch k {
	case SlotNew, SlotOwn, SlotHide, SlotManage, SlotUnread:
		return 2
	case SlotReaction, SlotSolution:
		return 3
	}
	return 0
}

// Variant is which variant of the post's slot s viewer v sees: for SlotNew 1 when v has not
// read the post; SlotReaction 1 when the reaction is v's, 2 on v's own post; SlotOwn 1 on v's
// own post while the thread is open; SlotSolution 1 (mark) or 2 (unmark, on the answer) for the
// asker and the moderators of a question; SlotHide 1 for the moderators. -1: v sees a variant of
// their own (a moderator's hiding of the post failed, with an error).
func (v Viewer) Variant(s Slot) int {
	own := s.Author != 0 && s.Author == v.ID
	switch s.Kind {
	case SlotNew:
		return b2i(s.Seq > v.Thread.ReadSeq)
	case SlotReaction:
		if own {
			return 2
		}
		return b2i(v.Mine[forum.Mine{Seq: s.Seq, Kind: s.Reaction}])
	case SlotOwn:
		return b2i(own && !v.Thread.Locked)
	case SlotSolution:
		if s.Seq > 1 && v.Thread.CanMarkSolution(v.ID) {
			return 1 + b2i(v.Thread.SolutionSeq != nil && *v.Thread.SolutionSeq == s.Seq)
		}
		return 0
	case SlotHide:
		if v.Thread.CanModerate && v.HideSeq == s.Seq && v.HideErr != "" {
			return -1
		}
		return b2i(v.Thread.CanModerate)
	}
	return 0
}

// ForumVariant is which variant of the forum page's slot s viewer v sees: for SlotManage 1 for
// the cluster admins; SlotUnread 0 when v has read the thread to its end, 1 when v has read
// none of it. -1: v sees a variant of their own.
func (v Viewer) ForumVariant(s Slot) int {
	switch s.Kind {
	case SlotManage:
		return b2i(v.Admin)
	case SlotUnread:
		switch read := v.Reads[s.ID]; {
		case read >= s.Count:
			return 0
		case read == 0:
			return 1
		}
	}
	return -1
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Viewer is what the slots of a page show of its viewer.
type Viewer struct {
	ID     int64
	Thread forum.Thread // as the viewer sees it (ReadSeq, CanModerate), on a thread's page
	Forum  forum.Forum  // as the viewer sees it (Unread, Watch), on a forum's page
	Admin  bool         // a cluster admin
	Mine   map[forum.Mine]bool
	Reads  map[int64]int // SlotUnread: the viewer's last read post by thread id
	// The post whose hiding failed validation, with the error.
	HideSeq int
	HideErr string
}

// PostForm is the form of a new thread, a reply or an edit.
type PostForm struct {
	Action string
	Title  string // only for a new thread
	// Question: a new thread asked as a question.
	Question   bool
	Body       string
	Key        string // one-time key against double submits
	Errors     components.Errors
	Label      string // the text field's label; "Innlegg" when empty
	MentionURL string // where the @ list finds the people who may see the forum
	// Preview is the text rendered as it would be saved (after "Forhåndsvis"), or empty.
	Preview string
}

// NewThreadPage is the form to start a thread in a forum.
type NewThreadPage struct {
	Forum forum.Forum
	Form  PostForm
}

// EditPage is the form to edit one's own post, or to reply with a quote.
type EditPage struct {
	Thread  forum.Thread
	Seq     int
	Form    PostForm
	Heading string
	Submit  string
}

// SearchPage is /forum/sok with one page of hits.
type SearchPage struct {
	Query   string
	Error   string
	Hits    []forum.Hit
	Page    int
	PrevURL string
	NextURL string
	AllURL  string // the same search of every post in the one search (/sok), which pages further
}

// NotificationsPage is /varsler.
type NotificationsPage struct {
	Items   []forum.Notification
	NextURL string
}

// ForumURL is the address of a forum.
func ForumURL(slug string) string { return "/forum/" + slug }

// ThreadURL is the address of a thread's first page.
func ThreadURL(slug string, id int64) string {
	return "/forum/" + slug + "/" + strconv.FormatInt(id, 10)
}

// PostURL is the stable address of post seq of a thread: its page and its anchor.
func PostURL(slug string, id int64, seq int) string {
	return ThreadURL(slug, id) + "?fra=" + strconv.Itoa(forum.PageStart(seq)) + "#innlegg-" + strconv.Itoa(seq)
}

func postPath(t forum.Thread, seq int, action string) string {
	return ThreadURL(t.ForumSlug, t.ID) + "/innlegg/" + strconv.Itoa(seq) + "/" + action
}

func authorID(p forum.Post) int64 {
	if p.AuthorID == nil {
		return 0
	}
	return *p.AuthorID
}

func companySuffix(c *string) string {
	if c == nil {
		return ""
	}
	return ", " + *c
}

func orDash(s *string) string {
	if s == nil || *s == "" {
		return "Tidligere medlem"
	}
	return *s
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return number(n) + " " + many
}

func watchLabel(level string) string {
	switch level {
	case forum.Watching:
		return "Følger"
	case forum.Muted:
		return "Dempet"
	}
	return "Normal"
}

func watchOptions(current string) []components.Option {
	var out []components.Option
	for _, l := range []string{forum.Watching, forum.Normal, forum.Muted} {
		label := map[string]string{forum.Watching: "Følg (varsle om alle nye innlegg)", forum.Normal: "Normal (varsle når jeg nevnes)", forum.Muted: "Demp (ingen varsler)"}[l]
		out = append(out, components.Option{Value: l, Label: label, Selected: l == current})
	}
	return out
}

// Segment is part of a search snippet: matched words are Marked.
type Segment struct {
	Text   string
	Marked bool
}

// Segments splits a snippet at its highlight markers, so that the view escapes every part.
func Segments(snippet string) []Segment {
	var out []Segment
	for snippet != "" {
		start := strings.Index(snippet, forum.HighlightStart)
		if start < 0 {
			out = append(out, Segment{Text: snippet})
			break
		}
		if start > 0 {
			out = append(out, Segment{Text: snippet[:start]})
		}
		rest := snippet[start+len(forum.HighlightStart):]
		end := strings.Index(rest, forum.HighlightEnd)
		if end < 0 {
			out = append(out, Segment{Text: rest, Marked: true})
			break
		}
		out = append(out, Segment{Text: rest[:end], Marked: true})
		snippet = rest[end+len(forum.HighlightEnd):]
	}
	for i := range out { // the markers never reach the page
		out[i].Text = highlight.Strip(out[i].Text)
	}
	return out
}

// number writes n with a space between thousands, the Norwegian way: 10 000.
func number(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + number(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "\u00a0" + s[i:]
	}
	return s
}

// listComma is the comma after item i of n in a running list, none after the last.
func listComma(i, n int) string {
	if i < n-1 {
		return ","
	}
	return ""
}
