package web

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/events"
)

// pageCacheBytes bounds the rendered event lists and people pages kept (a page is 10–35 kB).
const pageCacheBytes = 16 << 20

// pageVersion is what the cached event lists and people pages depend on: the counts of changes
// to events (with their registrations' counts), to people and to the reference data, each kept
// by triggers in the transaction of the change (migrations 00017 and 00220).
type pageVersion struct{ Events, People, Reference int64 }

// queuePageVersion adds the read of the versions to b; after the batch they are in *v.
func queuePageVersion(b *pgx.Batch, v *pageVersion) {
	b.Queue(`SELECT e.n, p.n, r.n FROM event_version e, people_version p, reference_version r WHERE e.id AND p.id AND r.id`).
		QueryRow(func(row pgx.Row) error { return row.Scan(&v.Events, &v.People, &v.Reference) })
}

// visibilityKey is what decides which events, groups' things and buttons a viewer sees: role,
// kind, groups and whether they administer the cluster. Two viewers with the same key see a
// shared page alike.
func visibilityKey(u *auth.User) string {
	return fmt.Sprintf("%s|%s|%s|%t", u.Role, u.Kind, strings.Join(u.Groups, ","), u.IsClusterAdmin())
}

// listExpiry is when a cached event list goes stale by the clock: when the first of its events
// ends (a coming event leaves the list, a past one joins the other), at the latest a minute on.
func listExpiry(list []events.Event, now time.Time) time.Time {
	next := now.Add(time.Minute)
	for _, e := range list {
		if e.EndsAt.After(now) && e.EndsAt.Before(next) {
			next = e.EndsAt
		}
	}
	return next
}

// renderShared renders c, a page body for every viewer alike, to a string.
func renderShared(ctx context.Context, c templ.Component) (string, error) {
	var buf strings.Builder
	err := c.Render(ctx, &buf)
	return buf.String(), err
}

// withMine fills the slots of a shared event list (eventview.MineSlot) with the viewer's own
// status at each event, from mine; the result is the page's body.
func withMine(ctx context.Context, body string, mine map[int64]events.Mine, line func(events.Event) templ.Component) (templ.Component, error) {
	var out bytes.Buffer
	out.Grow(len(body) + 64*len(mine))
	err := eachMark(body, mineMark, func(s string) { out.WriteString(s) }, func(m string) error {
		id, err := strconv.ParseInt(m, 10, 64)
		if err != nil {
			return fmt.Errorf("a cached event list's slot: %w", err)
		}
		e := events.Event{ID: id}
		events.Apply(&e, mine)
		if e.MyStatus == nil {
			return nil
		}
		return line(e).Render(ctx, &out)
	})
	return templ.Raw(out.String()), err
}

// mineMark opens the mark of a slot of the viewer's status in a shared event list.
const mineMark = "<!--mine:"

// slotIDs are the events whose slots are in a shared event list's body.
func slotIDs(body string) []int64 {
	var ids []int64
	_ = eachMark(body, mineMark, func(string) {}, func(m string) error {
		if id, err := strconv.ParseInt(m, 10, 64); err == nil {
			ids = append(ids, id)
		}
		return nil
	})
	return ids
}

// mineByEvent is the viewer's registrations by event.
func mineByEvent(list []events.Mine) map[int64]events.Mine {
	m := make(map[int64]events.Mine, len(list))
	for _, x := range list {
		m[x.EventID] = x
	}
	return m
}

// attendeeCacheEvents bounds the events whose attendees are kept (a large event's are ~100 kB).
const attendeeCacheEvents = 256

// attendeeCache keeps the attendees of events by key (the versions and the event), read for a
// viewer who may see the event and then shown as that viewer may see them: the list itself is
// the same for everyone. When full it drops entries at random.
type attendeeCache struct {
	mu      sync.Mutex
	entries map[string][]events.Attendee
}

func newAttendeeCache() *attendeeCache {
	return &attendeeCache{entries: map[string][]events.Attendee{}}
}

func (c *attendeeCache) get(key string) ([]events.Attendee, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.entries[key]
	return l, ok
}

func (c *attendeeCache) put(key string, l []events.Attendee) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if len(c.entries) < attendeeCacheEvents {
			break
		}
		delete(c.entries, k)
	}
	c.entries[key] = l
}

// attendeesKey is what the attendees of event id depend on.
func attendeesKey(ver pageVersion, id int64) string {
	return fmt.Sprintf("%d|%d|%d|%d", ver.Events, ver.People, ver.Reference, id)
}
