-- +goose Up
-- The årshjul page is cached rendered, per year, filters and viewer visibility, while nothing
-- it shows has changed: every change to what it shows adds one to plan_version in the same
-- transaction as the change, so the next request on any instance sees it, also after a change
-- made with SQL by hand. Companies, people's names, groups and their members, focus areas and
-- topics are counted by reference_version (migration 00017); activities and events here (of an
-- event only what the wheel shows: its counters change with every registration).
CREATE TABLE plan_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO plan_version (n) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION bump_plan_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE plan_version SET n = n + 1;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER activities_plan_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_version();
CREATE TRIGGER events_plan_version AFTER INSERT OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_version();
CREATE TRIGGER events_plan_version_upd AFTER UPDATE OF title, status, group_id, focus_area_id, topic_id, organiser_company_id, starts_at, ends_at ON events
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_version();

-- +goose Down
DROP TRIGGER events_plan_version_upd ON events;
DROP TRIGGER events_plan_version ON events;
DROP TRIGGER activities_plan_version ON activities;
DROP FUNCTION bump_plan_version();
DROP TABLE plan_version;
