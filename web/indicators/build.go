package indicators

import (
	"klyngeportalen/internal/indicators"
	"klyngeportalen/web/format"
)

// BuildCompare makes the comparison of year from the submitted values and plukkanalyser.
func BuildCompare(year int, years []int, inds []indicators.Indicator, companies []indicators.Company, values []indicators.Value,
	picks []indicators.CompanyPick, fractions []indicators.Fraction, ownCompany int64) ComparePage {
	p := ComparePage{Year: year, Years: years, Indicators: inds, Fractions: fractions}
	type key struct{ company, indicator int64 }
	byKey := map[key]float64{}
	demo := map[int64]bool{}
	perInd := map[int64][]float64{}
	for _, v := range values {
		byKey[key{v.CompanyID, v.IndicatorID}] = v.Value
		perInd[v.IndicatorID] = append(perInd[v.IndicatorID], v.Value)
		p.Demo = p.Demo || v.Demo
		demo[v.CompanyID] = demo[v.CompanyID] || v.Demo
	}
	for _, c := range companies {
		row := CompareRow{Company: c, Own: c.ID == ownCompany, Demo: demo[c.ID]}
		for _, ind := range inds {
			v, ok := byKey[key{c.ID, ind.ID}]
			if !ok {
				row.Cells = append(row.Cells, Cell{Text: "–", Missing: true})
				continue
			}
			best, _ := ind.Best(perInd[ind.ID])
			row.Cells = append(row.Cells, Cell{Text: number(ind, v), Best: v == best})
		}
		p.Rows = append(p.Rows, row)
	}
	for _, ind := range inds {
		if m, ok := indicators.Median(perInd[ind.ID]); ok {
			p.Median = append(p.Median, Cell{Text: number(ind, m)})
		} else {
			p.Median = append(p.Median, Cell{Text: "–", Missing: true})
		}
	}

	byCompany := map[int64]indicators.CompanyPick{}
	for _, pk := range picks {
		byCompany[pk.CompanyID] = pk
		p.Demo = p.Demo || pk.Demo
	}
	var items []StackItem
	for _, c := range companies {
		pk, ok := byCompany[c.ID]
		if !ok {
			continue
		}
		item := StackItem{Label: c.Label(), Demo: pk.Demo}
		row := PickRow{Company: c.Label(), Demo: pk.Demo, Date: format.Date(pk.SampledOn), Kg: format.Number(pk.SampleKg, 0)}
		for _, f := range fractions {
			item.Shares = append(item.Shares, Share{Fraction: f.Name, Colour: f.Colour, Percent: pk.Shares[f.ID]})
			row.Shares = append(row.Shares, format.Number(pk.Shares[f.ID], 1))
		}
		items = append(items, item)
		p.PickTable = append(p.PickTable, row)
	}
	p.Picks = NewStackedChart(items)
	return p
}

// BuildIndicator makes an indicator's page: the bars of year and the trend of company against the median.
func BuildIndicator(ind indicators.Indicator, year int, years []int, companies []indicators.Company, series []indicators.Value, company indicators.Company) IndicatorPage {
	p := IndicatorPage{Indicator: ind, Year: year, Company: company, DemoRows: map[string]bool{}}
	labels := map[int64]string{}
	for _, c := range companies {
		labels[c.ID] = c.Label()
	}
	byYear := map[int][]float64{}
	demoYear := map[int]bool{}
	own := map[int]float64{}
	thisYear := map[int64]float64{}
	for _, v := range series {
		byYear[v.Year] = append(byYear[v.Year], v.Value)
		p.Demo = p.Demo || v.Demo
		demoYear[v.Year] = demoYear[v.Year] || v.Demo
		if v.CompanyID == company.ID {
			own[v.Year] = v.Value
		}
		if v.Year == year {
			thisYear[v.CompanyID] = v.Value
			p.DemoRows[labels[v.CompanyID]] = v.Demo
		}
	}
	best, _ := ind.Best(byYearValues(byYear, year))
	var items []BarItem
	for _, c := range companies {
		v, ok := thisYear[c.ID]
		items = append(items, BarItem{Label: c.Label(), Value: v, Missing: !ok, Best: ok && v == best, Own: c.ID == company.ID})
	}
	p.Bars = NewBarChart(items, int(ind.Decimals))
	if m, ok := indicators.Median(byYear[year]); ok {
		p.Median = number(ind, m)
	}

	// The trend runs over every year between the first and the last with values, so a missing year shows as a gap.
	p.Years = years
	var span []int
	if len(years) > 0 {
		lo, hi := years[0], years[0]
		for _, y := range years {
			lo, hi = min(lo, y), max(hi, y)
		}
		for y := lo; y <= hi; y++ {
			span = append(span, y)
		}
	}
	medians := map[int]float64{}
	for _, y := range span {
		if m, ok := indicators.Median(byYear[y]); ok {
			medians[y] = m
		}
		row := TrendRow{Year: y, Company: "–", Median: "–", Demo: demoYear[y]}
		if v, ok := own[y]; ok {
			row.Company = number(ind, v)
		}
		if m, ok := medians[y]; ok {
			row.Median = number(ind, m)
		}
		p.TrendRows = append(p.TrendRows, row)
	}
	p.Trend = NewLineChart(span, []SeriesInput{
		{Name: "Median i klyngen", Values: medians},
		{Name: company.Label(), Values: own, Own: true},
	}, int(ind.Decimals))
	return p
}

func byYearValues(m map[int][]float64, y int) []float64 { return m[y] }
