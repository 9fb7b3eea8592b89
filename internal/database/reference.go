package database

import (
	"context"
	"slices"
	"sync"
)

// Reference data (member companies, groups, focus areas, indicators) changes a few times a year
// but is on most pages. Triggers count every change in reference_version, in the same
// transaction as the change (migration 00017). A request reads the count together with the
// signed-in user, and a Reference list is used from memory while it was loaded at that count:
// a change is seen by the next request, on every instance, also one made with SQL by hand.

type referenceKey struct{}

// WithReferenceVersion returns ctx carrying the reference version read for the request.
func WithReferenceVersion(ctx context.Context, v int64) context.Context {
	return context.WithValue(ctx, referenceKey{}, v)
}

// ReferenceVersionFrom returns the reference version read for the request, if one was.
func ReferenceVersionFrom(ctx context.Context) (int64, bool) {
	v, ok := ctx.Value(referenceKey{}).(int64)
	return v, ok && v > 0
}

// ReferenceVersionSQL is the reference version as an expression, read with the current user
// (web.loadUser).
const ReferenceVersionSQL = `(SELECT n FROM reference_version WHERE id)`

// Reference is a list of reference data kept in memory. The zero value is ready to use.
type Reference[E any] struct {
	mu      sync.Mutex
	version int64 // the reference version the list was loaded at; 0: none
	list    []E
}

// Get returns the list: from memory when it was loaded at the request's reference version,
// otherwise from load (always when ctx carries no version, as outside a request). The version
// is read before the list is loaded, so a list is never older than its version. The caller
// gets its own slice; the elements are shared and must not be changed.
func (r *Reference[E]) Get(ctx context.Context, load func(context.Context) ([]E, error)) ([]E, error) {
	v, ok := ctx.Value(referenceKey{}).(int64)
	if !ok || v <= 0 {
		return load(ctx)
	}
	r.mu.Lock()
	if r.version == v {
		list := slices.Clone(r.list)
		r.mu.Unlock()
		return list, nil
	}
	r.mu.Unlock()
	list, err := load(ctx)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.version, r.list = v, list
	r.mu.Unlock()
	return slices.Clone(list), nil
}

// Last returns the list as last loaded and the reference version it was loaded at (0: none),
// whatever the request's version: for reads sent before the version is known, which the caller
// uses only if that version is then read.
func (r *Reference[E]) Last() ([]E, int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.list), r.version
}
