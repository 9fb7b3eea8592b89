package web

import (
	"fmt"
	"sync"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/plan"
)

// A member's own blocks of the dashboard (dashReads) are kept in memory per person while their
// key holds: the dashboard's versions read with who the viewer is (keptpages.go: the plan,
// news, events, meetings, the forums and the person's own dashboard_version, migration 00390,
// with the reference version), the person's company and visibility, and the date. The blocks
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
	reads   *dashReads // never changed once kept
}

// dashKey is the key of u's blocks with the dashboard's versions v at now.
func dashKey(v keptVersions, u *auth.User, now time.Time) string {
	return fmt.Sprintf("%s|%d|%d|%s|%s", v.key(), u.ID, u.CompanyID, visibilityKey(u), plan.Today(now).Format(time.DateOnly))
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
func (d *dashboards) get(id int64, key string, now time.Time) (*dashReads, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	k, ok := d.m[id]
	if !ok || k.key != key || !now.Before(k.expires) {
		return nil, false
	}
	return k.reads, true
}

// put keeps the blocks of person id read at dr.now under key.
func (d *dashboards) put(id int64, key string, dr *dashReads) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil || len(d.m) >= maxDashboards {
		d.m = make(map[int64]keptDash)
	}
	d.m[id] = keptDash{key: key, expires: dr.now.Add(dashKeep), reads: dr}
}
