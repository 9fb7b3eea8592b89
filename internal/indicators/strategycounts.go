package indicators

import "context"

// SubmittedReports counts the companies that have submitted their report of year's indicators.
func (s *Store) SubmittedReports(ctx context.Context, year int) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM indicator_reports WHERE year = $1 AND status = 'submitted'`, year).Scan(&n)
	return n, err
}
