// Package access is the portal's one visibility rule: who may see what. Every store that
// returns objects to a person builds its WHERE clause from these fragments, so the rule is
// written once. It denies by default: a person of a kind it does not know (anything but a
// member company's employee today) sees nothing restricted by it, whatever else is true.
//
// The rule, for an object and a viewer:
//   - a member (an active user of KindMember) sees an object tied to a group (forum, event,
//     document) if they are in the group or a cluster admin, and one tied to no group always;
//   - an owner representative (KindOwner) or a partner person (KindPartner), active, sees an
//     object tied to no group whose open_to names their kind, and nothing else;
//   - any other kind, or an inactive user, sees nothing;
//   - a draft event is seen only by cluster admins.
//
// The fragments are SQL text; a statement passes the viewer in one of the ways of Viewer.
package access

// KindMember is the kind of user of the member companies' employees: the only kind that sees
// member content. Other kinds see nothing unless the rule names them.
const KindMember = "member"

// The kinds of people from outside the member companies, who see only what is opened to them.
const (
	KindOwner   = "owner"   // an owner municipality's representative
	KindPartner = "partner" // a partner organisation's person
)

// IsMember reports whether a user of kind may see member content at all (deny by default).
func IsMember(kind string) bool { return kind == KindMember }

// IsGuest reports whether kind is one of the outside kinds that see what is opened to them.
func IsGuest(kind string) bool { return kind == KindOwner || kind == KindPartner }

// Viewer says how a statement passes the viewer to the rule: SQL expressions of the viewer's
// user id, of whether they are a cluster admin, and of whether they are of a member kind.
type Viewer struct {
	id, admin, member, kind string
	groups                  string // an array of the viewer's groups, or "": looked up by id
}

// viewerIsMember is true when the user with id expression id is active and of a member kind.
// With a parameter for id it does not depend on the row, so PostgreSQL evaluates it once per
// statement (an InitPlan).
func viewerIsMember(id string) string {
	return `EXISTS (SELECT 1 FROM users av WHERE av.id = ` + id + ` AND av.active AND av.kind = '` + KindMember + `')`
}

// viewerKind is the kind of the active user with id expression id, or NULL.
func viewerKind(id string) string {
	return `(SELECT ak.kind FROM users ak WHERE ak.id = ` + id + ` AND ak.active)`
}

// Named is the viewer passed as named arguments @uid (user id) and @admin (cluster admin).
func Named() Viewer {
	return Viewer{id: "@uid", admin: "@admin::boolean", member: viewerIsMember("@uid"), kind: viewerKind("@uid")}
}

// OnceCTE is the common table expression "viewer" that a statement using Once must have in
// its WITH: the viewer @uid's facts (member, kind, groups), read from users and group_members
// once per statement. The rule inlined by Named reads them again at every place it is used
// (52 times in the one search's statement: a tenth of its time).
func OnceCTE() string {
	return `viewer AS MATERIALIZED (SELECT ` + viewerIsMember("@uid") + ` AS member, ` + viewerKind("@uid") + ` AS kind,
	ARRAY(SELECT gm.group_id FROM group_members gm WHERE gm.user_id = @uid) AS groups)`
}

// Once is the viewer passed as named arguments @uid and @admin, with its facts read from the
// common table expression OnceCTE, which the statement must have in its WITH.
func Once() Viewer {
	return Viewer{id: "@uid", admin: "@admin::boolean", member: "(SELECT viewer.member FROM viewer)",
		kind: "(SELECT viewer.kind FROM viewer)", groups: "(SELECT viewer.groups FROM viewer)::bigint[]"}
}

// Positional is the viewer passed as $1 (user id) and $2 (cluster admin).
func Positional() Viewer {
	return Viewer{id: "$1", admin: "$2::boolean", member: viewerIsMember("$1"), kind: viewerKind("$1")}
}

// Row is the viewer as a row of users with alias u (for statements about many users, such as
// who is notified). withAdmin: whether a cluster admin sees every group's objects in this use.
func Row(u string, withAdmin bool) Viewer {
	admin := "false"
	if withAdmin {
		admin = `(` + u + `.role = 'cluster_admin')`
	}
	return Viewer{id: u + ".id", admin: admin, member: `(` + u + `.active AND ` + u + `.kind = '` + KindMember + `')`,
		kind: `(CASE WHEN ` + u + `.active THEN ` + u + `.kind END)`}
}

// Member is the SQL condition that the viewer may see member content at all.
func (v Viewer) Member() string { return v.member }

// Group is the rule for an object tied to the group in column (NULL: open to every member).
func (v Viewer) Group(column string) string {
	inGroup := `EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = ` + column + ` AND gm.user_id = ` + v.id + `)`
	if v.groups != "" {
		inGroup = column + ` = ANY (` + v.groups + `)`
	}
	return `(` + v.member + ` AND (` + column + ` IS NULL OR ` + v.admin + ` OR ` + inGroup + `))`
}

// Opened is the rule for an outsider (owner or partner) and an object with the open_to column
// openTo, tied to the group in column group (pass "NULL" for objects without groups): the
// object is tied to no group and opened to the viewer's kind.
func (v Viewer) Opened(openTo, group string) string {
	return `(` + group + ` IS NULL AND coalesce(` + v.kind + ` IN ('` + KindOwner + `', '` + KindPartner + `') AND ` +
		v.kind + ` = ANY (` + openTo + `), false))`
}

// Open is the whole rule for an object of a group that can also be opened to outsiders.
func (v Viewer) Open(openTo, group string) string {
	return `(` + v.Group(group) + ` OR ` + v.Opened(openTo, group) + `)`
}

// Forum is the rule for the forum with alias f (and so for its threads and posts).
func (v Viewer) Forum(f string) string { return v.Open(f+".open_to", f+".group_id") }

// Document is the rule for the document with alias d in the kunnskapsbank.
func (v Viewer) Document(d string) string { return v.Open(d+".open_to", d+".group_id") }

// Event is the rule for the event with alias e: a draft only for cluster admins, then its group
// (or its opening to the viewer's kind).
func (v Viewer) Event(e string) string {
	return `((` + e + `.status <> 'draft' OR ` + v.admin + `) AND ` + v.Open(e+".open_to", e+".group_id") + `)`
}

// CleanOpenTo returns the kinds an object is opened to, from a form's values: owners and/or
// partners, each once, in that order; ok is false for any other value.
func CleanOpenTo(values []string) (kinds []string, ok bool) {
	kinds = []string{}
	for _, k := range []string{KindOwner, KindPartner} {
		for _, v := range values {
			if v == k {
				kinds = append(kinds, k)
				break
			}
		}
	}
	for _, v := range values {
		if v != KindOwner && v != KindPartner {
			return kinds, false
		}
	}
	return kinds, true
}
