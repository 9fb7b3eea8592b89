package demo

import (
	"context"
	"hash/fnv"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/indicators"
	"klyngeportalen/internal/tz"
)

// demoIndicators are the common indicators the issue names, as a starting point for the cluster admins.
var demoIndicators = []indicators.Indicator{
	{Slug: "utsorteringsgrad-husholdningsavfall", Name: "Utsorteringsgrad husholdningsavfall", Unit: "%", Direction: indicators.HigherIsBetter, Category: "baerekraft", Decimals: 1,
		Description: "Andelen av husholdningsavfallet (vekt) som er sortert ut til materialgjenvinning eller biologisk behandling. Beregnes fra årets mottaksstatistikk."},
	{Slug: "restavfall-per-innbygger", Name: "Restavfall per innbygger", Unit: "kg per innbygger", Direction: indicators.LowerIsBetter, Category: "baerekraft", Decimals: 0,
		Description: "Innsamlet restavfall fra husholdningene i året, delt på innbyggertallet i eierkommunene per 1. januar."},
	{Slug: "materialgjenvinningsgrad", Name: "Materialgjenvinningsgrad", Unit: "%", Direction: indicators.HigherIsBetter, Category: "baerekraft", Decimals: 1,
		Description: "Andelen av husholdningsavfallet som faktisk blir materialgjenvunnet, etter sorteringsrest, slik SSB beregner den."},
	{Slug: "klimagassutslipp", Name: "Klimagassutslipp", Unit: "tonn CO₂e", Direction: indicators.LowerIsBetter, Category: "baerekraft", Decimals: 0,
		Description: "Direkte utslipp fra egen drift (scope 1 og 2): kjøretøy, maskiner, oppvarming og strøm, etter GHG-protokollen."},
	{Slug: "kundetilfredshet", Name: "Kundetilfredshet", Unit: "poeng, 0–100", Direction: indicators.HigherIsBetter, Category: "tjeneste", Decimals: 0,
		Description: "Samlet skår i årets innbyggerundersøkelse, omregnet til en skala fra 0 til 100."},
}

// demo levels per indicator: a base value and how far the companies spread around it.
var demoLevels = map[string][2]float64{
	"utsorteringsgrad-husholdningsavfall": {38, 9},
	"restavfall-per-innbygger":            {235, 45},
	"materialgjenvinningsgrad":            {31, 7},
	"klimagassutslipp":                    {1400, 900},
	"kundetilfredshet":                    {72, 8},
}

// demo composition of residual waste, % per fraction in order (sums to 100).
var demoComposition = []float64{32, 12, 14, 5, 4, 2, 31}

// demoYears are the years with demo figures; the last one is reported by some companies only.
func demoYears(now time.Time) []int {
	y := indicators.CurrentYear(now) - 1
	return []int{y - 4, y - 3, y - 2, y - 1, y}
}

// seedIndicators adds the seed indicators and generated demo figures, marked demo, for every company:
// submitted reports for the earlier years and, for the latest year, a mix of submitted, draft
// and missing reports. It does nothing when indicators exist.
func seedIndicators(ctx context.Context, pool *pgxpool.Pool) error {
	tx, fresh, err := begin(ctx, pool, "indicators")
	if !fresh {
		return err
	}
	defer tx.Rollback(ctx)
	ids := map[string]int64{}
	for _, ind := range demoIndicators {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO indicators (slug, name, unit, description, direction, category, decimals)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			ind.Slug, ind.Name, ind.Unit, ind.Description, ind.Direction, ind.Category, ind.Decimals).Scan(&id); err != nil {
			return err
		}
		ids[ind.Slug] = id
	}
	rows, _ := tx.Query(ctx, `SELECT id, slug FROM companies ORDER BY id`)
	type co struct {
		id   int64
		slug string
	}
	companies, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (co, error) {
		var c co
		return c, r.Scan(&c.id, &c.slug)
	})
	if err != nil {
		return err
	}
	years := demoYears(time.Now())
	for ci, c := range companies {
		for yi, year := range years {
			status := indicators.StatusSubmitted
			if yi == len(years)-1 { // the latest year: some have submitted, some are drafting, some have not begun
				switch ci % 3 {
				case 1:
					status = indicators.StatusDraft
				case 2:
					continue
				}
			}
			if err := seedIndicatorReport(ctx, tx, c.id, c.slug, year, yi, status, ids); err != nil {
				return err
			}
		}
	}
	return tx.Commit(ctx)
}

func seedIndicatorReport(ctx context.Context, tx pgx.Tx, companyID int64, slug string, year, yi int, status string, ids map[string]int64) error {
	var reportID int64
	submittedAt := any(nil)
	if status == indicators.StatusSubmitted {
		submittedAt = time.Date(year+1, 3, 1+int(jitter(slug, "sub", year)*10+10), 10, 0, 0, 0, tz.Oslo)
	}
	if err := tx.QueryRow(ctx, `INSERT INTO indicator_reports (company_id, year, status, demo, submitted_at, updated_at)
		VALUES ($1, $2, $3, true, $4, coalesce($4::timestamptz, now())) RETURNING id`, companyID, year, status, submittedAt).Scan(&reportID); err != nil {
		return err
	}
	for _, ind := range demoIndicators {
		lvl := demoLevels[ind.Slug]
		trend := float64(yi) * 0.025 // a little better each year
		if ind.Direction == indicators.LowerIsBetter {
			trend = -trend
		}
		v := lvl[0]*(1+trend) + lvl[1]*(jitter(slug, ind.Slug, 0)*2+jitter(slug, ind.Slug, year)*0.4)
		v = roundTo(v, int(ind.Decimals))
		if _, err := tx.Exec(ctx, `INSERT INTO indicator_values (report_id, indicator_id, value) VALUES ($1, $2, $3)`,
			reportID, ids[ind.Slug], v); err != nil {
			return err
		}
	}
	// A plukkanalyse every other year, shares moved around and made to add up to 100.
	if (year+len(slug))%2 != 0 {
		return nil
	}
	shares := make([]float64, len(demoComposition))
	sum := 0.0
	for i, base := range demoComposition[:len(shares)-1] {
		shares[i] = roundTo(math.Max(0.5, base*(0.7+0.6*(jitter(slug, "f", i*3000+year)+0.5))), 1)
		sum += shares[i]
	}
	shares[len(shares)-1] = roundTo(100-sum, 1)
	sampled := time.Date(year, time.Month(4+int(jitter(slug, "m", year)*4+2)), 12, 0, 0, 0, 0, tz.Oslo)
	if _, err := tx.Exec(ctx, `INSERT INTO pick_analyses (report_id, sampled_on, sample_kg) VALUES ($1, $2, $3)`,
		reportID, sampled, roundTo(400+jitter(slug, "kg", year)*300+300, 1)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO pick_analysis_shares (report_id, fraction_id, share)
		SELECT $1, wf.id, s.share FROM unnest($2::numeric[]) WITH ORDINALITY AS s(share, pos) JOIN waste_fractions wf ON wf.position = s.pos`,
		reportID, shares)
	return err
}

// jitter is a stable pseudo-random number in [-0.5, 0.5) for the demo figures.
func jitter(parts ...any) float64 {
	h := fnv.New64a()
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			h.Write([]byte(v))
		case int:
			h.Write([]byte{byte(v), byte(v >> 8), byte(v >> 16)})
		}
		h.Write([]byte{0})
	}
	return float64(h.Sum64()%10000)/10000 - 0.5
}

// roundTo rounds v to decimals places, as the indicators' form does.
func roundTo(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}
