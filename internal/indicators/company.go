package indicators

import (
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
)

// Figure is one value of a company's latest submitted report.
type Figure struct {
	Slug     string  `db:"slug"`
	Name     string  `db:"name"`
	Unit     string  `db:"unit"`
	Decimals int16   `db:"decimals"`
	Value    float64 `db:"value"`
	Year     int     `db:"year"`
	Demo     bool    `db:"demo"`
}

// QueueLatestFigures adds to b the values of company's latest submitted report, by category
// and name; after the batch they are in *dst (empty when it has reported nothing).
func QueueLatestFigures(b *pgx.Batch, company int64, dst *[]Figure) {
	database.Collect(b, dst, `SELECT i.slug, i.name, i.unit, i.decimals, v.value::float8 AS value, r.year::int AS year, r.demo
		FROM indicator_reports r JOIN indicator_values v ON v.report_id = r.id JOIN indicators i ON i.id = v.indicator_id
		WHERE r.id = (SELECT id FROM indicator_reports WHERE company_id = $1 AND status = 'submitted' ORDER BY year DESC LIMIT 1)
		ORDER BY array_position(ARRAY['baerekraft','tjeneste','okonomi','plukkanalyse'], i.category), i.name COLLATE nb`, company)
}
