package indicators

import "github.com/jackc/pgx/v5"

// QueueSubmittedReports adds to batch b the count of the companies that have submitted their
// report of year's indicators and the count of member companies, in one statement; after the
// batch they are in *submitted and *companies.
func QueueSubmittedReports(b *pgx.Batch, year int, submitted, companies *int) {
	b.Queue(`SELECT (SELECT count(*) FROM indicator_reports WHERE year = $1 AND status = 'submitted')::int,
		(SELECT count(*) FROM companies)::int`, year).
		QueryRow(func(row pgx.Row) error { return row.Scan(submitted, companies) })
}
