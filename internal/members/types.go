// Package members owns the member companies, their people, the groups and the audit log.
package members

import (
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/domain"
)

// Errors of this package, mapped to HTTP once in web.
var (
	ErrNotFound  = domain.New(domain.NotFound, "members: not found")
	ErrForbidden = domain.New(domain.Forbidden, "members: not allowed")
	ErrConflict  = domain.New(domain.Conflict, "members: conflict")
	// ErrSelf: an administrator may not change their own access.
	ErrSelf = domain.New(domain.Forbidden, "members: may not change oneself")
	// ErrNotInvited: the person has already accepted or is deactivated, so there is nothing to resend.
	ErrNotInvited = domain.New(domain.Conflict, "members: not waiting for an invitation")
)

// Company is a member company and its profile.
type Company struct {
	ID             int64    `db:"id"`
	Slug           string   `db:"slug"`
	Name           string   `db:"name"`
	ShortName      string   `db:"short_name"`
	OrgNumber      string   `db:"org_number"`
	Municipalities []string `db:"municipalities"`
	Inhabitants    *int32   `db:"inhabitants"`
	Address        string   `db:"address"`        // visiting address
	PostalAddress  string   `db:"postal_address"` // postal address
	Phone          string   `db:"phone"`
	HasLogo        bool     `db:"has_logo"`
	Website        string   `db:"website"`
	Description    string   `db:"description"`
	ContactUserID  *int64   `db:"contact_user_id"`
	ContactName    *string  `db:"contact_name"`
	PeopleCount    int      `db:"people_count"`
}

// Person is someone in the directory.
type Person struct {
	ID          int64  `db:"id"`
	CompanyID   int64  `db:"company_id"`
	CompanySlug string `db:"company_slug"`
	CompanyName string `db:"company_name"`
	// CompanyShort is the company's short name ("IRIS Salten"), its name when it has none.
	CompanyShort string     `db:"company_short"`
	Name         string     `db:"name"`
	Email        string     `db:"email"`
	Title        string     `db:"title"`
	Phone        string     `db:"phone"`  // at work
	Mobile       string     `db:"mobile"` // mobile phone
	Department   string     `db:"department"`
	About        string     `db:"about"`     // "Om meg", written by the person
	Expertise    []string   `db:"expertise"` // areas of expertise and responsibility, lower case
	Role         auth.Role  `db:"role"`
	Active       bool       `db:"active"`
	Invited      bool       `db:"invited"` // invited, has not yet chosen a password
	LastLoginAt  *time.Time `db:"last_login_at"`
	Groups       []GroupRef `db:"groups"`
	// AvatarVersion is the version of the person's photo, 0 when they have none.
	AvatarVersion int64 `db:"avatar_version"`
}

// GroupRef names a group a person belongs to.
type GroupRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Group is the directors' forum, the steering group, or a professional group.
type Group struct {
	ID          int64  `db:"id"`
	Slug        string `db:"slug"`
	Name        string `db:"name"`
	Kind        string `db:"kind"`
	Description string `db:"description"`
	MemberCount int    `db:"member_count"`
}

// Group kinds.
const (
	KindDirectors = "direktorforum"
	KindSteering  = "styringsgruppe"
	KindTopic     = "faggruppe"
)

// KindLabel is the Norwegian name of a group kind.
func KindLabel(kind string) string {
	switch kind {
	case KindDirectors:
		return "Direktørforum"
	case KindSteering:
		return "Styringsgruppe"
	}
	return "Faggruppe"
}

// AuditEntry is one administrative action.
type AuditEntry struct {
	ID          int64     `db:"id"`
	At          time.Time `db:"at"`
	ActorName   *string   `db:"actor_name"`
	CompanyName *string   `db:"company_name"`
	Action      string    `db:"action"`
	TargetType  string    `db:"target_type"`
	TargetID    *int64    `db:"target_id"`
	Details     string    `db:"details"`
}
