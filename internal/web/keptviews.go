package web

import (
	"sync"
	"time"
)

// keptViews remember, for the pages kept rendered per viewer or per kind of viewer in a
// fragment cache (a meeting's, a company's), the key each view was last kept under: a view is
// known by its key without the versions, which are read with who the viewer is. While a view
// is kept its reads need not be sent with who the viewer is; the first view after a change
// reads the page in a second round trip.
type keptViews struct {
	mu sync.Mutex
	m  map[string]string // view → the key it was last kept under
}

// personalCacheBytes bounds the pages kept for one viewer each (s.personal), apart from the
// pages shared by many, which they would otherwise push out.
const personalCacheBytes = 8 << 20

// maxKeptViews bounds the views remembered: past it they are forgotten, and read with the viewer again.
const maxKeptViews = 10000

// kept reports whether view is kept in cache under the key it was last kept under, and has not
// expired at now.
func (k *keptViews) kept(cache *fragmentCache, view string, now time.Time) bool {
	k.mu.Lock()
	key, ok := k.m[view]
	k.mu.Unlock()
	if !ok {
		return false
	}
	_, ok = cache.get(key, now)
	return ok
}

// put records that view is kept under key.
func (k *keptViews) put(view, key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil || len(k.m) >= maxKeptViews {
		k.m = make(map[string]string)
	}
	k.m[view] = key
}
