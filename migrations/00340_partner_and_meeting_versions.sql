-- +goose Up
-- The partner register, the owners' page and the decision register are kept rendered while
-- nothing they show has changed (internal/web/keptpages.go). Their keys hold these counts,
-- which every change to what they show adds one to in the same transaction as the change (and
-- reference_version, migration 00017, for companies, groups and focus areas).
--
-- partner_version: the partner organisations, the projects and their partners and companies,
-- and the owners' and partners' accounts (name, title, municipality, whether active, invited
-- or when last logged in). Members' accounts do not count: a member's login changes nothing here.
CREATE TABLE partner_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO partner_version (n) VALUES (1);

-- meeting_version: meetings, their cases (with the decisions), papers, approvals of the
-- minutes and actions. A member's answer to an invitation (meeting_attendance) does not count.
CREATE TABLE meeting_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO meeting_version (n) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION bump_partner_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE partner_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
CREATE FUNCTION bump_meeting_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE meeting_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER partner_organisations_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partner_organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_version();
CREATE TRIGGER projects_partner_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_version();
CREATE TRIGGER project_partners_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_partners
    FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_version();
CREATE TRIGGER project_companies_partner_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_companies
    FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_version();
CREATE TRIGGER guests_partner_version_ins AFTER INSERT ON users
    FOR EACH ROW WHEN (NEW.kind IN ('owner', 'partner')) EXECUTE FUNCTION bump_partner_version();
CREATE TRIGGER guests_partner_version_upd AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.kind IN ('owner', 'partner') OR NEW.kind IN ('owner', 'partner')) EXECUTE FUNCTION bump_partner_version();
CREATE TRIGGER guests_partner_version_del AFTER DELETE ON users
    FOR EACH ROW WHEN (OLD.kind IN ('owner', 'partner')) EXECUTE FUNCTION bump_partner_version();
CREATE TRIGGER users_partner_version_truncate AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_partner_version();

CREATE TRIGGER meetings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meetings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_meeting_version();
CREATE TRIGGER meeting_cases_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meeting_cases
    FOR EACH STATEMENT EXECUTE FUNCTION bump_meeting_version();
CREATE TRIGGER meeting_case_papers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meeting_case_papers
    FOR EACH STATEMENT EXECUTE FUNCTION bump_meeting_version();
CREATE TRIGGER meeting_approvals_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meeting_approvals
    FOR EACH STATEMENT EXECUTE FUNCTION bump_meeting_version();
CREATE TRIGGER meeting_actions_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meeting_actions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_meeting_version();

-- +goose Down
DROP TRIGGER meeting_actions_version ON meeting_actions;
DROP TRIGGER meeting_approvals_version ON meeting_approvals;
DROP TRIGGER meeting_case_papers_version ON meeting_case_papers;
DROP TRIGGER meeting_cases_version ON meeting_cases;
DROP TRIGGER meetings_version ON meetings;
DROP TRIGGER users_partner_version_truncate ON users;
DROP TRIGGER guests_partner_version_del ON users;
DROP TRIGGER guests_partner_version_upd ON users;
DROP TRIGGER guests_partner_version_ins ON users;
DROP TRIGGER project_companies_partner_version ON project_companies;
DROP TRIGGER project_partners_version ON project_partners;
DROP TRIGGER projects_partner_version ON projects;
DROP TRIGGER partner_organisations_version ON partner_organisations;
DROP FUNCTION bump_meeting_version();
DROP FUNCTION bump_partner_version();
DROP TABLE meeting_version;
DROP TABLE partner_version;
