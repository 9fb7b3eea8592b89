package meetings

import (
	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// groupVisible is the portal's one visibility rule (internal/access) applied to what belongs
// to a group's meetings (meetings, cases, papers, minutes, actions, unshared decisions): the
// group's members and cluster admins, of a member kind; everyone else is denied. col is the SQL
// column holding the group's id; the query binds the viewer as @uid and @admin (viewerArgs).
func groupVisible(col string) string { return access.Named().Group(col) }

// sharedVisible is the rule of a decision shared with all members: every member (of a member
// kind, as internal/access decides), not owners, partners or unknown kinds.
func sharedVisible() string { return access.Named().Member() }

// agendaVisible adds to groupVisible that a meeting's agenda (and so its cases, papers, minutes
// and actions) shows to the group only from its publication; cluster admins and the meeting's
// leader prepare it before. m is the meetings row's alias.
func agendaVisible(m string) string {
	return groupVisible(m+`.group_id`) + ` AND (@admin::boolean OR ` + m + `.leader_id = @uid
		OR now() >= ` + m + `.starts_at - make_interval(hours => 24 * ` + m + `.publish_days))`
}

// viewerArgs binds the viewer u for groupVisible and agendaVisible.
func viewerArgs(u *auth.User) database.Named {
	if u == nil {
		return database.Named{"uid": int64(0), "admin": false}
	}
	return database.Named{"uid": u.ID, "admin": u.IsClusterAdmin()}
}

// CanCreate reports whether u may call meetings: cluster admins (the cluster's secretariat).
func CanCreate(u *auth.User) bool { return u.IsClusterAdmin() }

// CanManage reports whether u may edit meeting m, its agenda, minutes and actions: cluster
// admins and the meeting's leader.
func CanManage(u *auth.User, m Meeting) bool {
	return u.IsClusterAdmin() || (u != nil && m.IsLeader(u.ID))
}
