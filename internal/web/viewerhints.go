package web

import (
	"sync"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
)

// viewerHints are the users as last read, by id, with the bell's count as last counted:
//   - whom a kept page's own reads are queued for before who the user is has been read in the
//     same batch (keptPage.own). The reads are used only when the user then read is the same in
//     every field (auth.User.Equal); otherwise they are dropped and the page reads them itself,
//     so a stale hint costs only the round trip it meant to save;
//   - the bell's count and its version (forum.BellSQL): while the version and the user are the
//     same, the database does not count the bell again.
type viewerHints struct {
	mu sync.Mutex
	m  map[int64]viewerHint
}

type viewerHint struct {
	u           auth.User
	bellVersion int64 // 0: not counted for u
	bell        int
}

// maxViewerHints bounds the hints kept: past it they are dropped and gathered again.
const maxViewerHints = 20000

func (h *viewerHints) get(id int64) (auth.User, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	v, ok := h.m[id]
	return v.u, ok
}

// remember keeps u as the hint for its id, when it differs from the one kept (which drops the
// bell counted for the one kept).
func (h *viewerHints) remember(u auth.User) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.keep(u)
}

// keep is remember, under the lock.
func (h *viewerHints) keep(u auth.User) {
	if old, ok := h.m[u.ID]; ok && old.u.Equal(u) {
		return
	}
	if h.m == nil || len(h.m) >= maxViewerHints {
		h.m = make(map[int64]viewerHint)
	}
	h.m[u.ID] = viewerHint{u: u}
}

// bellSeen is the bell's version counted for user id, for forum.BellArgs: 0 if none.
func (h *viewerHints) bellSeen(id int64) int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.m[id].bellVersion
}

// bell returns the bell's count of u read with them (n, at version): the count itself, kept
// for the next page, or for forum.BellSame the count kept for that version if it was counted
// for the same u; -1 when there is none (the page counts it).
func (h *viewerHints) bell(u auth.User, n int, version int64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.keep(u)
	v := h.m[u.ID]
	switch {
	case n >= 0:
		v.bellVersion, v.bell = version, n
		h.m[u.ID] = v
		return n
	case n == forum.BellSame && v.bellVersion == version && version != 0:
		return v.bell
	}
	return -1
}
