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

// slotted is a rendered page split at its slots, ready to be filled for a viewer: text[i]
// comes before slots[i], the last text after the last slot; variants[i] are the renderings of
// slots[i] by variant (none: it is rendered for each viewer). Every string is a part of one,
// the fragment's body, which so stands for the whole in the cache's bound.
type slotted struct {
	text     []string
	slots    []forumview.Slot
	variants [][]string
}

// split splits page, rendered with the marks of its slots, rendering with it the variants of
// each slot (variants gives them; none for a slot rendered per viewer). It returns the split
// page and the one string that holds all of it.
func split(ctx context.Context, page string, variants func(forumview.Slot) []templ.Component) (*slotted, string, error) {
	type span struct{ from, to int }
	var all strings.Builder
	var texts []span
	var vars [][]span
	p := &slotted{}
	err := eachSlot(page, func(s string) error {
		from := all.Len()
		all.WriteString(s)
		texts = append(texts, span{from, all.Len()})
		return nil
	}, func(sl forumview.Slot) error {
		p.slots = append(p.slots, sl)
		var vs []span
		for _, c := range variants(sl) {
			from := all.Len()
			if err := c.Render(ctx, &all); err != nil {
				return err
			}
			vs = append(vs, span{from, all.Len()})
		}
		vars = append(vars, vs)
		return nil
	})
	body := all.String()
	for _, t := range texts {
		p.text = append(p.text, body[t.from:t.to])
	}
	for _, vs := range vars {
		var list []string
		for _, v := range vs {
			list = append(list, body[v.from:v.to])
		}
		p.variants = append(p.variants, list)
	}
	return p, body, err
}

// filled writes the page with each slot filled: by its variant pick(slot) when it has
// variants and pick gives one (not -1), otherwise by render(slot).
func (p *slotted) filled(pick func(forumview.Slot) int, render func(forumview.Slot) templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		for i, sl := range p.slots {
			if _, err := io.WriteString(w, p.text[i]); err != nil {
				return err
			}
			if vs := p.variants[i]; len(vs) > 0 {
				if n := pick(sl); n >= 0 && n < len(vs) {
					if _, err := io.WriteString(w, vs[n]); err != nil {
						return err
					}
					continue
				}
			}
			if err := render(sl).Render(ctx, w); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, p.text[len(p.slots)])
		return err
	})
}

// renderSlotted renders c with the marks of its slots and splits it (see split).
func renderSlotted(ctx context.Context, c templ.Component, variants func(forumview.Slot) []templ.Component) (*slotted, string, error) {
	var b strings.Builder
	if err := c.Render(ctx, &b); err != nil {
		return nil, "", err
	}
	return split(ctx, b.String(), variants)
}

// postVariants are the variants of a slot of a post of thread t.
func postVariants(t forum.Thread) func(forumview.Slot) []templ.Component {
	return func(sl forumview.Slot) []templ.Component {
		var list []templ.Component
		for n := range forumview.Variants(sl.Kind) {
			list = append(list, forumview.PostSlotVariant(t, sl, n))
		}
		return list
	}
}

// forumVariants are the variants of a slot of the page of the forum with slug.
func forumVariants(slug string) func(forumview.Slot) []templ.Component {
	return func(sl forumview.Slot) []templ.Component {
		if sl.Kind != forumview.SlotManage && sl.Kind != forumview.SlotUnread {
			return nil
		}
		var list []templ.Component
		for n := range forumview.Variants(sl.Kind) {
			list = append(list, forumview.ForumSlotVariant(slug, sl, n))
		}
		return list
	}
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
func readsCover(p *slotted, reads map[int64]int) bool {
	for _, sl := range p.slots {
		if _, ok := reads[sl.ID]; sl.Kind == forumview.SlotUnread && !ok {
			return false
		}
	}
	return true
}
