// Package strategy is the cluster's strategy as data: its periods, and in each period the
// revisions of its text (purpose, ambition, the focus areas and their sub-goals). A revision
// is never changed: revising the strategy adds one, so that earlier text stays readable.
package strategy

import (
	"strconv"
	"strings"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/domain"
)

// Domain errors, mapped to HTTP statuses in web.
var (
	ErrNotFound  = domain.New(domain.NotFound, "strategy: not found")
	ErrForbidden = domain.New(domain.Forbidden, "strategy: not allowed")
	ErrConflict  = domain.New(domain.Conflict, "strategy: conflict")
)

// CanEdit reports whether u may revise the strategy: cluster admins and the steering group.
func CanEdit(u *auth.User) bool {
	return u != nil && (u.IsClusterAdmin() || u.InGroup(auth.GroupSteering))
}

// Period is a strategy period, e.g. 2025–2026.
type Period struct {
	ID        int64  `db:"id"`
	Name      string `db:"name"`
	FirstYear int    `db:"first_year"`
	LastYear  int    `db:"last_year"`
}

// Revision is one version of a period's text, without its goals.
type Revision struct {
	ID         int64     `db:"id"`
	PeriodID   int64     `db:"period_id"`
	Number     int       `db:"number"`
	Purpose    string    `db:"purpose"`
	Ambition   string    `db:"ambition"`
	Note       string    `db:"note"`
	CreatedAt  time.Time `db:"created_at"`
	AuthorName *string   `db:"author_name"`
	Latest     bool      `db:"latest"` // the newest revision of its period
	PeriodName string    `db:"period_name"`
	FirstYear  int       `db:"first_year"`
	LastYear   int       `db:"last_year"`
}

// PurposePoints are the purpose's points, one a line.
func (r Revision) PurposePoints() []string {
	var out []string
	for _, l := range strings.Split(r.Purpose, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Goal is a revision's text of a focus area (TopicID nil) or of one of its sub-goals.
type Goal struct {
	FocusAreaID int16  `db:"focus_area_id"`
	TopicID     *int16 `db:"topic_id"`
	Slug        string `db:"slug"`   // the focus area's or the topic's slug
	Colour      string `db:"colour"` // the focus area's colour
	Name        string `db:"name"`
	Description string `db:"description"`
}

// Key names the goal in forms: "fokus-1" or "mal-4".
func (g Goal) Key() string {
	if g.TopicID == nil {
		return "fokus-" + itoa(int(g.FocusAreaID))
	}
	return "mal-" + itoa(int(*g.TopicID))
}

// Area is a focus area with its sub-goals.
type Area struct {
	Goal
	SubGoals []Goal
}

// Strategy is one revision (with its period) and its focus areas and sub-goals, in order.
type Strategy struct {
	Revision
	Areas []Area
}

// PeriodHistory is a period with its revisions, newest first.
type PeriodHistory struct {
	Period
	Revisions []Revision
}

func itoa(n int) string { return strconv.Itoa(n) }
