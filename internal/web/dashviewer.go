package web

import (
	"fmt"
	"sync"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/guests"
	"klyngeportalen/internal/plan"
)

// A member's own blocks of the dashboard (dashReads), and everything on an owner's or a
// partner's front page (guestReads), are kept in memory per person while their key holds: the
// front page's versions read with who the viewer is (keptpages.go: the plan, news, events,
// meetings, the forums, the person's own dashboard_version, migration 00390, the searchable
// things', the partners' and the indicators', with the reference version), the person's
// company, municipality, organisation and visibility, and the date. The blocks
// also follow the clock (an event that ends, a registration that opens): they are kept for a
// minute at most. While a person's blocks are kept their reads are not sent with who they are:
// a view with nothing changed is one statement after the session's; one with a change reads
// the blocks in a second round trip.

// dashKeep is how long a person's blocks are kept at most (the clock's changes show within it).
const dashKeep = time.Minute

// maxDashboards bounds the people whose blocks are kept: past it they are dropped and gathered again.
const maxDashboards = 5000

type dashboards struct {
	mu sync.Mutex
	m  map[int64]keptDash
}

type keptDash struct {
	key     string
	expires time.Time
	reads   any // *dashReads, or an owner's or partner's *guestReads; never changed once kept
}

// dashKey is the key of u's blocks with the dashboard's versions v at now.
func dashKey(v keptVersions, u *auth.User, now time.Time) string {
	return fmt.Sprintf("%s|%d|%d|%q|%d|%s|%s", v.key(), u.ID, u.CompanyID, u.Municipality, u.PartnerID, visibilityKey(u), plan.Today(now).Format(time.DateOnly))
}

// guestReads are an owner's or a partner's front page as read at now.
type guestReads struct {
	now   time.Time
	front guests.Front
}

// kept reports whether blocks of person id are kept and not yet expired at now, whatever their
// key: then their reads need not be sent with who the person is.
func (d *dashboards) kept(id int64, now time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	k, ok := d.m[id]
	return ok && now.Before(k.expires)
}

// get returns the blocks of person id kept under key, if they have not expired at now.
func (d *dashboards) get(id int64, key string, now time.Time) (any, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	k, ok := d.m[id]
	if !ok || k.key != key || !now.Before(k.expires) {
		return nil, false
	}
	return k.reads, true
}

// put keeps the blocks of person id, read at readAt, under key.
func (d *dashboards) put(id int64, key string, readAt time.Time, reads any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil || len(d.m) >= maxDashboards {
		d.m = make(map[int64]keptDash)
	}
	d.m[id] = keptDash{key: key, expires: readAt.Add(dashKeep), reads: reads}
}
