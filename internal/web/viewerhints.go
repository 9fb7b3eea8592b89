package web

import (
	"sync"

	"klyngeportalen/internal/auth"
)

// viewerHints are the users as last read, by id, with the bell's count as last counted:
//   - whom a kept page's own reads are queued for before who the user is has been read in the
//     same batch (keptPage.own). The reads are used only when the user then read is the same in
//     every field (auth.User.Equal); otherwise they are dropped and the page reads them itself,
//     so a stale hint costs only the round trip it meant to save;
//   - the bell's count and its version (forum.BellVersionSQL, read with who the user is):
//     while the version and the user are the same, the database does not count the bell again.
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

// bell returns the bell's count kept for u at version, or -1 when there is none (the page
// counts it, and keeps it with counted).
func (h *viewerHints) bell(u auth.User, version int64) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.keep(u)
	if v := h.m[u.ID]; v.bellVersion == version && version != 0 {
		return v.bell
	}
	return -1
}

// counted keeps n as the bell's count of u at version.
func (h *viewerHints) counted(u auth.User, version int64, n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.keep(u)
	v := h.m[u.ID]
	v.bellVersion, v.bell = version, n
	h.m[u.ID] = v
}
