// Package indicators owns the common indicators and plukkanalyser: definitions and values per company and year.
package indicators

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database"
)

// Store reads and writes the area's tables.
type Store struct {
	pool *pgxpool.Pool
	// Reference lists, kept while the reference data is unchanged.
	indicators database.Reference[Indicator]
	fractions  database.Reference[Fraction]
	companies  database.Reference[Company]
	years      database.Reference[int]
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const indicatorColumns = `id, slug, name, unit, description, direction, category, decimals`

// categoryOrder sorts indicators by category in the order of Categories, then by name.
const categoryOrder = `ORDER BY array_position(ARRAY['baerekraft','tjeneste','okonomi','plukkanalyse'], category), name COLLATE nb`

// Indicators lists every indicator by category and name.
func (s *Store) Indicators(ctx context.Context) ([]Indicator, error) {
	return s.indicators.Get(ctx, func(ctx context.Context) ([]Indicator, error) {
		rows, _ := s.pool.Query(ctx, `SELECT `+indicatorColumns+` FROM indicators `+categoryOrder)
		return pgx.CollectRows(rows, pgx.RowToStructByName[Indicator])
	})
}

// Indicator returns the indicator with slug.
func (s *Store) Indicator(ctx context.Context, slug string) (Indicator, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+indicatorColumns+` FROM indicators WHERE slug = $1`, slug)
	ind, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Indicator])
	if errors.Is(err, pgx.ErrNoRows) {
		return ind, ErrNotFound
	}
	return ind, err
}

// Fractions lists the waste fractions of a plukkanalyse in their order.
func (s *Store) Fractions(ctx context.Context) ([]Fraction, error) {
	return s.fractions.Get(ctx, func(ctx context.Context) ([]Fraction, error) {
		rows, _ := s.pool.Query(ctx, `SELECT id, slug, name, colour FROM waste_fractions ORDER BY position`)
		return pgx.CollectRows(rows, pgx.RowToStructByName[Fraction])
	})
}

// Companies lists the member companies by name.
func (s *Store) Companies(ctx context.Context) ([]Company, error) {
	return s.companies.Get(ctx, func(ctx context.Context) ([]Company, error) {
		rows, _ := s.pool.Query(ctx, `SELECT id, slug, name, short_name FROM companies ORDER BY name COLLATE nb`)
		return pgx.CollectRows(rows, pgx.RowToStructByName[Company])
	})
}

// Company returns the member company with slug.
func (s *Store) Company(ctx context.Context, slug string) (Company, error) {
	rows, _ := s.pool.Query(ctx, `SELECT id, slug, name, short_name FROM companies WHERE slug = $1`, slug)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Company])
	if errors.Is(err, pgx.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// Years lists the years with at least one submitted report, latest first.
func (s *Store) Years(ctx context.Context) ([]int, error) {
	return s.years.Get(ctx, func(ctx context.Context) ([]int, error) {
		rows, _ := s.pool.Query(ctx, `SELECT DISTINCT year::int FROM indicator_reports WHERE status = 'submitted' ORDER BY 1 DESC`)
		return pgx.CollectRows(rows, pgx.RowTo[int])
	})
}

const submittedValues = `SELECT r.company_id, v.indicator_id, r.year::int AS year, v.value::float8 AS value, r.demo
	FROM indicator_values v JOIN indicator_reports r ON r.id = v.report_id
	WHERE r.status = 'submitted'`

// YearValues returns every submitted value of year. Drafts are never shown to others.
func (s *Store) YearValues(ctx context.Context, year int) ([]Value, error) {
	rows, _ := s.pool.Query(ctx, submittedValues+` AND r.year = $1`, year)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Value])
}

// Series returns every submitted value of an indicator, all years.
func (s *Store) Series(ctx context.Context, indicatorID int64) ([]Value, error) {
	rows, _ := s.pool.Query(ctx, submittedValues+` AND v.indicator_id = $1 ORDER BY r.year`, indicatorID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Value])
}

// CompanyPick is a company's submitted plukkanalyse of a year.
type CompanyPick struct {
	CompanyID int64
	Demo      bool
	PickAnalysis
}

// YearPicks returns the submitted plukkanalyser of year.
func (s *Store) YearPicks(ctx context.Context, year int) ([]CompanyPick, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT r.company_id, r.demo, p.sampled_on, p.sample_kg::float8,
		       coalesce((SELECT json_object_agg(sh.fraction_id, sh.share::float8) FROM pick_analysis_shares sh WHERE sh.report_id = p.report_id), '{}')
		FROM pick_analyses p JOIN indicator_reports r ON r.id = p.report_id
		WHERE r.status = 'submitted' AND r.year = $1`, year)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (CompanyPick, error) {
		var c CompanyPick
		err := row.Scan(&c.CompanyID, &c.Demo, &c.SampledOn, &c.SampleKg, &c.Shares)
		return c, err
	})
}
