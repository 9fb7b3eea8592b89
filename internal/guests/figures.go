package guests

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/web/format"
)

// maxFigureRows bounds the rows of OwnedFigures: the companies a municipality owns times the
// values of one report each.
const maxFigureRows = 5000

// CompanyFigures are a company's latest submitted key figures, as its owners see them.
type CompanyFigures struct {
	CompanyID int64
	Slug      string
	Name      string
	Year      int  // the year of the latest submitted report; 0 when the company has submitted none
	Demo      bool // the report is demo data (labelled "demodata" wherever shown)
	Figures   []Figure
}

// Reported reports whether the company has submitted a report at all.
func (c CompanyFigures) Reported() bool { return c.Year != 0 }

// Figure is one indicator's value in a submitted report.
type Figure struct {
	Slug     string
	Name     string
	Unit     string
	Decimals int
	Value    float64
}

// Text is the value written the Norwegian way with its unit: "12,5 %", "10 000 tonn".
func (f Figure) Text() string {
	return strings.TrimSpace(format.Number(f.Value, f.Decimals) + " " + f.Unit)
}

// OwnedFigures returns, for each member company whose owners include municipality (by name,
// exactly as in companies.municipalities), the values of its latest submitted indicator report,
// by company name. Drafts are never read, and no other company is. A company that has submitted
// nothing is listed with Year 0 and no figures. One query.
func (s *Store) OwnedFigures(ctx context.Context, municipality string) ([]CompanyFigures, error) {
	var out []CompanyFigures
	var b pgx.Batch
	queueOwnedFigures(&b, municipality, &out)
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return nil, fmt.Errorf("guests: owned figures: %w", err)
	}
	return out, nil
}

// queueOwnedFigures queues the read of OwnedFigures into dst; nothing for no municipality.
func queueOwnedFigures(b *pgx.Batch, municipality string, dst *[]CompanyFigures) {
	if municipality == "" {
		return
	}
	b.Queue(`
		SELECT c.id, c.slug, c.name, coalesce(r.year, 0)::int, coalesce(r.demo, false),
			i.slug, i.name, i.unit, i.decimals::int, v.value::float8
		FROM companies c
		LEFT JOIN LATERAL (
			SELECT ir.id, ir.year, ir.demo FROM indicator_reports ir
			WHERE ir.company_id = c.id AND ir.status = 'submitted'
			ORDER BY ir.year DESC LIMIT 1) r ON true
		LEFT JOIN indicator_values v ON v.report_id = r.id
		LEFT JOIN indicators i ON i.id = v.indicator_id
		WHERE c.municipalities @> ARRAY[$1::text]
		ORDER BY c.name COLLATE nb, c.id,
			array_position(ARRAY['baerekraft','tjeneste','okonomi','plukkanalyse'], i.category), i.name COLLATE nb
		LIMIT $2`, municipality, maxFigureRows).Query(func(rows pgx.Rows) error {
		var out []CompanyFigures
		var (
			c          CompanyFigures
			slug, name *string
			unit       *string
			decimals   *int
			value      *float64
		)
		_, err := pgx.ForEachRow(rows, []any{&c.CompanyID, &c.Slug, &c.Name, &c.Year, &c.Demo, &slug, &name, &unit, &decimals, &value}, func() error {
			if len(out) == 0 || out[len(out)-1].CompanyID != c.CompanyID {
				out = append(out, CompanyFigures{CompanyID: c.CompanyID, Slug: c.Slug, Name: c.Name, Year: c.Year, Demo: c.Demo})
			}
			if slug != nil {
				last := &out[len(out)-1]
				last.Figures = append(last.Figures, Figure{Slug: *slug, Name: *name, Unit: *unit, Decimals: *decimals, Value: *value})
			}
			return nil
		})
		*dst = out
		return err
	})
}
