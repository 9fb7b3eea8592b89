// Package partners holds the pages of the partner register and the projects.
package partners

import (
	"strconv"

	"klyngeportalen/internal/partners"
	"klyngeportalen/internal/plan"
	"klyngeportalen/web/components"
	docview "klyngeportalen/web/documents"
	"klyngeportalen/web/format"
)

// ListPage is the register of partner organisations, grouped by kind.
type ListPage struct {
	Groups  []Group
	CanEdit bool
}

// Group is the organisations of one kind.
type Group struct {
	Label string
	Orgs  []partners.Organisation
}

// OrgPage is one organisation with its projects.
type OrgPage struct {
	Org      partners.Organisation
	Projects []partners.Project
	CanEdit  bool
}

// ProjectsPage is the list of projects, perhaps of one status.
type ProjectsPage struct {
	Projects []partners.Project
	Status   string
	Statuses []components.Option
	CanEdit  bool
}

// ProjectPage is one project.
type ProjectPage struct {
	Project    partners.Project
	Thread     *partners.Thread // the discussion thread, when the viewer may see it
	Documents  docview.LinkedList
	Activities []plan.PlanLink // the årshjul's activities of the project
	CanEdit    bool
}

func threadURL(t partners.Thread) string {
	return "/forum/" + t.ForumSlug + "/" + strconv.FormatInt(t.ID, 10)
}

func activityURL(a plan.PlanLink) string { return "/arshjul/aktivitet/" + strconv.FormatInt(a.ID, 10) }

func activityDates(a plan.PlanLink) string {
	if a.StartsOn.Equal(a.EndsOn) {
		return format.Date(a.StartsOn)
	}
	return format.Date(a.StartsOn) + "–" + format.Date(a.EndsOn)
}

// OrgForm is the form of an organisation (Slug "" for a new one).
type OrgForm struct {
	Slug   string
	Input  partners.OrganisationInput
	Kinds  []components.Option
	Errors components.Errors
}

// ProjectForm is the form of a project (ID 0 for a new one).
type ProjectForm struct {
	ID        int64
	Input     partners.ProjectInput
	Statuses  []components.Option
	Partners  []Choice
	Companies []Choice
	Errors    components.Errors
}

// Choice is a tick box among many.
type Choice struct {
	ID      int64
	Label   string
	Checked bool
}

func projectURL(p partners.Project) string { return "/prosjekter/" + strconv.FormatInt(p.ID, 10) }
func orgURL(slug string) string            { return "/partnere/" + slug }

func period(p partners.Project) string {
	switch {
	case p.StartsOn != nil && p.EndsOn != nil:
		return format.Date(*p.StartsOn) + "–" + format.Date(*p.EndsOn)
	case p.StartsOn != nil:
		return "fra " + format.Date(*p.StartsOn)
	case p.EndsOn != nil:
		return "til " + format.Date(*p.EndsOn)
	}
	return ""
}

func funding(p partners.Project) string {
	s := p.FundingSource
	if p.FundingAmount != nil {
		if s != "" {
			s += ": "
		}
		s += format.Number(float64(*p.FundingAmount), 0) + " kr"
	}
	return s
}

func choiceID(prefix string, id int64) string { return prefix + "-" + strconv.FormatInt(id, 10) }
func idValue(id int64) string                 { return strconv.FormatInt(id, 10) }
