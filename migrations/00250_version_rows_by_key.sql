-- +goose Up
-- The versions the page caches are kept by (reference, plan, event, people and news) are one row
-- each, changed by nearly every write: under a load of registrations the table of event_version
-- grew to 67 pages of dead rows for its one live row, which every bump and every read of the
-- version scanned (make bench with auto_explain: a millisecond a bump). Bumps and reads now find
-- the row by its key, so a table's dead rows cost nothing.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reference_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION bump_plan_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE plan_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION bump_event_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE event_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION bump_people_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION bump_news_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE news_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reference_version SET n = n + 1;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION bump_plan_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE plan_version SET n = n + 1;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION bump_event_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE event_version SET n = n + 1;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION bump_people_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_version SET n = n + 1;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION bump_news_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE news_version SET n = n + 1;
    RETURN NULL;
END $$;
-- +goose StatementEnd
