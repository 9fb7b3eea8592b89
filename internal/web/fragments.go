package web

import (
	"sync"
	"time"
)

// fragmentCache keeps rendered fragments by key in memory. A key holds everything the
// fragment depends on: the data versions read for the request (kept by triggers in the
// transaction of every change, so a change anywhere is a new key), the address's parameters
// and the viewer's visibility (role and groups): a fragment is never served to a viewer who
// might see something else. An entry may also expire (a status that changes with the clock).
// The cache is bounded by its bytes; when full it drops entries at random.
type fragmentCache struct {
	mu       sync.Mutex
	entries  map[string]fragment
	size     int
	maxBytes int
}

type fragment struct {
	title   string
	body    string
	expires time.Time // zero: when the versions change
	parts   any       // body made ready to serve by its user (forumcache.go), if it is; the size of body stands for it
}

func newFragmentCache(maxBytes int) *fragmentCache {
	return &fragmentCache{entries: map[string]fragment{}, maxBytes: maxBytes}
}

func (c *fragmentCache) get(key string, now time.Time) (fragment, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.entries[key]
	if ok && !f.expires.IsZero() && !now.Before(f.expires) {
		c.drop(key)
		return fragment{}, false
	}
	return f, ok
}

func (c *fragmentCache) put(key string, f fragment) {
	n := len(key) + len(f.title) + len(f.body)
	if n > c.maxBytes/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop(key)
	for k := range c.entries { // random order: drop until it fits
		if c.size+n <= c.maxBytes {
			break
		}
		c.drop(k)
	}
	c.entries[key] = f
	c.size += n
}

func (c *fragmentCache) drop(key string) {
	if f, ok := c.entries[key]; ok {
		c.size -= len(key) + len(f.title) + len(f.body)
		delete(c.entries, key)
	}
}
