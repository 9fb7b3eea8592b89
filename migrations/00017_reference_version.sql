-- +goose Up
-- Reference data (member companies, groups, focus areas and topics, indicators, waste fractions,
-- the years with figures) changes a few times a year but is on most pages. Every change to it
-- adds one to reference_version in the same transaction; the portal keeps these lists in memory
-- and uses them while the count it read at the start of a request is the one they were loaded at.
CREATE TABLE reference_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO reference_version (n) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reference_version SET n = n + 1;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER companies_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON companies
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER users_reference AFTER UPDATE OF name, active ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER groups_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON groups
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER group_members_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON group_members
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER focus_areas_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON focus_areas
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER topics_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON topics
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER indicators_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicators
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER waste_fractions_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON waste_fractions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER indicator_reports_reference AFTER INSERT OR UPDATE OF status, year OR DELETE OR TRUNCATE ON indicator_reports
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();

-- +goose Down
DROP TRIGGER indicator_reports_reference ON indicator_reports;
DROP TRIGGER waste_fractions_reference ON waste_fractions;
DROP TRIGGER indicators_reference ON indicators;
DROP TRIGGER topics_reference ON topics;
DROP TRIGGER focus_areas_reference ON focus_areas;
DROP TRIGGER group_members_reference ON group_members;
DROP TRIGGER groups_reference ON groups;
DROP TRIGGER users_reference ON users;
DROP TRIGGER companies_reference ON companies;
DROP FUNCTION bump_reference_version();
DROP TABLE reference_version;
