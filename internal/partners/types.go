// Package partners is the register of the cluster's partner organisations — research and
// education (FoU), the public funding system, the industry's associations, other clusters — and
// of the FoU and development projects the member companies take part in.
package partners

import (
	"time"

	"klyngeportalen/internal/domain"
)

// ErrNotFound is returned for what does not exist or the viewer may not see.
var ErrNotFound = domain.New(domain.NotFound, "partners: not found")

// Kinds of partner organisation, in the order the register shows them, with Norwegian names.
var Kinds = []struct{ Value, Label string }{
	{"fou", "Forskning og utvikling"},
	{"utdanning", "Utdanning"},
	{"virkemiddelapparat", "Virkemiddelapparatet"},
	{"bransjeorganisasjon", "Bransjeorganisasjoner"},
	{"klynge", "Andre klynger og nettverk"},
}

// KindLabel is the Norwegian name of kind.
func KindLabel(kind string) string {
	for _, k := range Kinds {
		if k.Value == kind {
			return k.Label
		}
	}
	return kind
}

// Statuses of a project, with Norwegian names.
var Statuses = []struct{ Value, Label string }{
	{"planlagt", "Planlagt"}, {"soknad", "Søknad sendt"}, {"pagar", "Pågår"}, {"avsluttet", "Avsluttet"}, {"avslatt", "Ikke innvilget"},
}

// StatusLabel is the Norwegian name of a project's status.
func StatusLabel(status string) string {
	for _, s := range Statuses {
		if s.Value == status {
			return s.Label
		}
	}
	return status
}

// Organisation is a partner organisation.
type Organisation struct {
	ID            int64  `db:"id"`
	Slug          string `db:"slug"`
	Name          string `db:"name"`
	Kind          string `db:"kind"`
	Website       string `db:"website"`
	Description   string `db:"description"`
	Collaboration string `db:"collaboration"`
	ContactName   string `db:"contact_name"`
	ContactEmail  string `db:"contact_email"`
	Demo          bool   `db:"demo"`
	Projects      int    `db:"projects"`
}

// Ref names an organisation or a company in a project.
type Ref struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Project is an FoU or development project.
type Project struct {
	ID            int64      `db:"id"`
	Title         string     `db:"title"`
	Description   string     `db:"description"`
	Status        string     `db:"status"`
	FundingSource string     `db:"funding_source"`
	FundingAmount *int64     `db:"funding_amount"`
	StartsOn      *time.Time `db:"starts_on"`
	EndsOn        *time.Time `db:"ends_on"`
	Demo          bool       `db:"demo"`
	Partners      []Ref      `db:"partners"`
	Companies     []Ref      `db:"companies"`
	ThreadID      *int64     `db:"thread_id"` // the discussion thread; shown only to who may see it (Thread)
}

// Thread is a project's forum thread as the viewer may see it.
type Thread struct {
	ID        int64  `db:"id"`
	Title     string `db:"title"`
	ForumSlug string `db:"forum_slug"`
	ForumName string `db:"forum_name"`
}
