package indicators

import (
	"strconv"
	"strings"

	"klyngeportalen/internal/indicators"
	"klyngeportalen/web/components"
	"klyngeportalen/web/format"
)

// Cell is one value in the comparison table.
type Cell struct {
	Text    string
	Best    bool
	Missing bool
}

// CompareRow is a company's row of the comparison table.
type CompareRow struct {
	Company indicators.Company
	Cells   []Cell
	Own     bool
	Demo    bool // the row's figures are demo figures
}

// ComparePage is /nokkeltall: companies × indicators for a year, and the plukkanalyser.
type ComparePage struct {
	Year       int
	Years      []int
	Indicators []indicators.Indicator
	Rows       []CompareRow
	Median     []Cell
	Demo       bool // demo figures are shown
	Picks      StackedChart
	PickTable  []PickRow
	Fractions  []indicators.Fraction
	CanReport  bool
	CanDefine  bool
}

// PickRow is a company's plukkanalyse in the table beside the stacked bars.
type PickRow struct {
	Company string
	Demo    bool
	Date    string
	Kg      string
	Shares  []string
}

// IndicatorPage is one indicator: its bar chart for a year and its trend over the years.
type IndicatorPage struct {
	Indicator indicators.Indicator
	Year      int
	Years     []int
	Demo      bool
	Bars      BarChart
	Trend     LineChart
	TrendRows []TrendRow
	Company   indicators.Company // the company compared with the median in the trend
	Companies []components.Option
	Median    string
	DemoRows  map[string]bool // company labels whose figure this year is a demo figure
}

// TrendRow is a year of the trend table.
type TrendRow struct {
	Year    int
	Company string
	Median  string
	Demo    bool // some of the year's figures are demo figures
}

// DefinitionsPage lists the indicators and how they are measured.
type DefinitionsPage struct {
	Indicators []indicators.Indicator
	CanDefine  bool
}

// IndicatorForm is the form that defines an indicator.
type IndicatorForm struct {
	Slug   string // "" for a new one
	Input  indicators.IndicatorInput
	Errors components.Errors
}

// number writes v with the indicator's decimals.
func number(ind indicators.Indicator, v float64) string { return format.Number(v, int(ind.Decimals)) }

func itoa(i int) string { return strconv.Itoa(i) }

func yearOptions(years []int, selected int) []components.Option {
	var out []components.Option
	for _, y := range years {
		out = append(out, components.Option{Value: itoa(y), Label: itoa(y), Selected: y == selected})
	}
	return out
}

func choiceOptions(choices []indicators.Choice, selected string) []components.Option {
	out := []components.Option{{Value: "", Label: "Velg"}}
	for _, c := range choices {
		out = append(out, components.Option{Value: c.Value, Label: c.Label, Selected: c.Value == selected})
	}
	return out
}

func categoryChoices() []indicators.Choice  { return indicators.Categories }
func directionChoices() []indicators.Choice { return indicators.Directions }

func decimalOptions(selected string) []components.Option {
	var out []components.Option
	for d := 0; d <= 3; d++ {
		out = append(out, components.Option{Value: itoa(d), Label: itoa(d), Selected: itoa(d) == selected})
	}
	return out
}

// ReportsPage is /nokkeltall/rapporter: one's own company's reports, and for cluster admins
// every company's status for a year.
type ReportsPage struct {
	Company    indicators.Company // the viewer's company
	Reports    []indicators.Report
	StartYears []components.Option
	Start      StartForm
	Cluster    bool
	Year       int
	Years      []components.Option
	Statuses   []indicators.CompanyStatus
	Missing    int // companies that have not submitted
	Companies  []components.Option
}

// StartForm starts a report for a company and year.
type StartForm struct {
	Year    string
	Company string
	Errors  components.Errors
}

// ReportForm is a company's report for a year: values, plukkanalyse, CSV import.
type ReportForm struct {
	Report     indicators.Report
	Indicators []indicators.Indicator
	Fractions  []indicators.Fraction
	Input      indicators.ReportInput
	Errors     components.Errors
	ImportErrs []indicators.LineError
	CanReopen  bool // the viewer may make a submitted report a draft again
}

// URL is the address of the report.
func (f ReportForm) URL() string {
	return "/nokkeltall/rapporter/" + f.Report.CompanySlug + "/" + itoa(f.Report.Year)
}

// InParens is a unit in brackets after a name, «(kg per innbygger)». Brackets inside the unit
// become a comma, so no brackets stand in brackets: «poeng (0–100)» → «(poeng, 0–100)».
func InParens(unit string) string {
	if unit == "" {
		return ""
	}
	u := strings.TrimSpace(strings.NewReplacer(" (", ", ", "(", ", ", ")", "").Replace(unit))
	return "(" + strings.TrimPrefix(u, ", ") + ")"
}
