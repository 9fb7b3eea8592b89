package meetings

import (
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
)

// groupVisible is this package's one rule of who sees what belongs to a group's meetings
// (meetings, cases, papers, minutes, actions, unshared decisions): the group's members and
// cluster admins; everyone else is denied. col is the SQL column holding the group's id; the
// query binds the viewer as @uid and @admin (see viewerArgs).
func groupVisible(col string) string {
	return `(@admin::boolean OR EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = ` + col + ` AND gm.user_id = @uid))`
}

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
