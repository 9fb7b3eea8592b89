package indicators

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
)

const reportColumns = `r.id, r.company_id, c.slug AS company_slug, c.name AS company_name, r.year::int AS year,
	r.status, r.demo, r.updated_at, r.submitted_at
	FROM indicator_reports r JOIN companies c ON c.id = r.company_id`

// Report returns the company's report for year with its values and plukkanalyse, for someone
// who may report for the company; to anyone else it does not exist.
func (s *Store) Report(ctx context.Context, actor *auth.User, companyID int64, year int) (Report, error) {
	if !actor.CanAdminCompany(companyID) {
		return Report{}, ErrNotFound
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+reportColumns+` WHERE r.company_id = $1 AND r.year = $2`, companyID, year)
	rep, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Report])
	if errors.Is(err, pgx.ErrNoRows) {
		return rep, ErrNotFound
	}
	if err != nil {
		return rep, err
	}
	rep.Values = map[int64]float64{}
	var pick PickAnalysis
	var hasPick bool
	err = s.pool.QueryRow(ctx, `
		SELECT coalesce((SELECT json_object_agg(indicator_id, value::float8) FROM indicator_values WHERE report_id = $1), '{}'),
		       p.report_id IS NOT NULL, coalesce(p.sampled_on, '2000-01-01'), coalesce(p.sample_kg, 0)::float8,
		       coalesce((SELECT json_object_agg(fraction_id, share::float8) FROM pick_analysis_shares WHERE report_id = $1), '{}')
		FROM (SELECT 1) one LEFT JOIN pick_analyses p ON p.report_id = $1`, rep.ID).
		Scan(&rep.Values, &hasPick, &pick.SampledOn, &pick.SampleKg, &pick.Shares)
	if err != nil {
		return rep, err
	}
	if hasPick {
		rep.Pick = &pick
	}
	return rep, nil
}

// CompanyReports lists the company's reports, latest year first, for someone who may report for it.
func (s *Store) CompanyReports(ctx context.Context, actor *auth.User, companyID int64) ([]Report, error) {
	if !actor.CanAdminCompany(companyID) {
		return nil, ErrNotFound
	}
	rows, _ := s.pool.Query(ctx, `SELECT `+reportColumns+` WHERE r.company_id = $1 ORDER BY r.year DESC`, companyID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Report])
}

// lockDraft returns the id of the company's draft for year inside tx, creating it when there is
// none; a submitted report gives ErrLocked.
func lockDraft(ctx context.Context, tx pgx.Tx, actor *auth.User, companyID int64, year int) (int64, error) {
	if !actor.CanAdminCompany(companyID) {
		return 0, ErrNotFound
	}
	if _, err := tx.Exec(ctx, `INSERT INTO indicator_reports (company_id, year, updated_by) VALUES ($1, $2, $3)
		ON CONFLICT (company_id, year) DO NOTHING`, companyID, year, actor.ID); err != nil {
		return 0, err
	}
	var id int64
	var status string
	if err := tx.QueryRow(ctx, `SELECT id, status FROM indicator_reports WHERE company_id = $1 AND year = $2 FOR UPDATE`,
		companyID, year).Scan(&id, &status); err != nil {
		return 0, err
	}
	if status != StatusDraft {
		return 0, ErrLocked
	}
	_, err := tx.Exec(ctx, `UPDATE indicator_reports SET updated_at = now(), updated_by = $2 WHERE id = $1`, id, actor.ID)
	return id, err
}

// StartReport makes the company's draft for year if there is none (a submitted report stays as it is).
func (s *Store) StartReport(ctx context.Context, actor *auth.User, companyID int64, year int) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := lockDraft(ctx, tx, actor, companyID, year); err != nil && !errors.Is(err, ErrLocked) {
		return err
	}
	return tx.Commit(ctx)
}

// SaveReport replaces the draft's values and plukkanalyse (nil removes it), and submits the
// report when submit is set, in one transaction.
func (s *Store) SaveReport(ctx context.Context, actor *auth.User, companyID int64, year int, values map[int64]float64, pick *PickAnalysis, submit bool) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	id, err := lockDraft(ctx, tx, actor, companyID, year)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM indicator_values WHERE report_id = $1`, id); err != nil {
		return err
	}
	if err := insertValues(ctx, tx, id, values); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM pick_analyses WHERE report_id = $1`, id); err != nil {
		return err
	}
	if pick != nil {
		if _, err := tx.Exec(ctx, `INSERT INTO pick_analyses (report_id, sampled_on, sample_kg) VALUES ($1, $2, $3)`,
			id, pick.SampledOn, pick.SampleKg); err != nil {
			return err
		}
		fractions, shares := make([]int16, 0, len(pick.Shares)), make([]float64, 0, len(pick.Shares))
		for f, v := range pick.Shares {
			fractions, shares = append(fractions, f), append(shares, v)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO pick_analysis_shares (report_id, fraction_id, share)
			SELECT $1, f, v FROM unnest($2::smallint[], $3::numeric[]) AS u(f, v)`, id, fractions, shares); err != nil {
			return err
		}
	}
	// Every value is now as typed by a person: no longer demo figures.
	if _, err := tx.Exec(ctx, `UPDATE indicator_reports SET demo = false WHERE id = $1`, id); err != nil {
		return err
	}
	if submit {
		if _, err := tx.Exec(ctx, `UPDATE indicator_reports SET status = 'submitted', submitted_at = now(), submitted_by = $2 WHERE id = $1`,
			id, actor.ID); err != nil {
			return err
		}
		if err := audit(ctx, tx, actor, &companyID, "indicators.submit", "indicator_report", id, map[string]any{"year": year}); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// Reopen makes a submitted report a draft again, so that its company can correct it. Only
// cluster admins reopen; the report leaves the comparison until it is submitted again.
func (s *Store) Reopen(ctx context.Context, actor *auth.User, companyID int64, year int) error {
	if !actor.IsClusterAdmin() {
		return ErrNotFound
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var id int64
	err = tx.QueryRow(ctx, `UPDATE indicator_reports SET status = 'draft', submitted_at = NULL, submitted_by = NULL,
		updated_at = now(), updated_by = $3 WHERE company_id = $1 AND year = $2 AND status = 'submitted' RETURNING id`,
		companyID, year, actor.ID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := audit(ctx, tx, actor, &companyID, "indicators.reopen", "indicator_report", id, map[string]any{"year": year}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// ImportValues writes imported values into the company's draft for year, replacing the values
// of the same indicators and keeping the others, in one transaction.
func (s *Store) ImportValues(ctx context.Context, actor *auth.User, companyID int64, year int, values map[int64]float64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	id, err := lockDraft(ctx, tx, actor, companyID, year)
	if err != nil {
		return err
	}
	if err := insertValues(ctx, tx, id, values); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func insertValues(ctx context.Context, tx pgx.Tx, reportID int64, values map[int64]float64) error {
	ids, vals := make([]int64, 0, len(values)), make([]float64, 0, len(values))
	for i, v := range values {
		ids, vals = append(ids, i), append(vals, v)
	}
	_, err := tx.Exec(ctx, `INSERT INTO indicator_values (report_id, indicator_id, value)
		SELECT $1, i, v FROM unnest($2::bigint[], $3::numeric[]) AS u(i, v)
		ON CONFLICT (report_id, indicator_id) DO UPDATE SET value = excluded.value`, reportID, ids, vals)
	return err
}
