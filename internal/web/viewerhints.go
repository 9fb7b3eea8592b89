package web

import (
	"sync"

	"klyngeportalen/internal/auth"
)

// viewerHints are the users as last read, by id: whom a kept page's own reads are queued for
// before who the user is has been read in the same batch (keptPage.own). The reads are used only
// when the user then read is the same in every field (auth.User.Equal); otherwise they are
// dropped and the page reads them itself, so a stale hint costs only the round trip it meant
// to save.
type viewerHints struct {
	mu sync.Mutex
	m  map[int64]auth.User
}

// maxViewerHints bounds the hints kept: past it they are dropped and gathered again.
const maxViewerHints = 20000

func (h *viewerHints) get(id int64) (auth.User, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	u, ok := h.m[id]
	return u, ok
}

// remember keeps u as the hint for its id, when it differs from the one kept.
func (h *viewerHints) remember(u auth.User) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if old, ok := h.m[u.ID]; ok && old.Equal(u) {
		return
	}
	if h.m == nil || len(h.m) >= maxViewerHints {
		h.m = make(map[int64]auth.User)
	}
	h.m[u.ID] = u
}
