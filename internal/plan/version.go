package plan

// Version is what a rendered wheel page depends on: the plan's count (activities and events,
// migration 00140) and the reference data's (companies, names, groups, focus areas, topics,
// migration 00017). Both change in the transaction of every change; the portal reads them with
// who the viewer is (internal/web, the kept page "wheel").
type Version struct{ Plan, Reference int64 }
