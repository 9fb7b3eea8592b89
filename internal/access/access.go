// Package access is the portal's one visibility rule: who may see what. Every store that
// returns objects to a person builds its WHERE clause from these fragments, so the rule is
// written once. It denies by default: a person of a kind it does not know (anything but a
// member company's employee today) sees nothing restricted by it, whatever else is true.
//
// The rule, for an object and a viewer:
//   - the viewer must be an active user of a known member kind (KindMember), else nothing;
//   - an object tied to a group (forum, event, document) is seen by the group's members and by
//     cluster admins; one tied to no group by every member;
//   - a draft event is seen only by cluster admins.
//
// The fragments are SQL text; a statement passes the viewer in one of the ways of Viewer.
package access

// KindMember is the kind of user of the member companies' employees: the only kind that sees
// member content. Other kinds see nothing unless the rule names them.
const KindMember = "member"

// IsMember reports whether a user of kind may see member content at all (deny by default).
func IsMember(kind string) bool { return kind == KindMember }

// Viewer says how a statement passes the viewer to the rule: SQL expressions of the viewer's
// user id, of whether they are a cluster admin, and of whether they are of a member kind.
type Viewer struct {
	id, admin, member string
}

// viewerIsMember is true when the user with id expression id is active and of a member kind.
// With a parameter for id it does not depend on the row, so PostgreSQL evaluates it once per
// statement (an InitPlan).
func viewerIsMember(id string) string {
	return `EXISTS (SELECT 1 FROM users av WHERE av.id = ` + id + ` AND av.active AND av.kind = '` + KindMember + `')`
}

// Named is the viewer passed as named arguments @uid (user id) and @admin (cluster admin).
func Named() Viewer {
	return Viewer{id: "@uid", admin: "@admin::boolean", member: viewerIsMember("@uid")}
}

// Positional is the viewer passed as $1 (user id) and $2 (cluster admin).
func Positional() Viewer {
	return Viewer{id: "$1", admin: "$2::boolean", member: viewerIsMember("$1")}
}

// Row is the viewer as a row of users with alias u (for statements about many users, such as
// who is notified). withAdmin: whether a cluster admin sees every group's objects in this use.
func Row(u string, withAdmin bool) Viewer {
	admin := "false"
	if withAdmin {
		admin = `(` + u + `.role = 'cluster_admin')`
	}
	return Viewer{id: u + ".id", admin: admin, member: `(` + u + `.active AND ` + u + `.kind = '` + KindMember + `')`}
}

// Member is the SQL condition that the viewer may see member content at all.
func (v Viewer) Member() string { return v.member }

// Group is the rule for an object tied to the group in column (NULL: open to every member).
func (v Viewer) Group(column string) string {
	return `(` + v.member + ` AND (` + column + ` IS NULL OR ` + v.admin +
		` OR EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = ` + column + ` AND gm.user_id = ` + v.id + `)))`
}

// Forum is the rule for the forum with alias f (and so for its threads and posts).
func (v Viewer) Forum(f string) string { return v.Group(f + ".group_id") }

// Document is the rule for the document with alias d in the kunnskapsbank.
func (v Viewer) Document(d string) string { return v.Group(d + ".group_id") }

// Event is the rule for the event with alias e: a draft only for cluster admins, then its group.
func (v Viewer) Event(e string) string {
	return `((` + e + `.status <> 'draft' OR ` + v.admin + `) AND ` + v.Group(e+".group_id") + `)`
}
