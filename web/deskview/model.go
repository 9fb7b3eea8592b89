// Package deskview is the page of the cluster leader's desk.
package deskview

import (
	"strconv"
	"time"

	"klyngeportalen/internal/desk"
)

// Role is what the viewer may do at the desk.
type Role int

const (
	RoleLeader   Role = iota + 1 // cluster admins: the whole cluster, with actions
	RoleSteering                 // the steering group: the whole cluster, read only
	RoleCompany                  // a company admin: their own company, with its actions
)

// Model is the desk page.
type Model struct {
	Desk        desk.Desk
	Role        Role
	Year        int // the open year of indicator reports
	CompanyName string
	CompanySlug string
	Now         time.Time
}

// Acts reports whether the viewer may press the desk's buttons.
func (m Model) Acts() bool { return m.Role == RoleLeader }

func itoa(n int) string            { return strconv.Itoa(n) }
func id(n int64) string            { return strconv.FormatInt(n, 10) }
func count(n int) string           { return strconv.Itoa(n) }
func eventURL(e desk.Event) string { return "/arrangementer/" + id(e.ID) }

func reportState(r desk.Report) string {
	if r.Status == "draft" {
		return "Utkast"
	}
	return "Ikke startet"
}

func seats(e desk.Event) string {
	if e.Capacity == nil {
		return itoa(e.Confirmed) + " påmeldt"
	}
	return itoa(e.Confirmed) + " av " + itoa(*e.Capacity) + " plasser fylt"
}

// caseNumber is a case's number as the group writes it: "07/2026".
func caseNumber(a desk.Action) string {
	n := itoa(a.Number)
	if a.Number < 10 {
		n = "0" + n
	}
	return n + "/" + itoa(a.Year)
}
