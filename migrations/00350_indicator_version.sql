-- +goose Up
-- The comparison of the members' indicators (/nokkeltall) is kept rendered while nothing it
-- shows has changed (internal/web/keptpages.go). Its key holds this count, which every change
-- to the indicators, the reports, their values and the plukkanalyser with their shares and
-- fractions adds one to in the same transaction as the change (and reference_version,
-- migration 00017, for the companies and the years with a submitted report).
CREATE TABLE indicator_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO indicator_version (n) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION bump_indicator_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE indicator_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER indicators_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicators
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicator_version();
CREATE TRIGGER indicator_reports_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator_reports
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicator_version();
CREATE TRIGGER indicator_values_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator_values
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicator_version();
CREATE TRIGGER pick_analyses_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pick_analyses
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicator_version();
CREATE TRIGGER pick_analysis_shares_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pick_analysis_shares
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicator_version();
CREATE TRIGGER waste_fractions_indicator_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON waste_fractions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicator_version();

-- +goose Down
DROP TRIGGER waste_fractions_indicator_version ON waste_fractions;
DROP TRIGGER pick_analysis_shares_version ON pick_analysis_shares;
DROP TRIGGER pick_analyses_version ON pick_analyses;
DROP TRIGGER indicator_values_version ON indicator_values;
DROP TRIGGER indicator_reports_version ON indicator_reports;
DROP TRIGGER indicators_version ON indicators;
DROP FUNCTION bump_indicator_version();
DROP TABLE indicator_version;
