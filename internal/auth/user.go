package auth

import (
	"context"
	"reflect"
	"slices"

	"klyngeportalen/internal/access"
)

// Role is what a person may do in the portal besides what their groups allow.
type Role string

// The roles, from least to most.
const (
	RoleMember       Role = "member"
	RoleCompanyAdmin Role = "company_admin"
	RoleClusterAdmin Role = "cluster_admin"
)

func (r Role) rank() int {
	switch r {
	case RoleMember:
		return 1
	case RoleCompanyAdmin:
		return 2
	case RoleClusterAdmin:
		return 3
	}
	return 0
}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// Label is the role's Norwegian name.
func (r Role) Label() string {
	switch r {
	case RoleCompanyAdmin:
		return "Selskapsadministrator"
	case RoleClusterAdmin:
		return "Klyngeadministrator"
	}
	return "Medlem"
}

// Roles lists every role, least first.
var Roles = []Role{RoleMember, RoleCompanyAdmin, RoleClusterAdmin}

// Group slugs that decide access to restricted content.
const (
	GroupDirectors = "direktorforum"
	GroupSteering  = "styringsgruppen"
)

// User is the signed-in person, loaded once per request.
type User struct {
	ID          int64
	CompanyID   int64
	CompanySlug string
	CompanyName string
	Name        string
	Email       string
	Role        Role
	Kind        string // the kind of user (access.KindMember for the member companies' employees)
	// Municipality is an owner representative's municipality (access.KindOwner); CompanyID is 0.
	Municipality string
	// PartnerID and PartnerName are a partner person's organisation (access.KindPartner).
	PartnerID   int64
	PartnerName string
	Groups      []string // slugs of the groups the person belongs to
	// SecondFactor reports whether the person has TOTP on.
	SecondFactor bool
}

// Equal reports whether u and o are the same in every field (the groups in order, an empty
// list as none): whether reads made for the one hold for the other.
func (u User) Equal(o User) bool {
	ug, og := u.Groups, o.Groups
	u.Groups, o.Groups = nil, nil
	return reflect.DeepEqual(u, o) && slices.Equal(ug, og)
}

// IsMember reports whether u is of a kind that sees member content (internal/access: deny by default).
func (u *User) IsMember() bool { return u != nil && access.IsMember(u.Kind) }

// IsGuest reports whether u is an owner representative or a partner person: someone from
// outside the member companies who sees only what is opened to their kind.
func (u *User) IsGuest() bool { return u != nil && access.IsGuest(u.Kind) }

// IsOwner reports whether u is an owner municipality's representative.
func (u *User) IsOwner() bool { return u != nil && u.Kind == access.KindOwner }

// IsClusterAdmin reports whether u manages the whole cluster.
func (u *User) IsClusterAdmin() bool { return u != nil && u.Role == RoleClusterAdmin }

// CanAdminCompany reports whether u may manage company companyID: its own company admin, or a cluster admin.
func (u *User) CanAdminCompany(companyID int64) bool {
	return u != nil && (u.Role == RoleClusterAdmin || (u.Role == RoleCompanyAdmin && u.CompanyID == companyID))
}

// CanGrant reports whether u may give someone role r: never more than u's own.
func (u *User) CanGrant(r Role) bool { return u != nil && r.Valid() && r.rank() <= u.Role.rank() }

// InGroup reports whether u belongs to the group with slug.
func (u *User) InGroup(slug string) bool { return u != nil && slices.Contains(u.Groups, slug) }

// CanSeeGroup reports whether u may see what is restricted to the group: its members and cluster admins.
func (u *User) CanSeeGroup(slug string) bool { return u.IsClusterAdmin() || u.InGroup(slug) }

type userKey struct{}

// WithUser returns a context carrying the signed-in user.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the signed-in user, or nil for an anonymous visitor.
func UserFrom(ctx context.Context) *User { u, _ := ctx.Value(userKey{}).(*User); return u }
