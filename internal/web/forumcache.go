package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/forum"
	forumview "klyngeportalen/web/forum"
)

// A forum's first page and a thread's blocks of posts are kept rendered (issue 25) while
// nothing they show has changed: the key holds the forum's or the thread's version (kept by
// triggers in the transaction of every change, migration 00210), the reference version
// (people's names, companies, photos, groups), the address and the viewer's visibility (kind,
// cluster admin, groups: the files under the posts follow the documents' own rule). What differs
// between viewers who see the same thing (unread marks, one's own posts' buttons, one's own
// reactions, the moderators' tools, notification levels) is never in the cached text: the page
// is rendered with a mark for each such slot, and each request fills the slots for its viewer.

// forumCacheBytes bounds the rendered forum pages and blocks of posts kept (a block of 50
// posts is about 90 kB).
const forumCacheBytes = 24 << 20

// slotMark opens and closes a slot's mark in a rendered page. PostgreSQL's text never holds a
// NUL, nor do the templates, so only a slot writes one.
const slotMark = "\x00"

// recordSlot is the mark of slot sl in a rendering to be cached.
func recordSlot(sl forumview.Slot) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, slotMark+string(sl.Kind)+strconv.Itoa(sl.Seq)+","+strconv.FormatInt(sl.ID, 10)+","+
			strconv.FormatInt(sl.Author, 10)+","+strconv.Itoa(sl.Count)+","+sl.Reaction+slotMark)
		return err
	})
}

// parseSlot reads a slot's mark (without its NULs).
func parseSlot(mark string) (forumview.Slot, error) {
	bad := fmt.Errorf("forum cache: bad slot %q", mark)
	if mark == "" {
		return forumview.Slot{}, bad
	}
	f := strings.SplitN(mark[1:], ",", 5)
	if len(f) != 5 {
		return forumview.Slot{}, bad
	}
	sl := forumview.Slot{Kind: forumview.SlotKind(mark[0]), Reaction: f[4]}
	var err [4]error
	sl.Seq, err[0] = strconv.Atoi(f[0])
	sl.ID, err[1] = strconv.ParseInt(f[1], 10, 64)
	sl.Author, err[2] = strconv.ParseInt(f[2], 10, 64)
	sl.Count, err[3] = strconv.Atoi(f[3])
	if e := errors.Join(err[:]...); e != nil {
		return sl, bad
	}
	return sl, nil
}

// eachSlot calls text for the shared text of a rendered page and slot for each slot, in order.
func eachSlot(page string, text func(string) error, slot func(forumview.Slot) error) error {
	for {
		i := strings.Index(page, slotMark)
		if i < 0 {
			return text(page)
		}
		if err := text(page[:i]); err != nil {
			return err
		}
		rest := page[i+1:]
		j := strings.Index(rest, slotMark)
		if j < 0 {
			return errors.New("forum cache: a slot without its end")
		}
		sl, err := parseSlot(rest[:j])
		if err != nil {
			return err
		}
		if err := slot(sl); err != nil {
			return err
		}
		page = rest[j+1:]
	}
}

// filled writes the rendered page with its slots filled by fill.
func filled(page string, fill func(forumview.Slot) templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return eachSlot(page, func(s string) error {
			_, err := io.WriteString(w, s)
			return err
		}, func(sl forumview.Slot) error { return fill(sl).Render(ctx, w) })
	})
}

// renderShared renders c with the marks of its slots, for the cache.
func renderShared(ctx context.Context, c templ.Component) (string, error) {
	var b strings.Builder
	err := c.Render(ctx, &b)
	return b.String(), err
}

// visibility is what decides, besides the version, what a viewer sees of a forum or thread:
// their kind, whether they are a cluster admin, and their groups.
func visibility(u *auth.User) string {
	return fmt.Sprintf("%s|%t|%s|%s", u.Kind, u.IsClusterAdmin(), u.Role, strings.Join(u.Groups, ","))
}

// threadBlockKey is what a rendered block of posts depends on; ok is false when the request
// did not read the reference version (a form's answer): then nothing is cached.
func threadBlockKey(ctx context.Context, t forum.Thread, from int, u *auth.User) (string, bool) {
	ref, ok := database.ReferenceVersionFrom(ctx)
	return fmt.Sprintf("t|%d|%d|%d|%s|%d|%s", t.ID, t.Version, from, t.ForumSlug, ref, visibility(u)), ok
}

// forumPageKey is what a forum's rendered first page depends on; ok as for threadBlockKey.
func forumPageKey(ctx context.Context, f forum.Forum, u *auth.User) (string, bool) {
	ref, ok := database.ReferenceVersionFrom(ctx)
	return fmt.Sprintf("f|%d|%d|%s|%d|%s", f.ID, f.Version, f.Slug, ref, visibility(u)), ok
}

// readsCover reports whether reads holds every thread with an unread slot on the page (the
// reads were found by the forum's current order; after a change in between, the page is made anew).
func readsCover(page string, reads map[int64]int) bool {
	ok := true
	err := eachSlot(page, func(string) error { return nil }, func(sl forumview.Slot) error {
		if sl.Kind == forumview.SlotUnread {
			_, found := reads[sl.ID]
			ok = ok && found
		}
		return nil
	})
	return ok && err == nil
}
