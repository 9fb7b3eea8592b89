package plan

import "context"

// Version is what a rendered wheel page depends on: the plan's count (activities and events,
// migration 00140) and the reference data's (companies, names, groups,
// focus areas, topics, migration 00017). Both change in the transaction of every change.
type Version struct{ Plan, Reference int64 }

// Version reads the counts in one query.
func (s *Store) Version(ctx context.Context) (Version, error) {
	var v Version
	err := s.pool.QueryRow(ctx, `SELECT p.n, r.n FROM plan_version p, reference_version r WHERE p.id AND r.id`).Scan(&v.Plan, &v.Reference)
	return v, err
}
