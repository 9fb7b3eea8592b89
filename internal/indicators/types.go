package indicators

import (
	"time"

	"klyngeportalen/internal/domain"
)

// Errors of this package, mapped to HTTP once in web.
var (
	ErrNotFound = domain.New(domain.NotFound, "indicators: not found")
	// ErrLocked: a submitted report can no longer be changed.
	ErrLocked = domain.New(domain.Conflict, "indicators: report is submitted")
)

// Direction says whether a higher or a lower value is better.
type Direction string

// The directions.
const (
	HigherIsBetter Direction = "higher"
	LowerIsBetter  Direction = "lower"
)

// Directions lists the directions with their Norwegian labels.
var Directions = []Choice{{string(HigherIsBetter), "Høyere er bedre"}, {string(LowerIsBetter), "Lavere er bedre"}}

// Categories lists the indicator categories with their Norwegian labels, in display order.
var Categories = []Choice{{"baerekraft", "Bærekraft"}, {"tjeneste", "Tjeneste"}, {"okonomi", "Økonomi"}, {"plukkanalyse", "Plukkanalyse"}}

// Choice is a stored value with its Norwegian label.
type Choice struct{ Value, Label string }

func label(choices []Choice, v string) string {
	for _, c := range choices {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

// Indicator is a common indicator the cluster admins define.
type Indicator struct {
	ID          int64     `db:"id"`
	Slug        string    `db:"slug"`
	Name        string    `db:"name"`
	Unit        string    `db:"unit"`
	Description string    `db:"description"`
	Direction   Direction `db:"direction"`
	Category    string    `db:"category"`
	Decimals    int16     `db:"decimals"`
}

// CategoryLabel is the Norwegian name of the indicator's category.
func (i Indicator) CategoryLabel() string { return label(Categories, i.Category) }

// DirectionLabel is the Norwegian description of the indicator's direction.
func (i Indicator) DirectionLabel() string { return label(Directions, string(i.Direction)) }

// IsPercent reports whether the indicator is a percentage (0–100).
func (i Indicator) IsPercent() bool { return i.Unit == "%" }

// Better reports whether a is better than b for this indicator.
func (i Indicator) Better(a, b float64) bool {
	if i.Direction == LowerIsBetter {
		return a < b
	}
	return a > b
}

// Fraction is a household waste fraction of a plukkanalyse.
type Fraction struct {
	ID     int16  `db:"id"`
	Slug   string `db:"slug"`
	Name   string `db:"name"`
	Colour string `db:"colour"`
}

// Report statuses.
const (
	StatusDraft     = "draft"
	StatusSubmitted = "submitted"
)

// Report is a company's report for a year.
type Report struct {
	ID          int64             `db:"id"`
	CompanyID   int64             `db:"company_id"`
	CompanySlug string            `db:"company_slug"`
	CompanyName string            `db:"company_name"`
	Year        int               `db:"year"`
	Status      string            `db:"status"`
	Demo        bool              `db:"demo"`
	UpdatedAt   time.Time         `db:"updated_at"`
	SubmittedAt *time.Time        `db:"submitted_at"`
	Values      map[int64]float64 `db:"-"`
	Pick        *PickAnalysis     `db:"-"`
}

// Submitted reports whether the report has been sent in.
func (r Report) Submitted() bool { return r.Status == StatusSubmitted }

// PickAnalysis is a plukkanalyse: the residual waste's composition, share in % per fraction id.
type PickAnalysis struct {
	SampledOn time.Time
	SampleKg  float64
	Shares    map[int16]float64
}

// Value is one submitted value in the comparison.
type Value struct {
	CompanyID   int64   `db:"company_id"`
	IndicatorID int64   `db:"indicator_id"`
	Year        int     `db:"year"`
	Value       float64 `db:"value"`
	Demo        bool    `db:"demo"`
}

// Company is a member company as the indicator pages name it.
type Company struct {
	ID        int64  `db:"id"`
	Slug      string `db:"slug"`
	Name      string `db:"name"`
	ShortName string `db:"short_name"`
}

// Label is the company's short name, or its name.
func (c Company) Label() string {
	if c.ShortName != "" {
		return c.ShortName
	}
	return c.Name
}

// CompanyStatus is a company's reporting status for a year, for the cluster admins.
type CompanyStatus struct {
	Company
	Status       *string    `db:"status"` // nil: not started
	Demo         bool       `db:"demo"`
	UpdatedAt    *time.Time `db:"updated_at"`
	SubmittedAt  *time.Time `db:"submitted_at"`
	LastReminder *time.Time `db:"last_reminder"`
	Admins       int        `db:"admins"` // company admins who would get a reminder
}
